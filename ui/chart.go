package ui

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
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
	unit        string        // what x counts: step (the default) or epoch
	others      []namedSeries // the metrics not charted, read at the cursor (readout.go)
	axis        *axisSamples  // maps steps to the x axis's unit; nil: steps (xaxis.go)
	axisKind    axisKind
	origin      xOrigin // x positions count from it: labels are origin + x
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

// painter draws one chart frame: the scales it chose and the canvas.
type painter struct {
	in     chartInput
	st     *Styles
	cv     canvas.Model
	w      int     // canvas width
	lw     int     // width of the y labels left of the axis
	gw, gh int     // graph width and height in cells
	lo, hi float64 // y range, in the transformed scale
}

// drawChart draws the chart into w×h cells. Its cost depends on w and h,
// not on the number of points. The canvas of the previous frame is reused
// when reuse holds one of the same size (renderCanvas left it empty).
func drawChart(in chartInput, w, h int, st *Styles, reuse *canvas.Model) chartFrame {
	fr := chartFrame{xa: in.xa, xb: in.xb}
	if w < 12 || h < 4 {
		return fr
	}
	p := &painter{in: in, st: st, w: w, gh: h - 2}
	p.lo, p.hi = p.yRange()
	ticks, labels := p.yTicks()
	if w >= 40 {
		p.lw = 4 // "0.35": the graph does not jump sideways as a zoom changes the labels
	}
	for _, l := range labels {
		p.lw = max(p.lw, len(l))
	}
	p.gw = w - p.lw - 1
	fr.graphWidth = p.gw
	if reuse == nil {
		reuse = &canvas.Model{}
	}
	emptyCanvas(reuse, w, h)
	p.cv = *reuse // shares the cells
	p.axes(ticks, labels)
	fr.cols = in.series.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*p.gw, nil)
	p.envelope(fr.cols)
	fr.smooth = p.smoothed(fr.cols)
	if in.val != nil {
		p.overlay(in.val.DownsampleUpTo(in.xa, in.xb, in.dataEnd, 2*p.gw, nil))
	}
	if in.spanOn {
		p.span()
	}
	p.marks()
	if in.cursorOn {
		p.cursor(&fr)
	}
	fr.text = renderCanvas(&p.cv)
	return fr
}

// drawPath joins the values of consecutive columns with braille lines,
// breaking the line where a column has no value; dashed leaves every
// other stretch of three pixel columns out.
func drawPath(g *graph.BrailleGrid, dashed bool, cols []Column, y func(int, Column) float64) {
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
		pts := []canvas.Point{p}
		if have {
			pts = graph.GetLinePoints(prev, p)
		}
		for _, q := range pts {
			if !dashed || (q.X/3)%2 == 0 {
				g.Set(q)
			}
		}
		prev, have = p, true
	}
}
