package ui

import (
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/ui/internal/screen"
)

// frameMsg draws the frame that waited for its turn (pacer.schedule).
type frameMsg struct{}

// pacedModel is a root model (Model, SweepModel) that draws its own
// frames, in the place of Bubble Tea's renderer (the program runs with
// tea.WithoutRenderer): after each message its screen is drawn if it
// changed and a frame is due (pacer). Nothing runs while nothing changes.
type pacedModel struct {
	inner tea.Model
	pace  *pacer // shared by the copies Bubble Tea passes around
}

// pacer decides when a frame is drawn: at once when the last one is at
// least frameInterval old, else when it will be, at one tea.Tick (only one
// pending at a time) that draws the screen as it is then.
type pacer struct {
	frames  *screen.Frames
	now     func() time.Time
	drawn   time.Time // when the last frame was written
	pending bool      // a frameMsg is on its way
	sized   bool      // the size is known: frames are drawn
	restore func()    // puts the terminal back; called when the model panics
}

// paced wraps the root model inner so that it draws on out; the clock
// paces the frames. It draws from the first message: see waitForSize.
func paced(inner tea.Model, out io.Writer, now func() time.Time) pacedModel {
	return pacedModel{inner: inner, pace: &pacer{frames: screen.NewFrames(out), now: now, sized: true, restore: func() {}}}
}

// waitForSize holds the frames back until the first tea.WindowSizeMsg,
// for a terminal that will send one (the first frame would be drawn at
// the size the model guesses, then again).
func (m pacedModel) waitForSize() pacedModel {
	m.pace.sized = false
	return m
}

// onPanic sets what puts the terminal back when the model panics: Bubble
// Tea recovers the panic and prints it, which the terminal must be back
// to cooked mode and the shell's screen to show.
func (m pacedModel) onPanic(restore func()) pacedModel {
	m.pace.restore = restore
	return m
}

// Init starts the model.
func (m pacedModel) Init() (cmd tea.Cmd) {
	m.pace.guard(func() { cmd = m.inner.Init() })
	return cmd
}

// Update passes msg to the model and draws its screen when a frame is
// due; a frameMsg draws the screen that waited.
func (m pacedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.pace.guard(func() {
		switch msg := msg.(type) {
		case frameMsg:
			m.pace.pending = false
			m.pace.draw(m.inner.View())
			return
		case tea.WindowSizeMsg:
			m.pace.frames.Resize(msg.Width, msg.Height)
			m.pace.sized = true
		}
		m.inner, cmd = m.inner.Update(msg)
		cmd = tea.Batch(cmd, m.pace.schedule(m.inner.View()))
	})
	return m, cmd
}

// View returns the model's screen (Bubble Tea's nil renderer drops it).
func (m pacedModel) View() string { return m.inner.View() }

// guard runs f, and puts the terminal back if f panics (the panic goes on).
func (p *pacer) guard(f func()) {
	done := false
	defer func() {
		if !done {
			p.restore()
		}
	}()
	f()
	done = true
}

// schedule draws view now if a frame is due, else arms the frame that
// will draw the screen then; nothing when view is on the screen already,
// or a frame is on its way.
func (p *pacer) schedule(view string) tea.Cmd {
	if !p.sized || p.pending || !p.frames.Changed(view) {
		return nil
	}
	if wait := frameInterval - p.now().Sub(p.drawn); wait > 0 {
		p.pending = true
		return tea.Tick(wait, func(time.Time) tea.Msg { return frameMsg{} })
	}
	p.draw(view)
	return nil
}

// draw writes view if it changed. A write that fails is not retried: the
// next frame is drawn whole (screen.Frames).
func (p *pacer) draw(view string) {
	if !p.sized || !p.frames.Changed(view) {
		return
	}
	_ = p.frames.Draw(view)
	p.drawn = p.now()
}

// pacedFilter is filter for a program whose model is a pacedModel: the
// filter sees the model inside, and frames pass.
func pacedFilter(filter func(tea.Model, tea.Msg) tea.Msg) func(tea.Model, tea.Msg) tea.Msg {
	return func(tm tea.Model, msg tea.Msg) tea.Msg {
		m, ok := tm.(pacedModel)
		if !ok {
			return filter(tm, msg)
		}
		if _, frame := msg.(frameMsg); frame {
			return msg
		}
		return filter(m.inner, msg)
	}
}
