package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
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
	if m.view.focus != focusChart { // a focused panel has room to be read
		l.panelH = max(l.panelH, body/2)
	}
	if body-l.panelH < 8 { // short terminal: the chart first
		l.panelH = max(body-8, 0)
	}
	if l.panelH < 3 {
		l.panelH = 0
	}
	l.chartW, l.chartH = m.width, body-l.panelH
	return l
}

// StateEvery is how often the UI wants the detector's state (verdict,
// findings, their messages) while points stream in: give the pipeline
// monitor.WithSnapshots(StateEvery). Its messages carry live numbers;
// refreshing them on every point would repaint the whole side panel, and
// with it every line of the screen, for each point.
const StateEvery = time.Second

// refreshState shows the state the pipeline published last, except while
// paused.
func (m *Model) refreshState() {
	if !m.view.paused {
		m.state = m.latest
	}
	m.findings.SetState(m.state, m.metric())
	m.findings.unit = m.xUnit()
	m.findings.focused = m.view.focus == focusFindings
	f, ok := m.findings.Selected()
	m.remedies.SetFinding(f, ok, m.state.Convergence != nil)
	m.remedies.focused = m.view.focus == focusRemedies
}

// selectedFinding returns the finding the panels and the chart highlight.
func (m *Model) selectedFinding() (detect.Finding, bool) { return m.findings.Selected() }

// selectedRemedy returns the remedy whose snippet `c` copies.
func (m *Model) selectedRemedy() (detect.Remedy, bool) { return m.remedies.Selected() }

// panels draws the findings and the remedies boxes at their sizes (inside:
// two cells less each way).
func (m *Model) panels(fw, fh, rw, rh int) (findings, remedies []string) {
	m.findings.SetSize(fw-2, fh-2)
	m.remedies.SetSize(rw-2, rh-2)
	return box("findings", m.findings.View(&m.st), fw, fh, m.st.Border),
		box("remedies", m.remedies.View(&m.st), rw, rh, m.st.Border)
}

// rebuild redraws what changed into m.screen. While paused the chart and
// the panels stay as they were; the status bar keeps counting.
func (m *Model) rebuild() {
	m.dirty = false
	m.refreshState()
	if m.width < minWidth || m.height < minHeight {
		m.screen = strings.Join(fitLines(m.tooSmall(), m.width, m.height), "\n")
		return
	}
	progress, loading := m.live.progress(&m.st, m.width, m.cfg.now())
	info := m.infoLines()
	extra := len(info) - 1
	if loading {
		extra++
	}
	l := m.layout(extra)
	var lines []string
	lines = append(lines, m.live.View(&m.st, statusContext{width: m.width, now: m.cfg.now(), framework: m.cfg.framework,
		paused: m.view.paused, pausedNew: m.view.pausedNew, charting: len(m.data.order) > 0}))
	if loading {
		lines = append(lines, fit(progress, m.width))
	}
	var body []string
	switch {
	case m.view.showHelp:
		body = box("keys", m.helpLines(m.width-2, l.chartH+l.panelH-2), m.width, l.chartH+l.panelH, m.st.Border)
	case len(m.data.order) == 0 || m.metric() == "":
		body = box("losswatch", m.live.startupLines(&m.st, m.width-4), m.width, l.chartH+l.panelH, m.st.Border)
	case m.grid.on:
		body = m.gridBody(m.width, l.chartH+l.panelH)
	default:
		body = m.body(l)
	}
	lines = append(lines, body...)
	lines = append(lines, m.verdictLine())
	lines = append(lines, info...)
	lines = append(lines, " "+m.help.ShortHelpView(m.shortHelp()))
	m.screen = strings.Join(fitLines(lines, m.width, m.height), "\n")
}

// minWidth and minHeight are the smallest terminal the monitor draws in:
// below them the chart has no room for a curve and its axes.
const minWidth, minHeight = 40, 10

// tooSmall is the screen of a terminal smaller than minWidth×minHeight.
func (m *Model) tooSmall() []string { return tooSmall(m.width, m.height) }

// tooSmall is what a w×h terminal, below minWidth×minHeight, shows instead
// of a screen cut beyond reading: every screen of losswatch says the same.
func tooSmall(w, h int) []string {
	text := fmt.Sprintf("terminal too small (%dx%d): losswatch needs %dx%d; q quits", w, h, minWidth, minHeight)
	lines := wrap(text, max(w-1, 1))
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	return lines
}

// body draws the chart box and the panels beside or under it.
func (m *Model) body(l layout) []string {
	name := m.metric()
	m.chart.top, m.chart.height = l.chartTop, l.chartH
	m.chart.draw(m.chartData(), l.chartW-2, l.chartH-2, &m.st)
	m.chart.left = 1 + (l.chartW - 2 - m.chart.frame.graphWidth)
	title := m.chartTitle(name)
	chart := box(title, strings.Split(m.chart.View(), "\n"), l.chartW, l.chartH, m.st.Border)
	return m.withPanels(l, chart)
}

