package ui

import (
	"sort"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every key of the monitor. It is made from keyTable, as are the
// help bar, the help screen and the message filter's list of bound keys.
type KeyMap struct {
	Pause, Left, Right, FastLeft, FastRight, Home, End key.Binding
	MarkStart, MarkEnd, Zoom, ZoomIn, ZoomOut, Back    key.Binding
	Metric, Smooth, Val, Log                           key.Binding
	Findings, Remedies, Up, Down, Copy, Export         key.Binding
	Help, Quit                                         key.Binding
	Filter, Open, MarkRun, Overlay, Grid, XAxis        key.Binding
}

// helpGroup is a titled group of the help screen.
type helpGroup int

const (
	groupNone   helpGroup = iota // on the help screen with its partner ("←/→")
	groupMoving                  // the cursor, segments, zoom
	groupView                    // what the chart shows
	groupPanels                  // findings and remedies
	groupRun                     // pause, help, quit
	groupRuns                    // many runs and many metrics (sweep.go, grid.go)
)

// String is the group's title on the help screen.
func (g helpGroup) String() string {
	return [...]string{"", "moving", "view", "panels", "run", "runs and metrics"}[g]
}

// keyDef is everything about one key, in one place: the binding it fills
// in a KeyMap, the keys, how help shows it, and where.
type keyDef struct {
	binding func(*KeyMap) *key.Binding
	keys    []string
	help    string    // the key as help shows it: "←/→" stands for a pair
	short   string    // the help bar's wording
	long    string    // the help screen's wording
	group   helpGroup // the help screen's group
	bar     int       // place in the help bar, 1 first; 0: not in it
}

// keyTable is the monitor's keys, in the order the help screen lists them.
func keyTable() []keyDef {
	return []keyDef{
		{func(k *KeyMap) *key.Binding { return &k.Left }, []string{"left", "h"}, "←/→", "cursor", "move the cursor to the next point (h/l) and read its step, raw and smoothed value", groupMoving, 1},
		{func(k *KeyMap) *key.Binding { return &k.Right }, []string{"right", "l"}, "→", "cursor right", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.FastLeft }, []string{"shift+left"}, "⇧←/⇧→", "cursor fast", "move the cursor 10 columns at a time", groupMoving, 0},
		{func(k *KeyMap) *key.Binding { return &k.FastRight }, []string{"shift+right"}, "⇧→", "cursor fast right", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.Home }, []string{"home", "g"}, "home/end", "first/last", "cursor to the first/last point (g/G)", groupMoving, 0},
		{func(k *KeyMap) *key.Binding { return &k.End }, []string{"end", "G"}, "end", "last", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.MarkStart }, []string{"["}, "[ ]", "segment", "mark the start/end of a segment (or drag the mouse)", groupMoving, 2},
		{func(k *KeyMap) *key.Binding { return &k.MarkEnd }, []string{"]"}, "]", "segment end", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.Zoom }, []string{"z"}, "z", "zoom", "zoom to the segment, with its statistics", groupMoving, 3},
		{func(k *KeyMap) *key.Binding { return &k.ZoomIn }, []string{"+", "="}, "+/-", "zoom at cursor", "zoom in/out around the cursor (= and _ too)", groupMoving, 0},
		{func(k *KeyMap) *key.Binding { return &k.ZoomOut }, []string{"-", "_"}, "-", "zoom out at cursor", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.Back }, []string{"esc"}, "esc", "zoom out", "back: leave a panel, zoom out, drop the cursor", groupMoving, 0},
		{func(k *KeyMap) *key.Binding { return &k.Smooth }, []string{"s"}, "s", "smooth", "smoothing: EMA 0.6 → 0.9 → 0.99 → off", groupView, 7},
		{func(k *KeyMap) *key.Binding { return &k.Log }, []string{"L"}, "L", "log scale", "log scale on/off", groupView, 9},
		{func(k *KeyMap) *key.Binding { return &k.Metric }, []string{"tab"}, "tab", "metric", "next metric", groupView, 0},
		{func(k *KeyMap) *key.Binding { return &k.Val }, []string{"v"}, "v", "val", "the validation loss (a GAN generator's: its discriminator's) beside the loss on/off", groupView, 8},
		{func(k *KeyMap) *key.Binding { return &k.Findings }, []string{"f"}, "f", "findings", "focus the findings (↑/↓ selects one)", groupPanels, 10},
		{func(k *KeyMap) *key.Binding { return &k.Remedies }, []string{"r"}, "r", "remedies", "focus the remedies (↑/↓ selects one)", groupPanels, 0},
		{func(k *KeyMap) *key.Binding { return &k.Up }, []string{"up", "k"}, "↑/↓", "select", "select in the focused panel (k/j)", groupPanels, 0},
		{func(k *KeyMap) *key.Binding { return &k.Down }, []string{"down", "j"}, "↓", "select down", "", groupNone, 0},
		{func(k *KeyMap) *key.Binding { return &k.Copy }, []string{"c"}, "c", "copy", "copy the selected remedy's snippet", groupPanels, 11},
		{func(k *KeyMap) *key.Binding { return &k.Export }, []string{"e"}, "e", "export csv", "export what the chart shows as CSV (raw, smoothed, validation): a new file each time", groupPanels, 0},
		{func(k *KeyMap) *key.Binding { return &k.Pause }, []string{" ", "p"}, "p", "pause", "pause/resume the screen (space); reading goes on", groupRun, 4},
		{func(k *KeyMap) *key.Binding { return &k.Help }, []string{"?"}, "?", "help", "this help on/off", groupRun, 5},
		{func(k *KeyMap) *key.Binding { return &k.Quit }, []string{"q", "ctrl+c"}, "q", "quit", "quit (ctrl+c)", groupRun, 6},
		{func(k *KeyMap) *key.Binding { return &k.XAxis }, []string{"x"}, "x", "x axis", "x axis: step → epoch → wall time (what the log has)", groupView, 0},
		{func(k *KeyMap) *key.Binding { return &k.Grid }, []string{"m"}, "m", "metrics", "every metric of the run in small charts (enter enlarges one)", groupRuns, 0},
		{func(k *KeyMap) *key.Binding { return &k.Filter }, []string{"/"}, "/", "filter", "filter runs or metrics by name (a regular expression)", groupRuns, 0},
		{func(k *KeyMap) *key.Binding { return &k.Open }, []string{"enter"}, "enter", "open", "open the selected run, or enlarge the selected metric", groupRuns, 0},
		{func(k *KeyMap) *key.Binding { return &k.MarkRun }, []string{" "}, "space", "mark", "runs view: mark the run for the overlay", groupRuns, 0},
		{func(k *KeyMap) *key.Binding { return &k.Overlay }, []string{"o"}, "o", "overlay", "the marked runs on one chart (the ten worst shown when none is marked)", groupRuns, 0},
	}
}

