package ui

import (
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor/decode"
)

// nameFilter is the `/` filter of the runs view and the metric grid: a line
// of text typed by the user, matched against names as a case-insensitive
// regular expression (or, while it is not a valid one, as plain text).
type nameFilter struct {
	text    string
	editing bool
	re      *regexp.Regexp
	bad     bool // text is not a valid regular expression
}

// Start begins editing the filter.
func (f *nameFilter) Start() { f.editing = true }

// Active reports whether the filter hides anything or is being typed.
func (f *nameFilter) Active() bool { return f.editing || f.text != "" }

// Update takes a key while editing: runes (several at once from a fast
// typist or a paste) are added, backspace removes one, ctrl+u clears, enter
// keeps the filter and stops editing, esc clears it and stops. It reports
// whether the filter changed what it matches.
func (f *nameFilter) Update(msg tea.KeyMsg) bool {
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		f.set(f.text + decode.Sanitize(string(msg.Runes)))
	case tea.KeyBackspace:
		r := []rune(f.text)
		if len(r) == 0 {
			return false
		}
		f.set(string(r[:len(r)-1]))
	case tea.KeyCtrlU:
		f.set("")
	case tea.KeyEnter:
		f.editing = false
		return false
	case tea.KeyEsc:
		f.editing = false
		f.set("")
	default:
		return false
	}
	return true
}

// Clear drops the filter.
func (f *nameFilter) Clear() {
	f.editing = false
	f.set("")
}

func (f *nameFilter) set(text string) {
	f.text = text
	f.re, f.bad = nil, false
	if text == "" {
		return
	}
	re, err := regexp.Compile("(?i)" + text)
	if err != nil {
		f.bad = true
		return
	}
	f.re = re
}

// Match reports whether name passes the filter.
func (f *nameFilter) Match(name string) bool {
	switch {
	case f.text == "":
		return true
	case f.re != nil:
		return f.re.MatchString(name)
	}
	return strings.Contains(strings.ToLower(name), strings.ToLower(f.text))
}

// View is the filter line: "/text▏" while typing, "filter: text" after.
func (f *nameFilter) View(st *Styles) string {
	if !f.Active() {
		return ""
	}
	note := ""
	if f.bad {
		note = st.Muted.Render("  (not a regular expression: plain text)")
	}
	if f.editing {
		return st.Title.Render("/") + f.text + st.Cursor.Render("▏") + note +
			st.Muted.Render("  enter keeps · esc clears")
	}
	return st.Muted.Render("filter: ") + f.text + note + st.Muted.Render("  (/ edits)")
}
