package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// dropNoops is the program's message filter: it drops, before Update, the
// messages that would change nothing — a key bound to nothing, a mouse
// moved while no segment is dragged, a redraw clock's stale tick. Each
// message that passes costs a pass through Update and the screen compared
// with the one drawn (pacedModel), and a mouse moved over the terminal
// sends dozens a second.
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
