package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the monitor.
type KeyMap struct {
	Pause, Left, Right, FastLeft, FastRight, Home, End key.Binding
	MarkStart, MarkEnd, Zoom, ZoomIn, ZoomOut, Back    key.Binding
	Metric, Smooth, Val, Log                           key.Binding
	Findings, Remedies, Up, Down, Copy, Export         key.Binding
	Help, Quit                                         key.Binding
}

// DefaultKeyMap returns the default keys.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Pause:     b([]string{" ", "p"}, "p", "pause"),
		Left:      b([]string{"left", "h"}, "←/→", "cursor"),
		Right:     b([]string{"right", "l"}, "→", "cursor right"),
		FastLeft:  b([]string{"shift+left"}, "⇧←/→", "cursor fast"),
		FastRight: b([]string{"shift+right"}, "⇧→", "cursor fast right"),
		Home:      b([]string{"home", "g"}, "home/end", "first/last"),
		End:       b([]string{"end", "G"}, "end", "last"),
		MarkStart: b([]string{"["}, "[ ]", "segment"),
		MarkEnd:   b([]string{"]"}, "]", "segment end"),
		Zoom:      b([]string{"z"}, "z", "zoom"),
		ZoomIn:    b([]string{"+", "="}, "+/-", "zoom at cursor"),
		ZoomOut:   b([]string{"-", "_"}, "-", "zoom out at cursor"),
		Back:      b([]string{"esc"}, "esc", "zoom out"),
		Metric:    b([]string{"tab"}, "tab", "metric"),
		Smooth:    b([]string{"s"}, "s", "smooth"),
		Val:       b([]string{"v"}, "v", "val"),
		Log:       b([]string{"L"}, "L", "log scale"),
		Findings:  b([]string{"f"}, "f", "findings"),
		Remedies:  b([]string{"r"}, "r", "remedies"),
		Up:        b([]string{"up", "k"}, "↑/↓", "select"),
		Down:      b([]string{"down", "j"}, "↓", "select down"),
		Copy:      b([]string{"c"}, "c", "copy"),
		Export:    b([]string{"e"}, "e", "export csv"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
	}
}

// ShortHelp is the help bar: the keys that matter most first, as a narrow
// terminal cuts the end.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.MarkStart, k.Zoom, k.Pause, k.Help, k.Quit, k.Smooth, k.Val, k.Log, k.Findings, k.Copy}
}

// FullHelp is the help overlay, grouped: moving, view, panels, run.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.FastLeft, k.Home, k.MarkStart, k.Zoom, k.ZoomIn, k.Back},
		{k.Smooth, k.Log, k.Metric, k.Val},
		{k.Findings, k.Remedies, k.Up, k.Copy, k.Export},
		{k.Pause, k.Help, k.Quit},
	}
}

// helpGroups names the groups of FullHelp, in order.
var helpGroups = [...]string{"moving", "view", "panels", "run"}

// helpText is the help screen's fuller wording of a key, by its help key;
// the help bar keeps the short one.
func helpText(k string) (string, bool) {
	switch k {
	case "←/→":
		return "move the cursor (h/l): step, raw and smoothed value", true
	case "⇧←/→":
		return "move the cursor 10× faster", true
	case "home/end":
		return "cursor to the first/last point (g/G)", true
	case "[ ]":
		return "mark the start/end of a segment (or drag the mouse)", true
	case "z":
		return "zoom to the segment, with its statistics", true
	case "+/-":
		return "zoom in/out around the cursor", true
	case "esc":
		return "back: leave a panel, zoom out, drop the cursor", true
	case "s":
		return "smoothing: EMA 0.6 → 0.9 → 0.99 → off", true
	case "L":
		return "log scale on/off", true
	case "tab":
		return "next metric", true
	case "v":
		return "validation loss overlay on/off", true
	case "f":
		return "focus the findings (↑/↓ selects one)", true
	case "r":
		return "focus the remedies (↑/↓ selects one)", true
	case "↑/↓":
		return "select in the focused panel (k/j)", true
	case "c":
		return "copy the selected remedy's snippet", true
	case "e":
		return "export the visible points as CSV", true
	case "p":
		return "pause/resume the screen (space); reading goes on", true
	case "?":
		return "this help on/off", true
	case "q":
		return "quit (ctrl+c)", true
	}
	return "", false
}
