package ui

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/charmbracelet/lipgloss"
)

// smoothWeights are the EMA weights `s` cycles through, then off.
var smoothWeights = [...]float64{0.6, 0.9, 0.99}

// marker is a step to flag on the chart: a non-finite value or a spike.
type marker struct {
	step float64
	r    rune
}

// chartInput is what one drawing of the chart shows.
type chartInput struct {
	series, val *Series
	xa, xb      float64 // step range
	dataEnd     float64 // points after this step are not drawn (paused)
	convStep    float64 // NaN when not converged
	span        [2]float64
	spanOn      bool
	markers     []marker
	cursor      float64
	cursorOn    bool
	marks       [2]float64 // segment marks, NaN when unset
	weight      float64
	logY        bool
}

// chartFrame is a drawn chart and what the cursor readout needs.
type chartFrame struct {
	text       string
	cols       []Column
	smooth     []float64
	xa, xb     float64
	graphWidth int
}

// column returns the index of the braille column of step x.
func (f *chartFrame) column(x float64) int {
	n := len(f.cols)
	if n == 0 || f.xb <= f.xa {
		return 0
	}
	c := int((x - f.xa) / (f.xb - f.xa) * float64(n))
	return max(0, min(n-1, c))
}

// nearest returns the index of the column with points nearest to step x
// (coarse buckets sit at their first step, so the one holding x may be a
// column or two to the left), or -1.
func (f *chartFrame) nearest(x float64) int {
	i := f.column(x)
	for d := 0; d <= 4; d++ {
		for _, j := range []int{i - d, i + d} {
			if j >= 0 && j < len(f.cols) && f.cols[j].N > 0 {
				return j
			}
		}
	}
	return -1
}