// DefaultKeyMap returns the default keys.
func DefaultKeyMap() KeyMap {
	var k KeyMap
	for _, d := range keyTable() {
		*d.binding(&k) = key.NewBinding(key.WithKeys(d.keys...), key.WithHelp(d.help, d.short))
	}
	return k
}

// ShortHelp is the help bar: the keys that matter most first, as a narrow
// terminal cuts the end.
func (k KeyMap) ShortHelp() []key.Binding {
	var defs []keyDef
	for _, d := range keyTable() {
		if d.bar > 0 {
			defs = append(defs, d)
		}
	}
	sort.Slice(defs, func(a, b int) bool { return defs[a].bar < defs[b].bar })
	out := make([]key.Binding, len(defs))
	for i, d := range defs {
		out[i] = *d.binding(&k)
	}
	return out
}

// FullHelp is the help screen's keys, by group (see helpSections).
func (k KeyMap) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, s := range k.helpSections() {
		var group []key.Binding
		for _, e := range s.entries {
			group = append(group, e.binding)
		}
		out = append(out, group)
	}
	return out
}

// helpEntry is one line of the help screen.
type helpEntry struct {
	binding key.Binding
	long    string
}

// helpSection is one titled group of the help screen.
type helpSection struct {
	title   string
	entries []helpEntry
}

// helpSections groups the keys for the help screen: moving, view, panels,
// run, runs and metrics.
func (k KeyMap) helpSections() []helpSection {
	var out []helpSection
	for g := groupMoving; g <= groupRuns; g++ {
		s := helpSection{title: g.String()}
		for _, d := range keyTable() {
			if d.group == g {
				s.entries = append(s.entries, helpEntry{*d.binding(&k), d.long})
			}
		}
		out = append(out, s)
	}
	return out
}

// bound reports whether a key, or one of the keys of a burst, does
// something.
func (k KeyMap) bound(msg tea.KeyMsg) bool {
	for _, one := range splitBurst(msg) {
		for _, d := range keyTable() {
			if key.Matches(one, *d.binding(&k)) {
				return true
			}
		}
	}
	return false
}

// splitBurst returns the keys of msg one by one. Keys typed faster than the
// terminal is read (over SSH, or tmux send-keys "l l l") reach Bubble Tea
// v1 in one read, and it delivers them as one KeyRunes message with several
// runes: "lll" is three presses of l, not one key named "lll". A bracketed
// paste is text, not keys, and stays whole.
func splitBurst(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return []tea.KeyMsg{msg}
	}
	out := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
		if r == ' ' {
			out[i].Type = tea.KeySpace
		}
	}
	return out
}
