package ui

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"

	"github.com/losswatch/losswatch/detect"
)

// overlayRun is one run of the overlay: its judged metric and how the
// legend names it.
type overlayRun struct {
	name     string
	colour   int
	verdict  detect.Verdict
	severity detect.Severity
	series   *Series
}

// overlayModel is the overlay's chart: the single-run chart's state
// (smoothing, log scale, zoom, cursor, pause) over several runs, and what
// the last frame read at the cursor.
type overlayModel struct {
	chart  chartModel
	values []float64 // per run drawn: the value at the cursor, or the last
	steps  []float64 // the step each value is at
}

func newOverlayModel(weight float64) overlayModel {
	return overlayModel{chart: newChartModel(weight)}
}

// span returns the series that sets the overlay's x range: the run that
// reached the furthest step (the others start where it does in practice:
// at step 0 or 1). The chart's zoom, cursor and pause work on it.
func (o *overlayModel) span(runs []overlayRun) *Series {
	var best *Series
	bestX := math.Inf(-1)
	for _, r := range runs {
		if r.series == nil {
			continue
		}
		if p, ok := r.series.Last(); ok && p.X > bestX {
			best, bestX = r.series, p.X
		}
	}
	return best
}

// draw draws the runs into w×h cells, unless paused (the frame stays as it
// was until the view changes). Its cost is that of the chart's size times
// the number of runs, not of their points.
func (o *overlayModel) draw(runs []overlayRun, unit string, origin xOrigin, w, h int, st *Styles) {
	c := &o.chart
	span := o.span(runs)
	if span == nil || c.paused && !c.stale && len(c.frame.cols) > 0 {
		return
	}
	c.stale = false
	xa, xb := c.xRange(span)
	in := chartInput{series: span, xa: xa, xb: xb, dataEnd: math.Inf(1), convStep: math.NaN(),
		cursor: c.cursor, cursorOn: c.cursorOn, marks: c.marks, weight: c.weight, logY: c.logY, unit: unit, origin: origin}
	if c.paused {
		in.dataEnd = c.pausedLast
	}
	fr := chartFrame{xa: xa, xb: xb}
	if w < 12 || h < 4 {
		c.frame = fr
		return
	}
	p := &painter{in: in, st: st, w: w, gh: h - 2}
	cols := make([][]Column, len(runs))
	for i, r := range runs {
		if r.series != nil {
			cols[i] = r.series.DownsampleUpTo(xa, xb, in.dataEnd, 2*w, nil)
		}
	}
	p.lo, p.hi = overlayYRange(p, cols)
	ticks, labels := p.yTicks()
	for _, l := range labels {
		p.lw = max(p.lw, len(l))
	}
	p.gw = w - p.lw - 1
	fr.graphWidth = p.gw
	emptyCanvas(c.canvas, w, h)
	p.cv = *c.canvas
	p.axes(ticks, labels)
	fr.cols = o.drawLines(p, runs, span)
	p.marks()
	if in.cursorOn {
		if col := p.vline(in.cursor, '│', st.Cursor); col >= 0 {
			p.label(col, p.rows(false), unitWord(unit)+" "+origin.label(math.Round(in.cursor)), st.Cursor)
		}
	}
	fr.text = renderCanvas(&p.cv)
	c.frame = fr
}

// drawLines draws every run's line and its number, keeps each run's value
// and step at the cursor for the legend, and returns the columns of span
// (the run that sets the x range), which the frame keeps for the cursor.
func (o *overlayModel) drawLines(p *painter, runs []overlayRun, span *Series) []Column {
	var spanCols []Column
	o.values, o.steps = o.values[:0], o.steps[:0]
	ends := make([]lineEnd, 0, len(runs))
	for i, r := range runs {
		v, x := math.NaN(), math.NaN()
		if r.series != nil {
			rc := r.series.DownsampleUpTo(p.in.xa, p.in.xb, p.in.dataEnd, 2*p.gw, nil)
			if r.series == span {
				spanCols = rc
			}
			var end lineEnd
			v, x, end = p.overlayLine(r, rc)
			end.label = legendNumber(i)
			ends = append(ends, end)
		}
		o.values, o.steps = append(o.values, v), append(o.steps, x)
	}
	p.numberLines(ends)
	return spanCols
}

