package ui

import (
	"math"
	"unicode"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/charmbracelet/lipgloss"
)

// tf maps a value to the y scale: itself, or its log10 (NaN for v ≤ 0).
func (p *painter) tf(v float64) float64 {
	if !p.in.logY {
		return v
	}
	if v <= 0 {
		return math.NaN()
	}
	return math.Log10(v)
}

// yRange is the envelope of what is visible (yTicks rounds it out).
func (p *painter) yRange() (float64, float64) {
	in := p.in
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(cols []Column) {
		for _, c := range cols {
			if c.N == 0 {
				continue
			}
			if a := p.tf(c.Min); !math.IsNaN(a) {
				lo = math.Min(lo, a)
			}
			if b := p.tf(c.Max); !math.IsNaN(b) {
				hi = math.Max(hi, b)
			}
		}
	}
	widen(in.series.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*p.w, nil))
	if in.val != nil {
		widen(in.val.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*p.w, nil))
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, 1
	}
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-0.5*math.Max(1e-9, math.Abs(lo)), hi+0.5*math.Max(1e-9, math.Abs(hi))
	}
	return lo, hi
}

// rowOf is the braille pixel row of a transformed value, 0 at the bottom.
func (p *painter) rowOf(v float64) int {
	return int(math.Round((v - p.lo) / (p.hi - p.lo) * float64(4*p.gh-1)))
}

// xcol is the graph cell column of step x; it may be out of range.
func (p *painter) xcol(x float64) int {
	if p.in.xb <= p.in.xa {
		return 0
	}
	return int(math.Floor((x - p.in.xa) / (p.in.xb - p.in.xa) * float64(p.gw)))
}

// at is the canvas point of graph cell (x, y).
func (p *painter) at(x, y int) canvas.Point { return canvas.Point{X: p.lw + 1 + x, Y: y} }

// axes draws both axes with their ticks and labels.
func (p *painter) axes(ticks []float64, labels []string) {
	graph.DrawXYAxis(&p.cv, canvas.Point{X: p.lw, Y: p.gh}, p.st.Axis)
	for i, t := range ticks {
		r := p.gh - 1 - p.rowOf(t)/4
		if r < 0 || r >= p.gh {
			continue
		}
		p.cv.SetStringWithStyle(canvas.Point{X: p.lw - len(labels[i]), Y: r}, labels[i], p.st.Label)
		p.cv.SetCell(canvas.Point{X: p.lw, Y: r}, canvas.NewCellWithStyle('┤', p.st.Axis))
	}
	if p.in.axis != nil { // epochs or wall time (xaxis.go)
		p.axisTicks()
		return
	}
	lastEnd := -1
	xt := niceTicks(p.in.xa, p.in.xb, max(1, p.gw/12))
	if len(xt) > 1 && xt[1]-xt[0] < 1 && p.in.xb-p.in.xa >= 2 {
		xt = niceTicks(p.in.xa, p.in.xb, int(p.in.xb-p.in.xa)) // whole steps, not 1.5
	}
	for _, t := range xt {
		c := p.xcol(t)
		if c < 0 || c >= p.gw {
			continue
		}
		p.cv.SetCell(p.at(c, p.gh), canvas.NewCellWithStyle('┬', p.st.Axis))
		s := p.in.origin.label(t)
		if c > lastEnd && p.lw+1+c+len(s) <= p.w {
			p.cv.SetStringWithStyle(p.at(c, p.gh+1), s, p.st.Label)
			lastEnd = c + len(s)
		}
	}
}

// grid returns an empty braille grid over the graph, in pixel coordinates.
func (p *painter) grid() *graph.BrailleGrid {
	return graph.NewBrailleGrid(p.gw, p.gh, 0, float64(2*p.gw-1), 0, float64(4*p.gh-1))
}

// envelope draws the raw points faint: a stroke per braille column from the
// column's min to its max, so that no spike is hidden.
func (p *painter) envelope(cols []Column) {
	g := p.grid()
	for i, c := range cols {
		if c.N == 0 {
			continue
		}
		a, b := p.tf(c.Min), p.tf(c.Max)
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		dy := 1
		if p.st.Plain {
			dy = 2 // dotted: no colour tells the raw points from the lines
		}
		for y := p.rowOf(a); y <= p.rowOf(b); y += dy {
			g.Set(g.GridPoint(canvas.Float64Point{X: float64(i), Y: float64(y)}))
		}
	}
	graph.DrawBraillePatterns(&p.cv, p.at(0, 0), g.BraillePatterns(), p.st.Raw)
}

