package screen

import "github.com/charmbracelet/x/ansi"

// Modes are the terminal modes a full-screen program turns on: what Bubble
// Tea v1's standard renderer did at start (alternate screen, hidden cursor,
// bracketed paste, and with tea.WithMouseCellMotion the button-event mouse
// mode in the SGR encoding) and its nil renderer does not.
type Modes struct {
	// Mouse reports presses, releases and drags (not bare motion), in the
	// SGR encoding that has no column limit.
	Mouse bool
}

// Setup returns the sequence that turns the modes on: the alternate screen,
// cleared, the cursor home and hidden, bracketed paste, the mouse if asked.
func (m Modes) Setup() string {
	s := ansi.SetModeAltScreenSaveCursor + ansi.EraseEntireScreen + ansi.CursorHomePosition +
		ansi.HideCursor + ansi.SetModeBracketedPaste
	if m.Mouse {
		s += ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr
	}
	return s
}

// Teardown returns the sequence that turns the modes off again: the mouse
// (any mode Bubble Tea may have set), bracketed paste, the alternate
// screen, which brings the shell's screen and cursor back. The cursor is
// shown on both screens, for terminals that keep one state for each.
func (m Modes) Teardown() string {
	s := ""
	if m.Mouse {
		s = ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr
	}
	return s + ansi.ResetModeBracketedPaste + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor + ansi.ShowCursor
}
