package ui

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// chartModel is the chart sub-model: what the user chose to see (smoothing,
// scale, overlay, zoom, cursor, segment marks), the pause freeze, and the
// last frame drawn.
type chartModel struct {
	weight   float64 // EMA weight, 0 for off
	logY     bool
	showVal  bool
	zoom     *[2]float64
	cursor   float64
	cursorOn bool
	marks    [2]float64 // segment start and end, NaN when unset
	dragging bool

	paused     bool
	pauseRange [2]float64 // the range shown when paused
	pausedLast float64    // last step when paused: later points are not drawn

	frame  chartFrame
	stale  bool          // draw again even though paused
	canvas *canvas.Model // reused from frame to frame
	left   int           // screen column of the graph's first column
	top    int           // screen row of the chart box
	height int           // rows of the chart box
}

func newChartModel(weight float64) chartModel {
	return chartModel{weight: weight, showVal: true, marks: [2]float64{math.NaN(), math.NaN()}, canvas: &canvas.Model{}}
}

// chartData is what the chart draws: the series and what the detector says.
type chartData struct {
	series, val *Series
	convStep    float64
	span        [2]float64
	spanOn      bool
	markers     []marker
	unit        string // what x counts: step or epoch
	others      []namedSeries
	axis        *axisSamples
	axisKind    axisKind
	origin      xOrigin // x positions count from it
}

// View returns the chart as last drawn.
func (c chartModel) View() string { return c.frame.text }

// liveRange is the whole run with the right end rounded up, so that the
// axis changes rarely while following.
func liveRange(s *Series) (float64, float64) {
	last, _ := s.Last()
	first := s.First()
	span := last.X - first
	if span <= 0 {
		return first, first + 1
	}
	return first, math.Max(niceCeil(last.X, span), last.X)
}

// fullRange is the range shown when not zoomed: live, or frozen by pause.
func (c *chartModel) fullRange(s *Series) (float64, float64) {
	if c.paused && c.pauseRange[1] > c.pauseRange[0] {
		return c.pauseRange[0], c.pauseRange[1]
	}
	return liveRange(s)
}

// xRange is the step range to draw.
func (c *chartModel) xRange(s *Series) (float64, float64) {
	if c.zoom != nil {
		return c.zoom[0], c.zoom[1]
	}
	return c.fullRange(s)
}

// visibleRange is the step range drawn last (or that would be drawn).
func (c *chartModel) visibleRange(s *Series) (float64, float64) {
	if c.frame.xb > c.frame.xa {
		return c.frame.xa, c.frame.xb
	}
	return c.xRange(s)
}

// lastStep is the last step drawn: the last point, or while paused the last
// point at the time of the pause.
func (c *chartModel) lastStep(s *Series) float64 {
	last, _ := s.Last()
	if c.paused {
		return math.Min(last.X, c.pausedLast)
	}
	return last.X
}

// draw draws the chart of d into w×h cells, unless paused (the frame stays
// frozen until the user changes the view).
func (c *chartModel) draw(d chartData, w, h int, st *Styles) {
	if c.paused && !c.stale && len(c.frame.cols) > 0 {
		return
	}
	c.stale = false
	xa, xb := c.xRange(d.series)
	in := chartInput{
		series: d.series, xa: xa, xb: xb, dataEnd: math.Inf(1), convStep: d.convStep,
		span: d.span, spanOn: d.spanOn, markers: d.markers,
		cursor: c.cursor, cursorOn: c.cursorOn, marks: c.marks,
		weight: c.weight, logY: c.logY, unit: d.unit, others: d.others,
		axis: d.axis, axisKind: d.axisKind, origin: d.origin,
	}
	if c.paused {
		in.dataEnd = c.pausedLast
	}
	if c.showVal {
		in.val = d.val
	}
	c.frame = drawChart(in, w, h, st, c.canvas)
}

// setPaused freezes the chart at what it shows, or goes back to live.
func (c *chartModel) setPaused(on bool, s *Series) {
	c.paused, c.stale = on, true
	if on {
		c.pauseRange = [2]float64{c.frame.xa, c.frame.xb}
		c.pausedLast = math.Inf(1)
		if s != nil {
			last, _ := s.Last()
			c.pausedLast = last.X
		}
		return
	}
	c.zoom, c.pauseRange = nil, [2]float64{}
}

// Update handles the chart's keys and mouse. s is the charted series (nil
// before the first point). It reports whether the chart changed.
func (c chartModel) Update(msg tea.Msg, k KeyMap, s *Series) (chartModel, bool) {
	changed := false
	switch msg := msg.(type) {
	case tea.KeyMsg:
		changed = c.updateKey(msg, k, s)
	case tea.MouseMsg:
		changed = s != nil && c.updateMouse(msg, s)
	}
	if changed {
		c.stale = true
	}
	return c, changed
}