// drawChart draws the chart into w×h cells. Its cost depends on w and h,
// not on the number of points.
// A canvas from the previous frame is reused when cv is not nil.
func drawChart(in chartInput, w, h int, st *Styles, reuse *canvas.Model) chartFrame {
	fr := chartFrame{xa: in.xa, xb: in.xb}
	if w < 12 || h < 4 {
		return fr
	}
	gh := h - 2
	tf := func(v float64) float64 { return v }
	if in.logY {
		tf = func(v float64) float64 {
			if v <= 0 {
				return math.NaN()
			}
			return math.Log10(v)
		}
	}
	// First pass at a provisional width to find the y range; the label
	// gutter width depends on it.
	lo, hi := math.Inf(1), math.Inf(-1)
	probe := in.series.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*w, nil)
	widen := func(cols []Column) {
		for _, c := range cols {
			if c.N > 0 {
				a, b := tf(c.Min), tf(c.Max)
				if !math.IsNaN(a) {
					lo = math.Min(lo, a)
				}
				if !math.IsNaN(b) {
					hi = math.Max(hi, b)
				}
			}
		}
	}
	widen(probe)
	if in.val != nil {
		widen(in.val.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*w, nil))
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-0.5*math.Max(1e-9, math.Abs(lo)), hi+0.5*math.Max(1e-9, math.Abs(hi))
	}
	step := niceStep(hi-lo, 8)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	ticks := niceTicks(lo, hi, max(2, gh/3))
	tstep := 1.0
	if len(ticks) > 1 {
		tstep = ticks[1] - ticks[0]
	}
	labels := make([]string, len(ticks))
	lw := 1
	for i, t := range ticks {
		v := t
		if in.logY {
			v = math.Pow(10, t)
		}
		labels[i] = tickLabel(v, tstep)
		if in.logY {
			labels[i] = formatNum(v)
		}
		lw = max(lw, len(labels[i]))
	}
	gw := w - lw - 1
	fr.graphWidth = gw
	var cv canvas.Model
	if reuse != nil && reuse.Width() == w && reuse.Height() == h {
		reuse.Fill(canvas.Cell{})
	} else {
		if reuse == nil {
			reuse = &cv
		}
		*reuse = canvas.New(w, h)
	}
	cv = *reuse
	origin := canvas.Point{X: lw, Y: gh}
	graph.DrawXYAxis(&cv, origin, st.Axis)

	px := 2 * gw
	py := 4 * gh
	rowOf := func(v float64) int { // braille pixel row, Cartesian, 0 at bottom
		return int(math.Round((v - lo) / (hi - lo) * float64(py-1)))
	}
	cellRow := func(v float64) int { return gh - 1 - rowOf(v)/4 }
	for i, t := range ticks {
		r := cellRow(t)
		if r < 0 || r >= gh {
			continue
		}
		cv.SetStringWithStyle(canvas.Point{X: lw - len(labels[i]), Y: r}, labels[i], st.Label)
		cv.SetCell(canvas.Point{X: lw, Y: r}, canvas.NewCellWithStyle('┤', st.Axis))
	}
	xcol := func(x float64) int { // cell column in the graph, may be out of range
		if in.xb <= in.xa {
			return 0
		}
		return int(math.Floor((x - in.xa) / (in.xb - in.xa) * float64(gw)))
	}
	lastEnd := -1
	for _, t := range niceTicks(in.xa, in.xb, max(1, gw/12)) {
		c := xcol(t)
		if c < 0 || c >= gw {
			continue
		}
		cv.SetCell(canvas.Point{X: lw + 1 + c, Y: gh}, canvas.NewCellWithStyle('┬', st.Axis))
		s := formatStep(t)
		if c > lastEnd && lw+1+c+len(s) <= w {
			cv.SetStringWithStyle(canvas.Point{X: lw + 1 + c, Y: gh + 1}, s, st.Label)
			lastEnd = c + len(s)
		}
	}

	cols := in.series.DownsampleUpTo(in.xa, in.xb, in.dataEnd, px, probe)
	fr.cols = cols
	// Raw envelope: a vertical stroke per braille column from min to max.
	raw := graph.NewBrailleGrid(gw, gh, 0, float64(px-1), 0, float64(py-1))
	for i, c := range cols {
		if c.N == 0 {
			continue
		}
		a, b := tf(c.Min), tf(c.Max)
		if math.IsNaN(a) || math.IsNaN(b) {
			continue
		}
		for y := rowOf(a); y <= rowOf(b); y++ {
			raw.Set(raw.GridPoint(canvas.Float64Point{X: float64(i), Y: float64(y)}))
		}
	}
	origin1 := canvas.Point{X: lw + 1, Y: 0}
	graph.DrawBraillePatterns(&cv, origin1, raw.BraillePatterns(), st.Raw)

	// Smoothed line, continued from the points before the view.
	e := ema{weight: in.weight}
	if in.weight > 0 && in.xa > in.series.First() {
		for _, c := range in.series.Downsample(in.series.First(), math.Nextafter(in.xa, math.Inf(-1)), 256, nil) {
			e.add(c)
		}
	}
	fr.smooth = make([]float64, len(cols))
	line := graph.NewBrailleGrid(gw, gh, 0, float64(px-1), 0, float64(py-1))
	drawPath(line, cols, func(i int, c Column) float64 {
		v, ok := e.add(c)
		if !ok {
			fr.smooth[i] = math.NaN()
			return math.NaN()
		}
		fr.smooth[i] = v
		if t := tf(v); !math.IsNaN(t) {
			return float64(rowOf(t))
		}
		return math.NaN()
	})
	graph.DrawBraillePatterns(&cv, origin1, line.BraillePatterns(), st.Smooth)

	if in.val != nil {
		vcols := in.val.DownsampleUpTo(in.xa, in.xb, in.dataEnd, px, nil)
		vg := graph.NewBrailleGrid(gw, gh, 0, float64(px-1), 0, float64(py-1))
		drawPath(vg, vcols, func(_ int, c Column) float64 {
			if t := tf(c.Mean()); !math.IsNaN(t) {
				return float64(rowOf(t))
			}
			return math.NaN()
		})
		graph.DrawBraillePatterns(&cv, origin1, vg.BraillePatterns(), st.Val)
	}

	// The selected finding's span: the axis under it is drawn in the span's
	// colour, and when it is a part of the view (not most of it) its empty
	// cells are shaded too.
	if in.spanOn {
		a, b := max(0, xcol(in.span[0])), min(gw-1, xcol(in.span[1]))
		for x := a; x <= b; x++ {
			p := canvas.Point{X: lw + 1 + x, Y: gh}
			if cv.Cell(p).Rune == '─' {
				cv.SetCell(p, canvas.NewCellWithStyle('━', st.Span))
			}
		}
		if b-a > gw*3/5 {
			b = a - 1
		}
		for x := a; x <= b; x++ {
			for y := 0; y < gh; y++ {
				p := canvas.Point{X: lw + 1 + x, Y: y}
				if cv.Cell(p).Rune == runes.Null {
					cv.SetCell(p, canvas.NewCellWithStyle('░', st.Span))
				} else {
					cv.SetCellStyle(p, st.Span)
				}
			}
		}
	}
	vline := func(x float64, r rune, s lipgloss.Style) int {
		c := xcol(x)
		if c < 0 || c >= gw {
			return -1
		}
		for y := 0; y < gh; y++ {
			p := canvas.Point{X: lw + 1 + c, Y: y}
			if cv.Cell(p).Rune == runes.Null || cv.Cell(p).Rune == '░' {
				cv.SetCell(p, canvas.NewCellWithStyle(r, s))
			}
		}
		return c
	}
	// label writes s beside graph column c, on the first row of rows where
	// it covers nothing drawn, to the right of c if it fits, else to the left.
	label := func(c int, rows []int, s string, style lipgloss.Style) {
		n := len([]rune(s))
		free := func(x, y int) bool {
			for i := x; i < x+n; i++ {
				if r := cv.Cell(canvas.Point{X: i, Y: y}).Rune; r != runes.Null && r != '░' {
					return false
				}
			}
			return true
		}
		xs := []int{lw + 2 + c, lw + c - n}
		for _, y := range rows {
			for _, x := range xs {
				if x > lw && x+n <= w && free(x, y) {
					cv.SetStringWithStyle(canvas.Point{X: x, Y: y}, s, style)
					return
				}
			}
		}
		for _, x := range xs {
			if x > lw && x+n <= w {
				cv.SetStringWithStyle(canvas.Point{X: x, Y: rows[0]}, s, style)
				return
			}
		}
	}
	top, bottom := make([]int, gh), make([]int, gh)
	for i := range top {
		top[i], bottom[i] = i, gh-1-i
	}
	for i, m := range in.marks {
		if c := xcol(m); !math.IsNaN(m) && c >= 0 && c < gw {
			cv.SetCell(canvas.Point{X: lw + 1 + c, Y: gh}, canvas.NewCellWithStyle([]rune("[]")[i], st.Title))
		}
	}
	if !math.IsNaN(in.convStep) {
		if c := vline(in.convStep, '┊', st.Converged); c >= 0 {
			label(c, bottom, "converged @"+formatStep(in.convStep), st.Converged)
		}
	}
	for _, m := range in.markers {
		if c := xcol(m.step); c >= 0 && c < gw {
			cv.SetCell(canvas.Point{X: lw + 1 + c, Y: 0}, canvas.NewCellWithStyle(m.r, st.Marker))
		}
	}
	if in.cursorOn {
		if c := vline(in.cursor, '│', st.Cursor); c >= 0 {
			fr.cols = cols
			i := fr.nearest(in.cursor)
			txt := formatStep(math.Round(in.cursor)) + ": no point"
			if i >= 0 {
				txt = formatStep(cols[i].X1) + ": raw " + formatNum(cols[i].Last)
			}
			if i >= 0 && in.weight > 0 {
				txt += " ema " + formatNum(fr.smooth[i])
			}
			label(c, top, txt, st.Cursor)
		}
	}
	fr.text = renderCanvas(&cv)
	return fr
}

// drawPath joins the values of consecutive columns with braille lines,
// breaking the line where a column has no value.
func drawPath(g *graph.BrailleGrid, cols []Column, y func(int, Column) float64) {
	prev, have := canvas.Point{}, false
	for i, c := range cols {
		v := y(i, c)
		if math.IsNaN(v) {
			if c.Count > 0 {
				have = false
			}
			continue
		}
		p := g.GridPoint(canvas.Float64Point{X: float64(i), Y: v})
		if !have {
			g.Set(p)
		} else {
			for _, q := range graph.GetLinePoints(prev, p) {
				g.Set(q)
			}
		}
		prev, have = p, true
	}
}
