package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// updateKeys handles every key of a burst (see splitBurst) in turn; a quit
// among them ends the burst.
func (m Model) updateKeys(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	keys := splitBurst(msg)
	if len(keys) == 1 {
		return m.updateKey(msg)
	}
	var cmds []tea.Cmd
	for _, k := range keys {
		if key.Matches(k, m.keys.Quit) {
			return m, tea.Batch(append(cmds, tea.Quit)...)
		}
		nm, cmd := m.updateKey(k)
		m = nm.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// updateKey routes a key: the root's own keys (quit, help, pause, focus,
// zoom, metric, copy, export), then the focused panel, then the chart.
func (m Model) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	m.view.flash = ""
	if gm, cmd, ok := m.updateAxisKey(msg); ok { // x axis, metric grid
		return gm, cmd
	}
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.view.showHelp = !m.view.showHelp
	case m.view.showHelp && key.Matches(msg, k.Back):
		m.view.showHelp = false
	case key.Matches(msg, k.Pause):
		m.view.paused = !m.view.paused
		m.view.pausedNew = 0
		m.chart.setPaused(m.view.paused, m.series())
		if !m.view.paused {
			m.seg = nil
		}
	case key.Matches(msg, k.Back):
		m.back()
	case key.Matches(msg, k.Findings):
		m.view.focus = toggleFocus(m.view.focus, focusFindings)
	case key.Matches(msg, k.Remedies):
		m.view.focus = toggleFocus(m.view.focus, focusRemedies)
	case key.Matches(msg, k.Zoom):
		if a, b, ok := m.chart.zoomToMarks(); ok {
			m.seg = m.segmentReport(m.series(), a, b)
		} else {
			m.view.flash = "mark a segment first: [ at its start, ] at its end"
		}
	case key.Matches(msg, k.ZoomIn), key.Matches(msg, k.ZoomOut):
		m.seg = nil
		m.chart, _ = m.chart.Update(msg, k, m.series())
	case key.Matches(msg, k.Metric):
		m.nextMetric()
	case key.Matches(msg, k.Copy):
		cmd = m.copyCmd()
	case key.Matches(msg, k.Export):
		cmd = m.exportCmd()
	case m.view.focus == focusFindings && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
		m.findings, _ = m.findings.Update(msg, k)
		m.remedies.sel = 0
	case m.view.focus == focusRemedies && (key.Matches(msg, k.Up) || key.Matches(msg, k.Down)):
		m.remedies, _ = m.remedies.Update(msg, k)
	default:
		var changed bool
		if m.chart, changed = m.chart.Update(msg, k, m.series()); !changed {
			return m, nil
		}
	}
	m.chart.stale = true
	m.refreshState()
	m.rebuild()
	return m, cmd
}

// back leaves a panel, else the zoom, else drops the cursor.
func (m *Model) back() {
	switch {
	case m.view.focus != focusChart:
		m.view.focus = focusChart
	case m.chart.zoom != nil:
		m.chart.zoom, m.seg = nil, nil
	default:
		m.chart.reset()
	}
}

func toggleFocus(cur, f focus) focus {
	if cur == f {
		return focusChart
	}
	return f
}

// series returns the series on the chart (nil before the first point).
func (m *Model) series() *Series { return m.data.series[m.metric()] }

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
	m.seg = nil
	m.chart.reset()
}

// updateMouse marks a segment by dragging across the chart.
func (m Model) updateMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	var changed bool
	if m.chart, changed = m.chart.Update(msg, m.keys, m.series()); changed {
		m.rebuild()
	}
	return m, nil
}
