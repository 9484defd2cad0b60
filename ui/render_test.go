package ui

import (
	"os"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// renderEachRun is renderCanvas as it was: every run rendered by lipgloss,
// the canvas left as it is.
func renderEachRun(cv *canvas.Model) string {
	var b strings.Builder
	for y := 0; y < cv.Height(); y++ {
		var run []rune
		var cur lipgloss.Style
		plain := true
		flush := func() {
			if len(run) > 0 && plain {
				b.WriteString(string(run))
			} else if len(run) > 0 {
				b.WriteString(cur.Render(string(run)))
			}
			run = run[:0]
		}
		for x := 0; x < cv.Width(); x++ {
			c := cv.Cell(canvas.Point{X: x, Y: y})
			switch {
			case c.Rune == 0 && !plain:
				flush()
				plain = true
			case c.Rune != 0 && (plain || keyOf(c.Style) != keyOf(cur)):
				flush()
				plain, cur = false, c.Style
			}
			r := c.Rune
			if r == 0 {
				r = ' '
			}
			run = append(run, r)
		}
		flush()
		if y < cv.Height()-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// paintSample draws every style of the monitor on cv: runs of braille,
// labels with spaces, single cells, styles side by side.
func paintSample(cv *canvas.Model, st *Styles) {
	styles := []lipgloss.Style{st.Axis, st.Label, st.Raw, st.Smooth, st.Val, st.Span, st.Cursor, st.Converged,
		st.Marker, st.Title, st.Muted, st.Bold, st.Error, st.Label.Underline(true), st.Raw.Strikethrough(true)}
	styles = append(styles, st.Runs...)
	for i, s := range styles {
		y := i % cv.Height()
		x := (i * 7) % (cv.Width() - 12)
		cv.SetStringWithStyle(canvas.Point{X: x, Y: y}, "⠁⠂⠄ 1,000", s)
		cv.SetCell(canvas.Point{X: x + 10, Y: y}, canvas.NewCellWithStyle('░', s))
		cv.SetCell(canvas.Point{X: x + 11, Y: y}, canvas.NewCellWithStyle('!', styles[(i+1)%len(styles)]))
	}
}

func TestRenderCanvasWritesWhatLipglossWouldAndEmptiesTheCanvas(t *testing.T) {
	for _, prof := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		r := lipgloss.NewRenderer(os.Stdout)
		r.SetColorProfile(prof)
		st := NewStyles(r, DefaultPalette())
		cv := canvas.New(60, 12)
		for frame := 0; frame < 2; frame++ { // the second frame draws on the emptied canvas
			emptyCanvas(&cv, 60, 12)
			paintSample(&cv, &st)
			want := renderEachRun(&cv)
			if got := renderCanvas(&cv); got != want {
				t.Fatalf("profile %v, frame %d:\n got %q\nwant %q", prof, frame, got, want)
			}
			if left := renderEachRun(&cv); strings.TrimSpace(strings.ReplaceAll(left, "\n", "")) != "" {
				t.Fatalf("profile %v: the canvas still holds %q", prof, left)
			}
		}
	}
}

// BenchmarkRenderCanvas measures writing out a 200x50 screen's chart canvas.
func BenchmarkRenderCanvas(b *testing.B) {
	m := modelWithPoints(b, 10_000)
	st := m.st
	cv := canvas.New(144, 46)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		emptyCanvas(&cv, 144, 46)
		paintSample(&cv, &st)
		_ = renderCanvas(&cv)
	}
}
