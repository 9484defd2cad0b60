package ui

import (
	"math"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// updateKey routes a key: the help overlay and the panels first, then the
// chart.
func (m Model) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	m.view.flash = ""
	m.frameStale = true
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.view.showHelp = !m.view.showHelp
	case m.view.showHelp && key.Matches(msg, k.Back):
		m.view.showHelp = false
	case key.Matches(msg, k.Pause):
		m.togglePause()
	case key.Matches(msg, k.Back):
		switch {
		case m.view.focus != focusChart:
			m.view.focus = focusChart
		case m.view.zoom != nil:
			m.view.zoom, m.seg = nil, nil
		default:
			m.view.cursorOn = false
			m.view.marks = [2]float64{math.NaN(), math.NaN()}
		}
	case key.Matches(msg, k.Findings):
		m.view.focus = toggleFocus(m.view.focus, focusFindings)
	case key.Matches(msg, k.Remedies):
		m.view.focus = toggleFocus(m.view.focus, focusRemedies)
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
		d := 1
		if key.Matches(msg, k.Up) {
			d = -1
		}
		m.moveSelection(d)
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right), key.Matches(msg, k.FastLeft), key.Matches(msg, k.FastRight):
		d := 1.0
		if key.Matches(msg, k.Left) || key.Matches(msg, k.FastLeft) {
			d = -1
		}
		if key.Matches(msg, k.FastLeft) || key.Matches(msg, k.FastRight) {
			d *= 10
		}
		m.moveCursor(d)
	case key.Matches(msg, k.Home), key.Matches(msg, k.End):
		if s := m.series(); s != nil {
			xa, xb := m.visibleRange(s)
			m.view.cursorOn = true
			if key.Matches(msg, k.Home) {
				m.view.cursor = xa
			} else {
				m.view.cursor = math.Min(xb, m.lastStep(s))
			}
		}
	case key.Matches(msg, k.MarkStart), key.Matches(msg, k.MarkEnd):
		m.mark(key.Matches(msg, k.MarkEnd))
	case key.Matches(msg, k.Zoom):
		m.zoomToSegment()
	case key.Matches(msg, k.ZoomIn):
		m.zoomAround(0.5)
	case key.Matches(msg, k.ZoomOut):
		m.zoomAround(2)
	case key.Matches(msg, k.Metric):
		m.nextMetric()
	case key.Matches(msg, k.Smooth):
		m.view.weightIdx = (m.view.weightIdx + 1) % len(smoothWeights)
	case key.Matches(msg, k.Val):
		m.view.showVal = !m.view.showVal
	case key.Matches(msg, k.Log):
		m.view.logY = !m.view.logY
	case key.Matches(msg, k.Copy):
		cmd = m.copyCmd()
	case key.Matches(msg, k.Export):
		cmd = m.exportCmd()
	default:
		m.frameStale = false
		return m, nil
	}
	m.rebuild()
	return m, cmd
}

func toggleFocus(cur, f focus) focus {
	if cur == f {
		return focusChart
	}
	return f
}

// series returns the series on the chart.
func (m *Model) series() *Series { return m.data.series[m.metric()] }

// visibleRange is the step range drawn last (or that would be drawn).
func (m *Model) visibleRange(s *Series) (float64, float64) {
	if m.frame.xb > m.frame.xa {
		return m.frame.xa, m.frame.xb
	}
	return m.xRange(s)
}

func (m *Model) togglePause() {
	m.view.paused = !m.view.paused
	if m.view.paused {
		m.view.pausedNew = 0
		m.view.pauseRange = [2]float64{m.frame.xa, m.frame.xb}
		m.view.pausedLast = math.Inf(1)
		if s := m.series(); s != nil {
			last, _ := s.Last()
			m.view.pausedLast = last.X
		}
		return
	}
	m.view.zoom, m.seg = nil, nil
	m.view.pauseRange = [2]float64{}
}

func (m *Model) moveSelection(d int) {
	switch m.view.focus {
	case focusFindings:
		n := len(findings(m.state))
		m.view.finding = min(max(m.view.finding+d, 0), max(n-1, 0))
		m.view.remedy = 0
	case focusRemedies:
		n := 0
		if f, ok := m.selectedFinding(); ok {
			n = len(f.Remedies)
		}
		m.view.remedy = min(max(m.view.remedy+d, 0), max(n-1, 0))
	}
}