// overlayYRange is the envelope of the runs' column means (an overlay
// compares levels; each run's noise would only squash them), rounded out.
func overlayYRange(p *painter, cols [][]Column) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, cs := range cols {
		for _, c := range cs {
			if v := p.tf(c.Mean()); !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, 1
	}
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-0.5*math.Max(1e-9, math.Abs(lo)), hi+0.5*math.Max(1e-9, math.Abs(hi))
	}
	step := niceStep(hi-lo, 8)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step
}

// overlayLine draws one run's smoothed curve (its means when smoothing is
// off) in its colour, braille dots of runs that share a cell merged, and
// returns its value at the cursor (the last value when there is no cursor)
// and the step of that value.
func (p *painter) overlayLine(r overlayRun, cols []Column) (float64, float64, lineEnd) {
	g, sm := p.smoothPath(r.series, cols)
	p.mergeBraille(g, r.colour)
	end := lineEnd{col: -1, colour: r.colour}
	for j := len(sm) - 1; j >= 0; j-- {
		if t := p.tf(sm[j]); cols[j].N > 0 && !math.IsNaN(t) {
			end.col, end.row = j/2, p.gh-1-p.rowOf(t)/4
			break
		}
	}
	fr := chartFrame{cols: cols, xa: p.in.xa, xb: p.in.xb}
	i := -1
	if p.in.cursorOn {
		i = fr.nearest(p.in.cursor)
	} else {
		for j := len(cols) - 1; j >= 0; j-- {
			if cols[j].N > 0 {
				i = j
				break
			}
		}
	}
	if i < 0 {
		return math.NaN(), math.NaN(), end
	}
	return sm[i], cols[i].X1, end
}

// lineEnd is where a run's line ends on the graph, for its number.
type lineEnd struct {
	col, row int
	colour   int
	label    rune
}

// numberLines writes each run's legend number just right of where its
// line ends (or on its last cell at the right edge), so that the lines
// can be told apart without colour (NO_COLOR, a monochrome terminal).
func (p *painter) numberLines(ends []lineEnd) {
	for _, e := range ends {
		if e.col < 0 || e.row < 0 || e.row >= p.gh {
			continue
		}
		c := min(e.col+1, p.gw-1)
		p.cv.SetCell(p.at(c, e.row), canvas.NewCellWithStyle(e.label, p.st.runColour(e.colour).Bold(true)))
	}
}

// legendNumber is the mark of the i-th run of the legend: 1 to 9, then a
// letter.
func legendNumber(i int) rune {
	if i < 9 {
		return rune('1' + i)
	}
	return rune('a' + (i-9)%26)
}

// mergeBraille draws a grid's dots in run colour i, adding them to the dots
// already in a cell (another run's) rather than replacing them: where two
// runs cross, both stay visible (the cell takes the later run's colour).
func (p *painter) mergeBraille(g *graph.BrailleGrid, i int) {
	style := p.st.runColour(i)
	for y, row := range g.BraillePatterns() {
		for x, r := range row {
			if r == 0 || r == brailleBlank {
				continue
			}
			at := p.at(x, y)
			if old := p.cv.Cell(at).Rune; old > brailleBlank && old <= brailleBlank+0xff {
				r |= old
			}
			p.cv.SetCell(at, canvas.NewCellWithStyle(r, style))
		}
	}
}

// brailleBlank is the braille pattern without dots (U+2800).
const brailleBlank = '\u2800'

// unitWord is what x counts, step by default.
func unitWord(unit string) string {
	if unit == "" {
		return "step"
	}
	return unit
}