// smoothed draws the debiased EMA bold, continued from the points before
// the view, and returns its value per column.
func (p *painter) smoothed(cols []Column) []float64 {
	g, sm := p.smoothPath(p.in.series, cols)
	graph.DrawBraillePatterns(&p.cv, p.at(0, 0), g.BraillePatterns(), p.st.Smooth)
	return sm
}

// smoothPath traces s's debiased EMA through cols on a new braille grid,
// warmed up over the points of s left of the view so that the curve does
// not restart at the view's edge, and returns the grid and the EMA's value
// per column. The caller draws the grid in its own colour.
func (p *painter) smoothPath(s *Series, cols []Column) (*graph.BrailleGrid, []float64) {
	e := ema{weight: p.in.weight}
	if p.in.weight > 0 && p.in.xa > s.First() {
		for _, c := range s.Downsample(s.First(), math.Nextafter(p.in.xa, math.Inf(-1)), 256, nil) {
			e.add(c)
		}
	}
	sm := make([]float64, len(cols))
	g := p.grid()
	drawPath(g, false, cols, func(i int, c Column) float64 {
		v, ok := e.add(c)
		if sm[i] = v; !ok {
			return math.NaN()
		}
		if t := p.tf(v); !math.IsNaN(t) {
			return float64(p.rowOf(t))
		}
		return math.NaN()
	})
	return g, sm
}

// overlay draws the validation loss through its column means.
func (p *painter) overlay(cols []Column) {
	g := p.grid()
	drawPath(g, p.st.Plain, cols, func(_ int, c Column) float64 {
		if t := p.tf(c.Mean()); !math.IsNaN(t) {
			return float64(p.rowOf(t))
		}
		return math.NaN()
	})
	graph.DrawBraillePatterns(&p.cv, p.at(0, 0), g.BraillePatterns(), p.st.Val)
}

// span marks the selected finding's steps: the axis under them in the
// span's colour and, when they are a small part of the view (a third at
// most), their empty cells shaded.
func (p *painter) span() {
	a, b := max(0, p.xcol(p.in.span[0])), min(p.gw-1, p.xcol(p.in.span[1]))
	for x := a; x <= b; x++ {
		if p.cv.Cell(p.at(x, p.gh)).Rune == '─' {
			p.cv.SetCell(p.at(x, p.gh), canvas.NewCellWithStyle('━', p.st.Span))
		}
	}
	if b-a > p.gw/3 {
		return
	}
	for x := a; x <= b; x++ {
		for y := 0; y < p.gh; y++ {
			if p.cv.Cell(p.at(x, y)).Rune == runes.Null {
				p.cv.SetCell(p.at(x, y), canvas.NewCellWithStyle('░', p.st.Span))
			} else {
				p.cv.SetCellStyle(p.at(x, y), p.st.Span)
			}
		}
	}
}

// vline draws a vertical line at step x on the empty (or shaded) cells and
// returns its column, or -1 when x is out of view.
func (p *painter) vline(x float64, r rune, s lipgloss.Style) int {
	c := p.xcol(x)
	if c == p.gw && x <= p.in.xb { // the last step of the view: its last column
		c = p.gw - 1
	}
	if c < 0 || c >= p.gw {
		return -1
	}
	for y := 0; y < p.gh; y++ {
		if cr := p.cv.Cell(p.at(c, y)).Rune; cr == runes.Null || cr == '░' {
			p.cv.SetCell(p.at(c, y), canvas.NewCellWithStyle(r, s))
		}
	}
	return c
}

// label writes s beside graph column c, on the first of rows where it
// covers nothing drawn, to the right of c if it fits, else to the left.
func (p *painter) label(c int, rows []int, s string, style lipgloss.Style) {
	if p.labelIfFree(c, rows, s, style) {
		return
	}
	n := len([]rune(s))
	for _, x := range []int{p.lw + 2 + c, p.lw + c - n} {
		if x > p.lw && x+n <= p.w {
			p.cv.SetStringWithStyle(canvas.Point{X: x, Y: rows[0]}, s, style)
			return
		}
	}
}