// moveCursor moves the cursor by d chart columns; it appears at the last
// point the first time.
func (m *Model) moveCursor(d float64) {
	s := m.series()
	if s == nil {
		return
	}
	xa, xb := m.visibleRange(s)
	hi := math.Min(xb, m.lastStep(s))
	if !m.view.cursorOn {
		m.view.cursorOn, m.view.cursor = true, hi
		return
	}
	w := float64(max(m.frame.graphWidth, 1))
	m.view.cursor = math.Min(math.Max(m.view.cursor+d*(xb-xa)/w, xa), hi)
}

// mark sets the start (or end) of the segment at the cursor.
func (m *Model) mark(end bool) {
	if !m.view.cursorOn {
		m.moveCursor(0)
	}
	i := 0
	if end {
		i = 1
	}
	m.view.marks[i] = m.view.cursor
}

// zoomToSegment zooms to the marked segment and reports on it.
func (m *Model) zoomToSegment() {
	a, b := m.view.marks[0], m.view.marks[1]
	if math.IsNaN(a) || math.IsNaN(b) || a == b {
		m.view.flash = "mark a segment first: [ at its start, ] at its end"
		return
	}
	if a > b {
		a, b = b, a
	}
	m.view.zoom = &[2]float64{a, b}
	if s := m.series(); s != nil {
		m.seg = m.segmentReport(s, a, b)
	}
}

// zoomAround scales the visible range by f around the cursor (or centre).
func (m *Model) zoomAround(f float64) {
	s := m.series()
	if s == nil {
		return
	}
	xa, xb := m.visibleRange(s)
	c := (xa + xb) / 2
	if m.view.cursorOn {
		c = m.view.cursor
	}
	fa, fb := m.fullRange(s)
	w := (xb - xa) * f
	if w >= fb-fa {
		m.view.zoom, m.seg = nil, nil
		return
	}
	if w < 2 {
		w = 2
	}
	a := c - (c-xa)*f
	if a < fa {
		a = fa
	}
	if a+w > fb {
		a = fb - w
	}
	m.view.zoom, m.seg = &[2]float64{a, a + w}, nil
}

// fullRange is the range shown when not zoomed.
func (m *Model) fullRange(s *Series) (float64, float64) {
	if m.view.paused && m.view.pauseRange[1] > m.view.pauseRange[0] {
		return m.view.pauseRange[0], m.view.pauseRange[1]
	}
	z := m.view.zoom
	m.view.zoom = nil
	a, b := m.xRange(s)
	m.view.zoom = z
	return a, b
}

func (m *Model) nextMetric() {
	if len(m.data.order) == 0 {
		return
	}
	cur := m.metric()
	for i, n := range m.data.order {
		if n == cur {
			m.view.metric = m.data.order[(i+1)%len(m.data.order)]
			break
		}
	}
	m.view.zoom, m.seg = nil, nil
	m.view.marks = [2]float64{math.NaN(), math.NaN()}
}

// updateMouse marks a segment by dragging across the chart.
func (m Model) updateMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	x, ok := m.stepAt(msg.X, msg.Y)
	switch {
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && ok:
		m.view.dragging = true
		m.view.marks = [2]float64{x, math.NaN()}
		m.view.cursor, m.view.cursorOn = x, true
	case msg.Action == tea.MouseActionMotion && m.view.dragging && ok:
		m.view.marks[1] = x
		m.view.cursor = x
	case msg.Action == tea.MouseActionRelease && m.view.dragging:
		m.view.dragging = false
		if ok {
			m.view.marks[1] = x
		}
	default:
		return m, nil
	}
	m.frameStale = true
	m.rebuild()
	return m, nil
}

// stepAt maps a screen cell to a step on the chart.
func (m *Model) stepAt(x, y int) (float64, bool) {
	extra := len(m.infoLines()) - 1
	if _, loading := m.progressLine(); loading {
		extra++
	}
	l := m.layout(extra)
	left := 1 + (l.chartW - 2 - m.frame.graphWidth)
	gw := m.frame.graphWidth
	if gw <= 0 || y <= l.chartTop || y >= l.chartTop+l.chartH-3 || x < left || x >= left+gw {
		return 0, false
	}
	return m.frame.xa + float64(x-left)/float64(gw)*(m.frame.xb-m.frame.xa), true
}

// lastStep is the last step drawn: the last point, or while paused the last
// point at the time of the pause.
func (m *Model) lastStep(s *Series) float64 {
	last, _ := s.Last()
	if m.view.paused {
		return math.Min(last.X, m.view.pausedLast)
	}
	return last.X
}
