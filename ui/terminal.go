package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/term"

	"github.com/losswatch/losswatch/ui/internal/screen"
)

// terminal is the terminal the program draws on, set up the way Bubble
// Tea's standard renderer would have it. Without that renderer
// (tea.WithoutRenderer) Bubble Tea leaves the terminal alone: it neither
// makes the input raw nor asks the output's size, so the terminal does
// both, and turns the screen modes on and off (screen.Modes).
type terminal struct {
	out     io.Writer // the program's serialised output
	in      io.Reader // what Bubble Tea reads keys from
	tty     *os.File  // the controlling terminal, when opened for the keys; closed by close
	modes   screen.Modes
	rawFd   uintptr
	cooked  *term.State // the input's state before raw mode; nil when it is no terminal
	restore func()      // turns the modes off and the input back; once
}

// openTerminal sets the terminal up for the program: the keys' input raw
// (standard input, else the controlling terminal, as Bubble Tea does; in
// when given), then the modes on out. Close it, on every path, to put
// everything back.
func openTerminal(out io.Writer, in io.Reader, modes screen.Modes) (*terminal, error) {
	t := &terminal{out: out, in: in, modes: modes}
	if in == nil {
		if err := t.openInput(); err != nil {
			return nil, err
		}
	}
	if f, ok := t.in.(term.File); ok && term.IsTerminal(f.Fd()) {
		cooked, err := term.MakeRaw(f.Fd())
		if err != nil {
			t.closeInput()
			return nil, err
		}
		t.rawFd, t.cooked = f.Fd(), cooked
	}
	t.restore = sync.OnceFunc(t.teardown)
	if _, err := io.WriteString(out, modes.Setup()); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

// openInput takes standard input for the keys when it is a terminal, else
// opens the controlling terminal: the log may come through standard input.
func (t *terminal) openInput() error {
	t.in = os.Stdin
	if term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	f, err := os.Open("/dev/tty")
	if err != nil {
		return fmt.Errorf("no terminal to read keys from: %w", err)
	}
	t.in, t.tty = f, f
	return nil
}

// teardown turns the modes off and puts the input back as it was.
func (t *terminal) teardown() {
	_, _ = io.WriteString(t.out, t.modes.Teardown())
	if t.cooked != nil {
		_ = term.Restore(t.rawFd, t.cooked)
	}
}

// close restores the terminal (see restore, which a panic may have called
// already) and closes what openTerminal opened.
func (t *terminal) close() {
	t.restore()
	t.closeInput()
}

func (t *terminal) closeInput() {
	if t.tty != nil {
		_ = t.tty.Close()
	}
}

// outFd returns the output's descriptor when it is a terminal.
func (t *terminal) outFd() (uintptr, bool) {
	f, ok := t.out.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, false
	}
	return f.Fd(), true
}

// sizable says whether the output tells its size: the program then gets a
// tea.WindowSizeMsg at start and on every resize (watchSize).
func (t *terminal) sizable() bool {
	fd, ok := t.outFd()
	if !ok {
		return false
	}
	_, _, err := term.GetSize(fd)
	return err == nil
}

// watchSize sends the output's size now and after every resize, until
// ctx ends or stop is called; stop returns once the watch has ended. A
// terminal that tells no size sends nothing. The watch waits on the
// signal: it costs nothing while the size stays.
func (t *terminal) watchSize(ctx context.Context, send func(tea.Msg)) (stop func()) {
	fd, ok := t.outFd()
	if !ok {
		return func() {}
	}
	resized := make(chan os.Signal, 1)
	notifyResize(resized)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if w, h, err := term.GetSize(fd); err == nil {
				send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			select {
			case <-ctx.Done():
				return
			case <-resized:
			}
		}
	}()
	return func() {
		signal.Stop(resized)
		cancel()
		<-done
	}
}
