package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
)

// RunSweep starts the monitor on the runs of a directory and blocks until
// the user quits: the runs view first, each run openable in the single-run
// monitor, marked runs overlaid. The sweep runs in its own goroutine; give
// its pipelines monitor.WithSnapshots(StateEvery) (monitor.WithRunPipeline)
// to see their verdicts. opts apply to every run's monitor.
func RunSweep(ctx context.Context, sw *monitor.Sweep, opts ...Option) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates, errc := monitor.Start(ctx, sw.Run, 64)
	return runProgram(ctx, opts, dropSweepNoops, func(opts []Option) tea.Model {
		s := NewSweep(sw.Dir(), updates, errc, opts...)
		s.list = sw.Runs
		return s
	})
}

// dropSweepNoops is the sweep's message filter (see dropNoops): the open
// run's filter while a run is open, else keys bound to nothing (unless the
// name filter is being typed), mouse motion without a drag and stale ticks.
func dropSweepNoops(tm tea.Model, msg tea.Msg) tea.Msg {
	s, ok := tm.(SweepModel)
	if !ok {
		return msg
	}
	if r := s.runs[s.open]; s.screen == screenRun && r != nil {
		if _, own := msg.(sweepTickMsg); own {
			return msg
		}
		return dropNoops(r.m, msg)
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if !s.table.filter.editing && !s.keys.bound(msg) {
			return nil
		}
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionMotion && !s.overlay.chart.dragging {
			return nil
		}
	case sweepTickMsg:
		if msg.id != s.tickID {
			return nil
		}
	case tickMsg, idleMsg:
		return nil // a run closed since: its clock stopped
	}
	return msg
}
