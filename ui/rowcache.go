package ui

import (
	"math"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// The runs view is prepared again whenever any run has news (at most a few
// times a second), but in a sweep most runs are idle between two frames:
// this file keeps what the table drew of each run (its row, its
// sparkline, its name made safe and measured, whether it passes the
// filter) with what it was drawn from, and draws a run again only when
// that changed. A frame then costs about the same with 5 runs as with 200
// (BenchmarkSweepView).

// rowCache is what the runs table keeps of each run between frames, by
// run name. Runs are never dropped from a sweep, so it holds at most one
// entry of each kind per run.
type rowCache struct {
	lines   map[string]rowLine    // each run's drawn row
	sparks  map[string]sparkEntry // each run's sparkline
	names   map[string]nameCell   // each run's name, sanitized and measured
	spark   []Column              // sparkline buffer
	matchOf string                // the filter text matches holds answers for
	matches map[string]bool       // whether each run passes the filter
}

// rowLine is a run's row as last drawn, and what it was drawn from.
type rowLine struct {
	key  rowKey
	text string
}

// rowKey is everything a drawn row shows. Numbers are kept as their bits
// so that a NaN ("–") equals itself; points and lastX stand for the loss
// series (its step column and its sparkline).
type rowKey struct {
	format      decode.Format
	step, conv  detect.Step
	hasConv     bool
	last, best  uint64
	verdict     detect.Verdict
	severity    detect.Severity
	points      int64
	lastX       uint64
	marked, sel bool
	colour      int
	cols        tableCols
	width       int
}

// rowKeyOf returns what row r shows when drawn in columns c of a table w
// cells wide, selected or not.
func rowKeyOf(r runRow, c tableCols, sel bool, w int) rowKey {
	k := rowKey{format: r.format, step: r.step, last: math.Float64bits(r.last),
		best: math.Float64bits(r.best), conv: r.conv, hasConv: r.hasConv, verdict: r.verdict, severity: r.severity,
		marked: r.marked, sel: sel, colour: r.colour, cols: c, width: w}
	if r.loss != nil {
		k.points = r.loss.Len()
		x, _ := lastX(r.loss)
		k.lastX = math.Float64bits(x)
	}
	return k
}

// nameCell is a run's name as the table shows it: control characters
// replaced, and its width in cells.
type nameCell struct {
	text  string
	width int
}

// name returns the run's name made safe to show, and its width, measured
// once per run.
func (c *rowCache) name(name string) nameCell {
	if n, ok := c.names[name]; ok {
		return n
	}
	clean := decode.Sanitize(name)
	n := nameCell{clean, ansi.StringWidth(clean)}
	if c.names == nil {
		c.names = map[string]nameCell{}
	}
	c.names[name] = n
	return n
}

// match reports whether the run passes filter f, asked of f once per run
// and filter text (a regular expression run over 200 names every frame
// would be most of the frame).
func (c *rowCache) match(f *nameFilter, name string) bool {
	if c.matches == nil || c.matchOf != f.text {
		c.matches, c.matchOf = map[string]bool{}, f.text
	}
	ok, seen := c.matches[name]
	if !seen {
		ok = f.Match(name)
		c.matches[name] = ok
	}
	return ok
}

// sparkEntry is a run's sparkline as last drawn, and what it was drawn
// from.
type sparkEntry struct {
	points int64
	last   float64
	w      int
	text   string
}

// sparkOf returns the run's sparkline in w cells, drawn again only when
// the run has new points or the width changed.
func (c *rowCache) sparkOf(r runRow, w int) string {
	var e sparkEntry
	if r.loss != nil {
		e.points = r.loss.Len()
		e.last, _ = lastX(r.loss)
	}
	e.w = w
	if old, ok := c.sparks[r.name]; ok && old.points == e.points && old.last == e.last && old.w == e.w {
		return old.text
	}
	e.text, c.spark = sparkline(r.loss, w, c.spark)
	if c.sparks == nil {
		c.sparks = map[string]sparkEntry{}
	}
	c.sparks[r.name] = e
	return e.text
}

func lastX(s *Series) (float64, bool) {
	p, ok := s.Last()
	return p.X, ok
}

// line returns row r drawn in columns cols of a table w cells wide, drawn
// again by draw only when what it shows changed since the last frame.
func (c *rowCache) line(r runRow, cols tableCols, sel bool, w int, draw func() string) string {
	k := rowKeyOf(r, cols, sel, w)
	if old, ok := c.lines[r.name]; ok && old.key == k {
		return old.text
	}
	text := draw()
	if c.lines == nil {
		c.lines = map[string]rowLine{}
	}
	c.lines[r.name] = rowLine{k, text}
	return text
}

// boxFitted is box for content whose lines are all w-2 cells wide already
// (the runs table's): measuring every row again each frame would cost as
// much as drawing the few that changed.
func boxFitted(title string, content []string, w, h int, border lipgloss.Style) []string {
	if w < 4 || h < 2 || len(content) > h-2 {
		return box(title, content, w, h, border)
	}
	out := box(title, nil, w, h, border)
	side := border.Render("│")
	for i, l := range content {
		out[1+i] = side + l + side
	}
	return out
}

// fitLinesExcept is fitLines for lines of which exact[0]..exact[1] are w
// cells wide already (a box's: box and boxFitted always return lines of
// their width), which it does not measure again.
func fitLinesExcept(lines []string, w, h int, exact [2]int) []string {
	out := make([]string, 0, max(h, 0))
	for i := 0; i < h; i++ {
		switch {
		case i >= len(lines):
			out = append(out, fit("", w))
		case i >= exact[0] && i < exact[1]:
			out = append(out, lines[i])
		default:
			out = append(out, fit(lines[i], w))
		}
	}
	return out
}
