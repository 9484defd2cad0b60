package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// dropNoops is the program's message filter: it drops, before Update, the
// messages that would change nothing — a key bound to nothing, a mouse
// moved while no segment is dragged, a redraw clock's stale tick. Bubble Tea
// hands the renderer the screen after every message, and a screen equal to
// the last one drawn is kept and compared again on every frame until the
// screen next changes: an idle monitor would go on copying it 20 times a
// second.
func dropNoops(tm tea.Model, msg tea.Msg) tea.Msg {
	m, ok := tm.(Model)
	if !ok {
		return msg
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if !m.keys.bound(msg) && !m.grid.filter.editing { // the grid's filter takes every key
			return nil
		}
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionMotion && !m.chart.dragging {
			return nil
		}
	case tickMsg:
		if msg.id != m.tickID || !m.ticking {
			return nil
		}
	case idleMsg:
		if msg.id != m.idleID || !m.idling {
			return nil
		}
	}
	return msg
}
