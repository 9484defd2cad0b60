package ui

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
)

func TestFilterKeepsEveryBoundKey(t *testing.T) {
	m := testModel(t, 100, 30)
	v := reflect.ValueOf(m.keys)
	for i := range v.NumField() {
		b, ok := v.Field(i).Interface().(key.Binding)
		if !ok {
			continue
		}
		for _, k := range b.Keys() {
			if dropNoops(m, press(k)) == nil {
				t.Errorf("%s (%s) is dropped before Update", v.Type().Field(i).Name, k)
			}
		}
	}
}

func TestFilterDropsWhatChangesNothing(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	m = send(t, m, ingested(monitor.Batch{})) // on the test's clock, right after a frame: drawn at a tick
	for _, tc := range []struct {
		name string
		msg  tea.Msg
		keep bool
	}{
		{"a key bound to nothing", press("y"), false},
		{"a mouse moved without dragging", tea.MouseMsg{Action: tea.MouseActionMotion, X: 10, Y: 5}, false},
		{"a stale redraw tick", tickMsg{id: m.tickID - 1}, false},
		{"the current redraw tick", tickMsg{id: m.tickID}, true},
		{"a stale idle check", idleMsg{id: m.idleID - 1}, false},
		{"the pending idle check", idleMsg{id: m.idleID}, true},
		{"a window size", tea.WindowSizeMsg{Width: 90, Height: 30}, true},
		{"a bound key", press("p"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dropNoops(m, tc.msg) != nil; got != tc.keep {
				t.Errorf("kept %v, want %v", got, tc.keep)
			}
		})
	}
}

func TestDroppedMessagesWouldNotChangeTheScreen(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	for _, msg := range []tea.Msg{press("y"), tea.MouseMsg{Action: tea.MouseActionMotion, X: 10, Y: 5}, tickMsg{id: m.tickID - 1}, tickMsg{id: m.tickID}, idleMsg{id: m.idleID - 1}} {
		if dropNoops(m, msg) != nil {
			continue
		}
		if got := send(t, m, msg); got.View() != m.View() {
			t.Errorf("%T %v was dropped but changes the screen", msg, msg)
		}
	}
}
