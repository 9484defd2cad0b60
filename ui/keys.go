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
