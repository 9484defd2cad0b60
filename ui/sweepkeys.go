package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// updateRunsKey handles a key on the runs view: the filter while it is
// typed, else selection, marks, opening a run, the overlay, help and quit.
func (s SweepModel) updateRunsKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := s.keys
	s.flash = ""
	s.refreshRows() // the keys act on the rows as they are now, not as last drawn
	if s.table.filter.editing {
		return s.updateFilterKey(msg)
	}
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Quit):
		return s, tea.Quit
	case key.Matches(msg, k.Help):
		s.showHelp = !s.showHelp
	case s.showHelp && key.Matches(msg, k.Back):
		s.showHelp = false
	case key.Matches(msg, k.Up):
		s.table.Move(-1)
	case key.Matches(msg, k.Down):
		s.table.Move(1)
	case key.Matches(msg, k.Home):
		s.table.Move(-len(s.runs))
	case key.Matches(msg, k.End):
		s.table.Move(len(s.runs))
	case key.Matches(msg, k.Open):
		return s, s.openRun(s.table.Selected())
	case key.Matches(msg, k.Grid):
		// The grid first: opening the run draws it.
		if r := s.runs[s.table.Selected()]; r != nil {
			r.m.openGrid()
		}
		return s, s.openRun(s.table.Selected())
	case key.Matches(msg, k.MarkRun):
		if r := s.runs[s.table.Selected()]; r != nil {
			r.marked = !r.marked
			s.table.Move(1)
		}
	case key.Matches(msg, k.Overlay):
		if len(s.table.shown) == 0 {
			s.flash = "no run to overlay"
			break
		}
		s.screen = screenOverlay
		s.overlay.chart.reset()
	case key.Matches(msg, k.Filter):
		s.table.filter.Start()
	case key.Matches(msg, k.Back):
		s.table.filter.Clear()
		s.table.refilter()
	default:
		return s, nil
	}
	s.rebuild()
	return s, cmd
}

// updateFilterKey handles a key while the runs' name filter is typed:
// ctrl+c quits, every other key edits the filter.
func (s SweepModel) updateFilterKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.Type == tea.KeyCtrlC {
		return s, tea.Quit
	}
	if s.table.filter.Update(msg) {
		s.table.refilter()
	}
	s.rebuild()
	return s, nil
}

// updateOverlayKey handles a key on the overlay: the single-run chart's
// keys (cursor, segment, zoom, smoothing, log scale, pause), esc back.
func (s SweepModel) updateOverlayKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := s.keys
	c := &s.overlay.chart
	span := s.overlay.span(s.marked())
	s.flash = ""
	switch {
	case key.Matches(msg, k.Quit):
		return s, tea.Quit
	case key.Matches(msg, k.Help):
		s.showHelp = !s.showHelp
	case s.showHelp && key.Matches(msg, k.Back):
		s.showHelp = false
	case key.Matches(msg, k.Back):
		switch {
		case c.zoom != nil:
			c.zoom = nil
		case c.cursorOn:
			c.reset()
		default:
			c.setPaused(false, span)
			s.screen = screenRuns
		}
	case key.Matches(msg, k.Pause), key.Matches(msg, k.MarkRun):
		c.setPaused(!c.paused, span)
	case key.Matches(msg, k.Zoom):
		if _, _, ok := c.zoomToMarks(); !ok {
			s.flash = "mark a segment first: [ at its start, ] at its end"
		}
	default:
		var changed bool
		if *c, changed = c.Update(msg, k, span); !changed {
			return s, nil
		}
	}
	c.stale = true
	s.rebuild()
	return s, nil
}