// updateKey handles a key; it reports whether the chart changed.
func (c *chartModel) updateKey(msg tea.KeyMsg, k KeyMap, s *Series) bool {
	switch {
	case key.Matches(msg, k.Smooth):
		c.weight = nextWeight(c.weight)
	case key.Matches(msg, k.Val):
		c.showVal = !c.showVal
	case key.Matches(msg, k.Log):
		c.logY = !c.logY
	case s == nil:
		return false
	case key.Matches(msg, k.Left), key.Matches(msg, k.FastLeft):
		c.moveCursor(s, -1-9*b2f(key.Matches(msg, k.FastLeft)))
	case key.Matches(msg, k.Right), key.Matches(msg, k.FastRight):
		c.moveCursor(s, 1+9*b2f(key.Matches(msg, k.FastRight)))
	case key.Matches(msg, k.Home), key.Matches(msg, k.End):
		xa, xb := c.visibleRange(s)
		lo, hi := c.pointRange(s, xa, xb)
		c.cursorOn, c.cursor = true, lo
		if key.Matches(msg, k.End) {
			c.cursor = hi
		}
	case key.Matches(msg, k.MarkStart), key.Matches(msg, k.MarkEnd):
		if !c.cursorOn {
			c.moveCursor(s, 0)
		}
		c.marks[int(b2f(key.Matches(msg, k.MarkEnd)))] = c.cursor
	case key.Matches(msg, k.ZoomIn):
		c.zoomAround(s, 0.5)
	case key.Matches(msg, k.ZoomOut):
		c.zoomAround(s, 2)
	default:
		return false
	}
	return true
}

// updateMouse marks a segment by dragging and zooms with the wheel; it
// reports whether the chart changed.
func (c *chartModel) updateMouse(msg tea.MouseMsg, s *Series) bool {
	x, ok := c.stepAt(msg.X, msg.Y)
	switch {
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && ok:
		c.dragging = true
		c.marks = [2]float64{x, math.NaN()}
		c.cursor, c.cursorOn = x, true
	case msg.Action == tea.MouseActionMotion && c.dragging && ok:
		c.marks[1], c.cursor = x, x
	case msg.Action == tea.MouseActionPress && ok && (msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown):
		f := 0.5
		if msg.Button == tea.MouseButtonWheelDown {
			f = 2
		}
		c.zoomAt(s, x, f)
	case msg.Action == tea.MouseActionRelease && c.dragging:
		c.dragging = false
		if ok {
			c.marks[1] = x
		}
	default:
		return false
	}
	return true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// moveCursor moves the cursor by d chart columns, and on to the next
// point that way: where points are sparser than columns one press moves
// one point, where they are denser it moves a column. The cursor stays on
// a point, so that what it reads, what [ and ] mark and what z zooms to are
// the same step. It appears at the last point the first time.
func (c *chartModel) moveCursor(s *Series, d float64) {
	xa, xb := c.visibleRange(s)
	lo, hi := c.pointRange(s, xa, xb)
	if !c.cursorOn {
		c.cursorOn, c.cursor = true, hi
		return
	}
	w := float64(max(c.frame.graphWidth, 1))
	target := c.cursor + d*(xb-xa)/w
	switch {
	case d > 0:
		target = math.Max(target, math.Nextafter(c.cursor, math.Inf(1)))
	case d < 0:
		target = math.Min(target, math.Nextafter(c.cursor, math.Inf(-1)))
	}
	if x, ok := s.Snap(target, d > 0); ok {
		target = x
	}
	c.cursor = math.Min(math.Max(target, lo), hi)
}

// pointRange returns the first and last points in view: the steps Home and
// End put the cursor on.
func (c *chartModel) pointRange(s *Series, xa, xb float64) (float64, float64) {
	hi := math.Min(xb, c.lastStep(s))
	if x, ok := s.Snap(hi, false); ok {
		hi = x
	}
	lo := math.Max(xa, s.First())
	if x, ok := s.Snap(lo, true); ok && x <= hi {
		lo = x
	}
	return math.Min(lo, hi), hi
}

// zoomToMarks zooms to the marked segment; false when there is none.
func (c *chartModel) zoomToMarks() (float64, float64, bool) {
	a, b := c.marks[0], c.marks[1]
	if math.IsNaN(a) || math.IsNaN(b) || a == b {
		return 0, 0, false
	}
	if a > b {
		a, b = b, a
	}
	c.zoom, c.stale = &[2]float64{a, b}, true
	return a, b, true
}

// zoomAround scales the visible range by f around the cursor (or centre).
func (c *chartModel) zoomAround(s *Series, f float64) {
	xa, xb := c.visibleRange(s)
	mid := (xa + xb) / 2
	if c.cursorOn {
		mid = c.cursor
	}
	c.zoomAt(s, mid, f)
}

// zoomAt scales the visible range by f keeping step mid where it is.
func (c *chartModel) zoomAt(s *Series, mid, f float64) {
	xa, xb := c.visibleRange(s)
	fa, fb := c.fullRange(s)
	w := (xb - xa) * f
	if w >= fb-fa {
		c.zoom = nil
		return
	}
	w = math.Max(w, 2)
	a := math.Max(mid-(mid-xa)*f, fa)
	if a+w > fb {
		a = fb - w
	}
	c.zoom = &[2]float64{a, a + w}
}

// reset forgets the zoom, the cursor and the marks (a new metric).
func (c *chartModel) reset() {
	c.zoom, c.cursorOn, c.stale = nil, false, true
	c.marks = [2]float64{math.NaN(), math.NaN()}
}

// stepAt maps a screen cell to a step on the chart.
func (c *chartModel) stepAt(x, y int) (float64, bool) {
	gw := c.frame.graphWidth
	if gw <= 0 || y <= c.top || y >= c.top+c.height-3 || x < c.left || x >= c.left+gw {
		return 0, false
	}
	return c.frame.xa + float64(x-c.left)/float64(gw)*(c.frame.xb-c.frame.xa), true
}

// nextWeight is the smoothing after w in the cycle 0.6, 0.9, 0.99, off; a
// weight off the cycle goes to the next one above it.
func nextWeight(w float64) float64 {
	for _, v := range smoothWeights {
		if v > w {
			return v
		}
	}
	if w > 0 {
		return 0
	}
	return smoothWeights[0]
}
