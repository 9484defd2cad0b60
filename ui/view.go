package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// View returns the screen that Update last prepared.
func (m Model) View() string { return m.screen }

// layout is where the parts of the screen go.
type layout struct {
	chartW, chartH int // chart box
	sideW          int // side column (0 when the panels fold under the chart)
	panelH         int // height of the folded panels row
	chartTop       int // screen row of the chart box
}

func (m *Model) layout(extra int) layout {
	body := m.height - 1 - extra - 3
	l := layout{chartTop: 1 + extra}
	if m.width >= 100 {
		l.sideW = min(max(m.width/3, 30), 56)
		l.chartW, l.chartH = m.width-l.sideW, body
		return l
	}
	l.panelH = min(max(body/3, 5), 12)
	l.chartW, l.chartH = m.width, body-l.panelH
	return l
}

// xRange is the step range the chart shows: the zoom, the range frozen by
// pause, or the whole run with the right end rounded up so that the axis
// changes rarely while following.
func (m *Model) xRange(s *Series) (float64, float64) {
	if z := m.view.zoom; z != nil {
		return z[0], z[1]
	}
	last, _ := s.Last()
	first := s.First()
	span := last.X - first
	if span <= 0 {
		return first, first + 1
	}
	return first, math.Max(niceCeil(last.X, span), last.X)
}

// rebuild redraws what changed into m.screen. While paused the chart and
// the panels stay as they were; the status bar keeps counting.
func (m *Model) rebuild() {
	m.dirty = false
	if !m.view.paused {
		m.state = m.data.tracker.State()
	}
	progress, loading := m.progressLine()
	info := m.infoLines()
	extra := len(info) - 1
	if loading {
		extra++
	}
	l := m.layout(extra)
	var lines []string
	lines = append(lines, m.statusBar())
	if loading {
		lines = append(lines, fit(progress, m.width))
	}
	var body []string
	switch {
	case m.view.showHelp:
		help := strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")
		body = box("keys", help, m.width, l.chartH+l.panelH, m.st.Border)
	case len(m.data.order) == 0 || m.metric() == "":
		body = box("losswatch", m.startupLines(m.width-4), m.width, l.chartH+l.panelH, m.st.Border)
	default:
		body = m.body(l)
	}
	lines = append(lines, body...)
	lines = append(lines, m.verdictLine())
	lines = append(lines, info...)
	lines = append(lines, " "+m.help.ShortHelpView(m.keys.ShortHelp()))
	m.screen = strings.Join(fitLines(lines, m.width, m.height), "\n")
}

// body draws the chart box and the panels beside or under it.
func (m *Model) body(l layout) []string {
	name := m.metric()
	s := m.data.series[name]
	if !m.view.paused || len(m.frame.cols) == 0 || m.frameStale {
		m.frame = m.drawFrame(s, l.chartW-2, l.chartH-2)
		m.frameStale = false
	}
	title := m.st.Bold.Render(monitor.Sanitize(name))
	if w := smoothWeights[m.view.weightIdx]; w > 0 {
		title += m.st.Muted.Render(fmt.Sprintf("  EMA %g", w))
	}
	if m.view.logY {
		title += m.st.Muted.Render("  log")
	}
	if m.valMetric() != nil && m.view.showVal {
		title += m.st.Val.Render("  + val")
	}
	if z := m.view.zoom; z != nil {
		title += m.st.Span.Render(fmt.Sprintf("  [segment %s–%s]", formatStep(math.Round(z[0])), formatStep(math.Round(z[1]))))
	}
	chart := box(title, strings.Split(m.frame.text, "\n"), l.chartW, l.chartH, m.st.Border)
	if l.sideW > 0 {
		fh := l.chartH / 2
		side := box("findings", m.findingsPanel(l.sideW-2, fh-2), l.sideW, fh, m.st.Border)
		side = append(side, box("remedies", m.remediesPanel(l.sideW-2, l.chartH-fh-2), l.sideW, l.chartH-fh, m.st.Border)...)
		return beside(chart, side)
	}
	fw := m.width / 2
	panels := beside(box("findings", m.findingsPanel(fw-2, l.panelH-2), fw, l.panelH, m.st.Border),
		box("remedies", m.remediesPanel(m.width-fw-2, l.panelH-2), m.width-fw, l.panelH, m.st.Border))
	return append(chart, panels...)
}

// drawFrame draws the chart of series s into w×h cells.
func (m *Model) drawFrame(s *Series, w, h int) chartFrame {
	xa, xb := m.xRange(s)
	if m.view.paused && m.view.pauseRange[1] > m.view.pauseRange[0] && m.view.zoom == nil {
		xa, xb = m.view.pauseRange[0], m.view.pauseRange[1]
	}
	in := chartInput{
		series: s, xa: xa, xb: xb, dataEnd: math.Inf(1), convStep: math.NaN(),
		cursor: m.view.cursor, cursorOn: m.view.cursorOn, marks: m.view.marks,
		weight: smoothWeights[m.view.weightIdx], logY: m.view.logY,
	}
	if m.view.paused {
		in.dataEnd = m.view.pausedLast
	}
	if m.view.showVal {
		in.val = m.valMetric()
	}
	if c := m.state.Convergence; c != nil && m.metric() == m.state.Primary {
		in.convStep = c.Step
	}
	if f, ok := m.selectedFinding(); ok && f.Metric == m.metric() && (f.Severity != detect.SeverityInfo || m.view.focus == focusFindings) {
		in.span, in.spanOn = [2]float64{f.SinceStep, f.Step}, true
	}
	for _, f := range m.state.Findings {
		if f.Metric != m.metric() {
			continue
		}
		switch {
		case strings.Contains(f.Kind, "nonfinite") || strings.Contains(f.Kind, "nan"):
			in.markers = append(in.markers, marker{f.Step, '✕'})
		case strings.Contains(f.Kind, "spike"):
			in.markers = append(in.markers, marker{f.Step, '!'})
		}
	}
	for _, x := range s.NonFinite() {
		in.markers = append(in.markers, marker{x, '✕'})
	}
	return drawChart(in, w, h, &m.st, &m.data.canvas)
}

// infoLines shows, by priority: the last message (copied, exported), an
// error, the zoomed segment's statistics (two lines), or what `c` would
// copy.
func (m *Model) infoLines() []string {
	switch {
	case m.view.flash != "":
		return []string{" " + m.st.Title.Render(monitor.Sanitize(m.view.flash))}
	case m.live.errText != "":
		return []string{" " + m.st.Error.Render("error: "+m.live.errText)}
	case m.seg != nil:
		l := pack(m.seg.parts, " · ", max(m.width-1, 1))
		if len(l) > 2 {
			l = l[:2]
		}
		for i := range l {
			l[i] = " " + l[i]
		}
		return l
	}
	if r, ok := m.selectedRemedy(); ok && r.Snippet != "" {
		first := strings.SplitN(r.Snippet, "\n", 2)[0]
		return []string{" " + m.st.Muted.Render("c copies: ") + m.st.Snippet.Render(monitor.Sanitize(first))}
	}
	return []string{""}
}
