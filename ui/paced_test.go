package ui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// counter is a root model whose screen shows how many "+" it got; "q"
// quits and "!" panics.
type counter struct{ n int }

func (c counter) Init() tea.Cmd { return nil }

func (c counter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.String() {
		case "+":
			c.n++
		case "q":
			return c, tea.Quit
		case "!":
			panic("the model broke")
		}
	}
	return c, nil
}

func (c counter) View() string { return fmt.Sprintf("n=%d\nsecond line", c.n) }

// terminalRecorder keeps every write apart; safe for the program's
// goroutines and the test's.
type terminalRecorder struct {
	mu     sync.Mutex
	writes []string
}

func (r *terminalRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

// take returns the writes since the last take.
func (r *terminalRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.writes
	r.writes = nil
	return w
}

func (r *terminalRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.writes, "")
}

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func pacedUpdate(t *testing.T, m pacedModel, msg tea.Msg) (pacedModel, tea.Cmd) {
	t.Helper()
	nm, cmd := m.Update(msg)
	return nm.(pacedModel), cmd
}

var plus = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+")}

func TestPacedDrawsABurstOnceAFrameAndItsLastState(t *testing.T) {
	rec, clock := &terminalRecorder{}, &fakeClock{t: fixedNow}
	m := paced(counter{}, rec, clock.now).waitForSize()
	m, _ = pacedUpdate(t, m, plus)
	if w := rec.take(); len(w) != 0 {
		t.Fatalf("drew before the size was known: %q", w)
	}
	m, cmd := pacedUpdate(t, m, tea.WindowSizeMsg{Width: 20, Height: 5})
	if w := rec.take(); cmd != nil || len(w) != 1 || !strings.Contains(w[0], "n=1") {
		t.Fatalf("the first frame: writes %q, command %v", w, cmd != nil)
	}
	var ticks []tea.Cmd
	for i := 0; i < 10; i++ { // a burst within one frame's time
		clock.t = clock.t.Add(time.Millisecond)
		if m, cmd = pacedUpdate(t, m, plus); cmd != nil {
			ticks = append(ticks, cmd)
		}
	}
	if w := rec.take(); len(w) != 0 || len(ticks) != 1 {
		t.Fatalf("a burst inside a frame: %d writes, %d frames armed; want none and one", len(w), len(ticks))
	}
	msg := ticks[0]() // the frame, due when the last is frameInterval old
	if _, ok := msg.(frameMsg); !ok {
		t.Fatalf("the armed frame sent %T", msg)
	}
	clock.t = clock.t.Add(frameInterval)
	m, _ = pacedUpdate(t, m, msg)
	if w := rec.take(); len(w) != 1 || !strings.Contains(w[0], "n=11") || strings.Contains(w[0], "second line") {
		t.Fatalf("the frame after the burst wrote %q; want the last state's changed line only", w)
	}
	clock.t = clock.t.Add(frameInterval)
	if _, cmd = pacedUpdate(t, m, plus); cmd != nil || len(rec.take()) != 1 {
		t.Error("a key a frame after the last was not drawn at once")
	}
}

func TestPacedIdleArmsNothing(t *testing.T) {
	rec, clock := &terminalRecorder{}, &fakeClock{t: fixedNow}
	m := paced(counter{}, rec, clock.now)
	m, _ = pacedUpdate(t, m, tea.WindowSizeMsg{Width: 20, Height: 5})
	rec.take()
	// Messages that change nothing, right after a frame: no frame armed.
	for i := 0; i < 3; i++ {
		clock.t = clock.t.Add(time.Millisecond)
		var cmd tea.Cmd
		if m, cmd = pacedUpdate(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}); cmd != nil {
			t.Fatal("an unchanged screen armed a frame")
		}
	}
	if w := rec.take(); len(w) != 0 {
		t.Errorf("an unchanged screen wrote %q", w)
	}
}

func TestPacedPutsTheTerminalBackWhenTheModelPanics(t *testing.T) {
	restored := 0
	m := paced(counter{}, &terminalRecorder{}, time.Now).onPanic(func() { restored++ })
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not go on to Bubble Tea")
			}
		}()
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("!")})
	}()
	if restored != 1 {
		t.Errorf("terminal restored %d times, want 1", restored)
	}
	m.Update(plus)
	if restored != 1 {
		t.Errorf("restored %d times after an update that did not panic, want still 1", restored)
	}
}

func TestPacedFilterSeesTheModelInside(t *testing.T) {
	var seen tea.Model
	filter := pacedFilter(func(m tea.Model, msg tea.Msg) tea.Msg { seen = m; return nil })
	m := paced(counter{n: 7}, &terminalRecorder{}, time.Now)
	if got := filter(m, plus); got != nil || seen != (counter{n: 7}) {
		t.Errorf("filter saw %v and let %v through", seen, got)
	}
	seen = nil
	if got := filter(m, frameMsg{}); got != (frameMsg{}) || seen != nil {
		t.Error("a frame did not pass the filter untouched")
	}
}