// labelIfFree writes s beside column c on the first of rows where it
// covers nothing drawn, and reports whether there was such a place: a
// label that can be left out (another metric's readout) never covers one
// that cannot.
func (p *painter) labelIfFree(c int, rows []int, s string, style lipgloss.Style) bool {
	n := len([]rune(s))
	free := func(x, y int) bool {
		for i := x; i < x+n; i++ {
			if r := p.cv.Cell(canvas.Point{X: i, Y: y}).Rune; r != runes.Null && r != '░' {
				return false
			}
		}
		// A cell from other text on either side: two labels flush read
		// as one ("converged @757val_loss 0.066").
		return !isText(p.cv.Cell(canvas.Point{X: x - 1, Y: y}).Rune) && !isText(p.cv.Cell(canvas.Point{X: x + n, Y: y}).Rune)
	}
	xs := []int{p.lw + 2 + c, p.lw + c - n}
	for _, y := range rows {
		for _, x := range xs {
			if x > p.lw && x+n <= p.w && free(x, y) {
				p.cv.SetStringWithStyle(canvas.Point{X: x, Y: y}, s, style)
				return true
			}
		}
	}
	return false
}

// isText reports whether r is part of a label: a letter, digit or
// punctuation, not a curve's braille dots, a line or the axis.
func isText(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsPunct(r)
}

// rows returns the graph rows from the top down (or from the bottom up).
func (p *painter) rows(fromBottom bool) []int {
	r := make([]int, p.gh)
	for i := range r {
		r[i] = i
		if fromBottom {
			r[i] = p.gh - 1 - i
		}
	}
	return r
}

// marks draws the segment marks on the axis, the convergence point with
// its label, and the markers of spikes and non-finite values.
func (p *painter) marks() {
	for i, m := range p.in.marks {
		if c := p.xcol(m); !math.IsNaN(m) && c >= 0 && c < p.gw {
			p.cv.SetCell(p.at(c, p.gh), canvas.NewCellWithStyle([]rune("[]")[i], p.st.Title))
		}
	}
	if x := p.in.convStep; !math.IsNaN(x) {
		if c := p.vline(x, '┊', p.st.Converged); c >= 0 {
			p.label(c, p.rows(true), "converged @"+p.in.origin.label(x), p.st.Converged)
		}
	}
	for _, m := range p.in.markers {
		if c := p.xcol(m.step); c >= 0 && c < p.gw {
			p.cv.SetCell(p.at(c, 0), canvas.NewCellWithStyle(m.r, p.st.Marker))
		}
	}
}

// cursor draws the cursor line with its readout: step, raw and smoothed.
func (p *painter) cursor(fr *chartFrame) {
	c := p.vline(p.in.cursor, '│', p.st.Cursor)
	if c < 0 {
		return
	}
	i := fr.nearest(p.in.cursor)
	unit := p.in.unit
	if unit == "" {
		unit = "step"
	}
	label := p.in.origin.label
	txt := unit + " " + label(math.Round(p.in.cursor)) + ": no point"
	if pt, ok := p.in.series.PointAt(p.in.cursor); ok {
		txt = unit + " " + label(pt.X) + ": raw " + formatNum(pt.Y)
		if p.in.weight > 0 && i >= 0 {
			txt += ", smoothed " + formatNum(fr.smooth[fr.column(pt.X)])
		}
	} else if i >= 0 {
		txt = unit + " " + label(fr.cols[i].X1) + ": raw " + formatNum(fr.cols[i].Last)
		if p.in.weight > 0 {
			txt += ", smoothed " + formatNum(fr.smooth[i])
		}
	}
	if n := len([]rune(txt)); p.lw+2+c+n > p.w && c-n <= 0 { // fits neither side: the short form, "171: 0.19"
		if pt, ok := p.in.series.PointAt(p.in.cursor); ok {
			txt = label(pt.X) + ": " + formatNum(pt.Y)
		}
	}
	p.label(c, p.rows(false), txt, p.st.Cursor)
	p.readOthers(c) // readout.go
}
