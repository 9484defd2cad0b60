package ui

import (
	"context"
	"errors"
	"math"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// This file is what the sweep (sweep.go) asks of the single-run monitor
// that holds each of its runs.

// wake readies a run's monitor to be shown at w×h: it drew nothing while
// hidden and its clock was not running (the sweep does not run a hidden
// run's commands), so it draws now and the next update starts the clock.
func (m *Model) wake(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.help.Width = w
	m.ticking, m.idling = false, false
	m.chart.stale = true
	m.rebuild()
	return nil
}

// atRest reports whether esc has nothing left to undo in the monitor: no
// panel focused, no zoom, no cursor, no help, no grid.
func (m *Model) atRest() bool {
	return m.view.focus == focusChart && m.chart.zoom == nil && !m.chart.cursorOn && !m.view.showHelp && !m.grid.on && !m.grid.enlarged
}

// endRun takes the end of a run of a sweep: its reading is over, with an
// error or not; a run that ended before any snapshot shows the final
// judgement.
func (m *Model) endRun(e *monitor.RunEnd) {
	m.live.done = true
	if e.Err != nil && !errors.Is(e.Err, context.Canceled) {
		m.live.errText = decode.Sanitize(e.Err.Error())
	}
	if e.State != nil && m.latest.Verdict == "" {
		m.latest = *e.State
	}
	if e.Format != "" && m.live.format == "" {
		m.live.format = e.Format
	}
	m.dirty = true
}

// judged returns the name and series of the metric the detector judges
// (before its first snapshot: the first training loss, else the first
// metric).
func (m *Model) judged() (string, *Series) {
	if p := m.latest.Primary; p != "" {
		if s, ok := m.data.series[p]; ok {
			return p, s
		}
	}
	for _, n := range m.data.order {
		if detect.RoleOf(n) == detect.RoleTrainLoss {
			return n, m.data.series[n]
		}
	}
	if len(m.data.order) > 0 {
		n := m.data.order[0]
		return n, m.data.series[n]
	}
	return "", nil
}

// row returns the run as the runs view lists it: made again from the
// monitor only when the sweep changed it since (most runs are idle between
// two frames).
func (r *sweepRun) row(name string) runRow {
	if r.cached == nil || r.cachedAt != r.version || r.cached.name != name {
		row := r.makeRow(name)
		r.cached, r.cachedAt = &row, r.version
	}
	row := *r.cached
	row.marked, row.colour = r.marked, r.colour
	return row
}

// makeRow makes the run's row from its monitor.
func (r *sweepRun) makeRow(name string) runRow {
	m := &r.m
	st := m.latest
	metric, s := m.judged()
	row := runRow{name: name, format: m.live.format, step: m.live.lastStep, last: math.NaN(), best: math.NaN(),
		verdict: st.Verdict, loss: s, marked: r.marked, colour: r.colour}
	if s != nil {
		if p, ok := s.Last(); ok {
			row.last = p.Y
		}
	}
	if sum, ok := st.Metrics[metric]; ok && sum.Points > 0 {
		row.last = sum.Last
		row.best, _ = sum.Best()
	}
	if c := st.Convergence; c != nil {
		row.conv, row.hasConv = c.Step, true
	}
	for _, f := range st.Findings {
		if f.Kind != detect.KindConverged {
			row.severity = f.Severity
			break
		}
	}
	return row
}

// overlayRun returns the run as the overlay draws it.
func (r *sweepRun) overlayRun(name string) overlayRun {
	row := r.row(name)
	return overlayRun{name: name, colour: r.colour, verdict: row.verdict, severity: row.severity, series: row.loss}
}
