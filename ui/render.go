package ui

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
)

// styleKey identifies what a chart style looks like, so that runs of cells
// that look alike are written with one escape sequence instead of one per
// cell: this keeps the bytes sent over a slow link small.
type styleKey struct {
	fg                             lipgloss.TerminalColor
	bold, faint, reverse, underlne bool
}

func keyOf(s lipgloss.Style) styleKey {
	return styleKey{s.GetForeground(), s.GetBold(), s.GetFaint(), s.GetReverse(), s.GetUnderline()}
}

// renderCanvas writes the canvas row by row, one styled run per stretch of
// cells that share a look; empty cells are plain spaces.
func renderCanvas(cv *canvas.Model) string {
	var b strings.Builder
	var run []rune
	w, h := cv.Width(), cv.Height()
	b.Grow(w * h * 2)
	for y := 0; y < h; y++ {
		var cur lipgloss.Style
		var curKey styleKey
		plain := true
		flush := func() {
			if len(run) == 0 {
				return
			}
			if plain {
				b.WriteString(string(run))
			} else {
				b.WriteString(cur.Render(string(run)))
			}
			run = run[:0]
		}
		for x := 0; x < w; x++ {
			c := cv.Cell(canvas.Point{X: x, Y: y})
			r, isPlain := c.Rune, c.Rune == 0
			if isPlain {
				r = ' '
			}
			if isPlain {
				if !plain {
					flush()
					plain = true
				}
			} else if k := keyOf(c.Style); plain || k != curKey {
				flush()
				plain, cur, curKey = false, c.Style, k
			}
			run = append(run, r)
		}
		flush()
		if y < h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
