// Package screen draws a full-screen program's frames on a terminal's
// alternate screen, and sets the terminal up for it and back.
//
// Bubble Tea v1's renderer wakes at its frame rate forever to compare the
// screen with the last one drawn, and cannot be told to stop: a monitor
// that sits idle for hours pays for it all the while. Frames draws only
// when it is given a frame, and writes only the lines that changed.
package screen

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Frames writes frames to a terminal: given a view (lines separated by
// "\n"), it writes, in one Write, only the lines that differ from the last
// frame's, and erases the rows the new frame no longer covers. It assumes
// the screen blank when it starts (Setup clears it) and that nothing else
// moves text on it. The zero value is not usable: see NewFrames.
type Frames struct {
	w       io.Writer
	width   int // columns; 0 when unknown: lines are not truncated
	height  int // rows; 0 when unknown: all the lines are drawn
	lines   []string
	view    string // the last view drawn
	repaint bool   // the next frame clears the screen and draws every line
	buf     []byte
}

// NewFrames returns a frame writer on w, a terminal of unknown size.
func NewFrames(w io.Writer) *Frames { return &Frames{w: w} }

// Resize sets the terminal's size; the next frame is drawn whole on a
// cleared screen, since a terminal may reflow or clip what it held.
func (f *Frames) Resize(width, height int) {
	f.width, f.height = max(width, 0), max(height, 0)
	f.repaint = true
}

// Changed says whether view differs from what the terminal shows (or a
// resize asks for the whole frame again): Draw would write something.
func (f *Frames) Changed(view string) bool { return f.repaint || view != f.view }

// Draw writes view as the new frame, in one Write, and nothing when it is
// the frame on screen; after a failed write the next frame is drawn whole.
// Each frame starts by moving the cursor home, so that
// frames can be told apart in a recording of the terminal's output.
func (f *Frames) Draw(view string) error {
	if !f.Changed(view) {
		return nil
	}
	lines := f.fit(view)
	buf := append(f.buf[:0], ansi.CursorHomePosition...)
	old := f.lines
	if f.repaint {
		buf = append(buf, ansi.EraseEntireScreen...)
		old = nil
	}
	for i, l := range lines {
		if i < len(old) && old[i] == l || i >= len(old) && l == "" {
			continue // rows past the last frame are blank
		}
		buf = f.appendLine(buf, i, l, f.repaint)
	}
	if len(old) > len(lines) {
		buf = append(buf, ansi.CursorPosition(1, len(lines)+1)...)
		buf = append(buf, ansi.EraseScreenBelow...)
	}
	f.buf, f.lines, f.view, f.repaint = buf, lines, view, false
	if len(buf) == len(ansi.CursorHomePosition) {
		return nil // the view changed only in rows it does not show
	}
	if _, err := f.w.Write(buf); err != nil {
		f.repaint = true // what reached the screen is unknown
		return err
	}
	return nil
}

// fit splits view into the lines the terminal shows: the last height of
// them, each cut to the width (ANSI-aware: styles stay intact).
func (f *Frames) fit(view string) []string {
	lines := strings.Split(view, "\n")
	if f.height > 0 && len(lines) > f.height {
		lines = lines[len(lines)-f.height:]
	}
	if f.width > 0 {
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, f.width, "")
		}
	}
	return lines
}

// appendLine appends what draws line l on row i (from 0): the cursor moved
// to the row's start, the line, and, unless the screen was just cleared,
// the rest of the row erased. A line as wide as the terminal is not
// followed by an erase: the cursor stays on its last cell, which the
// erase would blank.
func (f *Frames) appendLine(buf []byte, i int, l string, cleared bool) []byte {
	if i > 0 { // row 0: the frame started there, and a clear does not move the cursor
		buf = append(buf, ansi.CursorPosition(1, i+1)...)
	}
	buf = append(buf, l...)
	if !cleared && (f.width == 0 || ansi.StringWidth(l) < f.width) {
		buf = append(buf, ansi.EraseLineRight...)
	}
	return buf
}