// chartTitle is the chart box's title: the metric's name, then what the
// chart shows of it (legend, smoothing, scale, restarts, x unit, overlays,
// zoom).
func (m *Model) chartTitle(name string) string {
	title := m.st.Bold.Render(decode.Sanitize(name))
	if m.st.Plain { // no colour: the legend names the lines' patterns
		title += "  ⠪ raw"
	}
	if w := m.chart.weight; w > 0 {
		ema := fmt.Sprintf("  EMA %g", w)
		if m.st.Plain {
			ema = fmt.Sprintf("  ⠤ EMA %g", w)
		}
		title += m.st.Muted.Render(ema)
	}
	if m.chart.logY {
		title += m.st.Muted.Render("  log")
	}
	if n := m.data.restarts[name]; n > 0 {
		title += m.st.Muted.Render(fmt.Sprintf("  latest of %d runs", n+1))
	}
	if u := m.xUnit(); u != "step" {
		title += m.st.Muted.Render("  x: " + u + "s")
	}
	title += m.axisTitle()
	if c := m.companion(); c != "" && m.chart.showVal {
		val := "  + val"
		if detect.IsGenerator(name) {
			val = "  + " + decode.Sanitize(c) // the discriminator, named
		}
		if m.st.Plain {
			val += " ⠄⠤"
		}
		title += m.st.Val.Render(val)
	}
	if z := m.chart.zoom; z != nil {
		what := "zoom" // +/-
		if m.seg != nil {
			what = "segment" // z
		}
		title += m.st.Span.Render(fmt.Sprintf("  [%s %s–%s]", what, m.data.origin.label(math.Round(z[0])), m.data.origin.label(math.Round(z[1]))))
	}
	return title
}

// withPanels lays the findings and remedies panels out beside the chart or
// under it, as l says.
func (m *Model) withPanels(l layout, chart []string) []string {
	if l.sideW > 0 {
		// The focused panel takes the column, the other keeps a line.
		fh := l.chartH / 2
		switch m.view.focus {
		case focusFindings:
			fh = max(l.chartH-3, fh)
		case focusRemedies:
			fh = min(3, fh)
		}
		fs, rs := m.panels(l.sideW, fh, l.sideW, l.chartH-fh)
		return beside(chart, append(fs, rs...))
	}
	if l.panelH == 0 {
		return chart
	}
	if m.view.focus != focusChart { // the focused panel takes the row
		fs, rs := m.panels(m.width, l.panelH, m.width, l.panelH)
		if m.view.focus == focusFindings {
			return append(chart, fs...)
		}
		return append(chart, rs...)
	}
	fw := m.width / 2
	fs, rs := m.panels(fw, l.panelH, m.width-fw, l.panelH)
	return append(chart, beside(fs, rs)...)
}

// chartData gathers what the chart draws: the charted metric, the
// validation overlay, the convergence, the selected finding's span and the
// markers of spikes and non-finite values.
func (m *Model) chartData() chartData {
	name := m.metric()
	s := m.data.series[name]
	o := *m.data.origin
	d := chartData{series: s, val: m.valMetric(), convStep: math.NaN(), unit: m.xUnit(), others: m.others(), origin: o}
	d.axis, d.axisKind = m.axisInput()
	if c := m.state.Convergence; c != nil && name == m.state.Primary {
		d.convStep = o.pos(c.Step)
	}
	// The span is in steps: it reads on any metric's chart (an overfitting
	// finding on the validation loss shows over the training loss too).
	if f, ok := m.selectedFinding(); ok && (f.Severity != detect.SeverityInfo || m.view.focus == focusFindings) {
		d.span, d.spanOn = [2]float64{o.pos(f.SinceStep), o.pos(f.Step)}, true
	}
	for _, f := range m.state.Findings {
		if f.Metric != name {
			continue
		}
		switch f.Kind {
		case detect.KindNonfinite:
			d.markers = append(d.markers, marker{o.pos(f.Step), '✕'})
		case detect.KindSpike:
			d.markers = append(d.markers, marker{o.pos(f.Step), '!'})
		}
	}
	for _, x := range s.NonFinite() {
		d.markers = append(d.markers, marker{x, '✕'})
	}
	return d
}

// infoLines shows, by priority: the last message (copied, exported), an
// error, the zoomed segment's statistics (two lines), or what `c` would
// copy.
func (m *Model) infoLines() []string {
	switch {
	case m.view.flash != "":
		return []string{" " + m.st.Title.Render(decode.Sanitize(m.view.flash))}
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
		lines := strings.Split(strings.TrimRight(r.Snippet, "\n"), "\n")
		more := ""
		if len(lines) > 1 {
			more = fmt.Sprintf(" (+%d lines)", len(lines)-1)
		}
		text := m.st.Snippet.Render(decode.Sanitize(lines[0])) + m.st.Muted.Render(more)
		if room := m.width - len(" c copies: "); m.view.focus != focusRemedies && ansi.StringWidth(text) > room {
			hint := " (r shows it whole)"
			text = ansi.Truncate(text, max(room-len(hint), 10), "…") + m.st.Muted.Render(hint)
		}
		return []string{" " + m.st.Muted.Render("c copies: ") + text}
	}
	return []string{""}
}

// shortHelp is the help bar for the moment: resume when paused, zoom out
// when zoomed, select when a panel has the focus.
func (m *Model) shortHelp() []key.Binding {
	k := m.keys
	if m.view.paused {
		k.Pause.SetHelp("p", "resume")
	}
	bs := k.ShortHelp()
	var extra []key.Binding
	switch {
	case m.view.focus != focusChart:
		k.Back.SetHelp("esc", "chart")
		extra = []key.Binding{k.Up, k.Back}
	case m.chart.zoom != nil:
		extra = []key.Binding{k.Back}
	}
	return append(append(bs[:3:3], extra...), bs[3:]...)
}
