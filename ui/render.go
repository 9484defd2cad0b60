package ui

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
)

// styleKey identifies what a chart style looks like, so that runs of cells
// that look alike are written with one escape sequence instead of one per
// cell: this keeps the bytes sent over a slow link small.
// Every attribute that shows is in it, so that styles alike in key render
// alike (renderCanvas writes a key's runs with the sequences of the first
// style it met with that key).
type styleKey struct {
	fg, bg                                 lipgloss.TerminalColor
	bold, faint, reverse, underlne, italic bool
	strike, blink                          bool
}

func keyOf(s lipgloss.Style) styleKey {
	return styleKey{s.GetForeground(), s.GetBackground(), s.GetBold(), s.GetFaint(), s.GetReverse(), s.GetUnderline(),
		s.GetItalic(), s.GetStrikethrough(), s.GetBlink()}
}

// styleCodes are the sequences a style writes before and after a run of
// cells. lipgloss works them out again on every Render; a chart has a
// handful of styles and hundreds of runs, so renderCanvas finds them once
// per style and frame. whole is false for a style that Render does not
// simply wrap around the text (underlined: each rune on its own), which is
// then rendered run by run.
type styleCodes struct {
	before, after string
	whole         bool
}

// codesOf returns the sequences that s.Render puts around a run.
func codesOf(s lipgloss.Style) styleCodes {
	if s.GetUnderline() || s.GetStrikethrough() {
		return styleCodes{}
	}
	const probe = "⠿"
	r := s.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 || strings.Contains(r[i+len(probe):], probe) {
		return styleCodes{}
	}
	return styleCodes{before: r[:i], after: r[i+len(probe):], whole: true}
}

// canvasWriter writes a canvas's rows out, one styled run per stretch of
// cells that share a look.
type canvasWriter struct {
	b     strings.Builder
	run   []rune
	codes map[styleKey]styleCodes
	cur   lipgloss.Style
	key   styleKey
	plain bool
}

// flush writes the pending run.
func (w *canvasWriter) flush() {
	if len(w.run) == 0 {
		return
	}
	switch c, ok := w.codes[w.key]; {
	case w.plain:
		w.b.WriteString(string(w.run))
	case !ok:
		c = codesOf(w.cur)
		w.codes[w.key] = c
		w.write(c)
	default:
		w.write(c)
	}
	w.run = w.run[:0]
}

func (w *canvasWriter) write(c styleCodes) {
	if !c.whole {
		w.b.WriteString(w.cur.Render(string(w.run)))
		return
	}
	w.b.WriteString(c.before)
	for _, r := range w.run {
		w.b.WriteRune(r)
	}
	w.b.WriteString(c.after)
}

// renderCanvas writes the canvas row by row, one styled run per stretch of
// cells that share a look; empty cells are plain spaces. It leaves the
// canvas empty: the next frame draws on it without filling it first (a
// 200x50 chart is 3.6 MB of cells, 560 bytes each, and filling them every
// frame cost as much as reading them). A cell with no rune and a style
// counts as empty, as everything that draws on a canvas sees it.
func renderCanvas(cv *canvas.Model) string {
	w, h := cv.Width(), cv.Height()
	cw := canvasWriter{codes: map[styleKey]styleCodes{}}
	cw.b.Grow(w * h * 2)
	for y := 0; y < h; y++ {
		cw.plain = true
		for x := 0; x < w; x++ {
			p := canvas.Point{X: x, Y: y}
			c := cv.Cell(p)
			if c.Rune == 0 {
				if !cw.plain {
					cw.flush()
					cw.plain = true
				}
				cw.run = append(cw.run, ' ')
				continue
			}
			cv.SetCell(p, canvas.Cell{})
			if k := keyOf(c.Style); cw.plain || k != cw.key {
				cw.flush()
				cw.plain, cw.cur, cw.key = false, c.Style, k
			}
			cw.run = append(cw.run, c.Rune)
		}
		cw.flush()
		if y < h-1 {
			cw.b.WriteByte('\n')
		}
	}
	return cw.b.String()
}

// emptyCanvas makes reuse an empty w×h canvas: one of that size is empty
// already, since renderCanvas emptied it.
func emptyCanvas(reuse *canvas.Model, w, h int) {
	if reuse.Width() != w || reuse.Height() != h {
		*reuse = canvas.New(w, h)
	}
}
