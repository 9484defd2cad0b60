package ui

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/ui/internal/screen"
)

// Run starts the monitor on the run p reads and blocks until the user quits.
// The pipeline runs in its own goroutine; its updates reach the program over
// a channel. Give p monitor.WithSnapshots(StateEvery) to see the verdict.
func Run(ctx context.Context, p *monitor.Pipeline, opts ...Option) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates, errc := monitor.Start(ctx, p.Run, 8)
	return runProgram(ctx, opts, dropNoops, func(opts []Option) tea.Model { return New(updates, errc, opts...) })
}

// runProgram runs the Bubble Tea program of the model that newModel makes
// (given opts, plus the debug logger and the serialised output) with the
// message filter, and blocks until it ends. The program has no renderer:
// the model draws its own frames (pacedModel) on a terminal set up for it
// (terminal), which is put back on every way out.
func runProgram(ctx context.Context, opts []Option, filter func(tea.Model, tea.Msg) tea.Msg, newModel func([]Option) tea.Model) error {
	cfg := newConfig(opts)
	if cfg.debugLog != "" {
		logger, closeLog, err := openDebugLog(cfg.debugLog)
		if err != nil {
			return err
		}
		defer closeLog()
		opts = append(opts, withLogger(logger))
	}
	// The frames and the copy command write through one serialised
	// output, so that an OSC 52 sequence never lands inside a frame.
	out := serialised(cfg.output)
	opts = append(opts, withOutput(out))
	m := paced(newModel(opts), out, cfg.now)
	t, err := openTerminal(out, cfg.input, screen.Modes{Mouse: cfg.mouse})
	if err != nil {
		return err
	}
	defer t.close()
	m = m.onPanic(t.restore)
	if t.sizable() {
		m = m.waitForSize()
	}
	// Signals have one owner, the caller, who cancels ctx: Bubble Tea's own
	// handler would block sending to an event loop that ctx already ended
	// and hang the shutdown with the terminal in the alternate screen.
	p := tea.NewProgram(m, tea.WithoutRenderer(), tea.WithContext(ctx), tea.WithFilter(pacedFilter(filter)),
		tea.WithoutSignalHandler(), tea.WithInput(t.in))
	stop := t.watchSize(ctx, p.Send)
	defer stop()
	_, err = p.Run()
	return err
}

// openDebugLog opens the debug log at path: a text log of what the monitor
// does (batches, source events are at level Debug).
func openDebugLog(path string) (*slog.Logger, func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	l := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return l, func() { _ = f.Close() }, nil
}

func withLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// serialised returns w (standard output when nil) behind a lock, so that
// writes from outside the program (the copy command's OSC 52 sequence) go
// whole between the frames', each of which is a whole frame or sequence. A
// terminal stays a term.File, which the terminal needs to tell its size.
func serialised(w io.Writer) io.Writer {
	if w == nil {
		w = os.Stdout
	}
	if f, ok := w.(*os.File); ok {
		return &lockedFile{File: f}
	}
	return &lockedWriter{w: w}
}

// lockedFile is a terminal whose writes are serialised.
type lockedFile struct {
	*os.File
	mu sync.Mutex
}

func (f *lockedFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.File.Write(p)
}

// WriteString shadows the *os.File's, which io.WriteString would call
// past the lock.
func (f *lockedFile) WriteString(s string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.File.WriteString(s)
}

// lockedWriter is a writer whose writes are serialised.
type lockedWriter struct {
	w  io.Writer
	mu sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// copyCmd copies the selected remedy's snippet: with OSC 52, which reaches
// the local clipboard over SSH and through tmux, and with the local
// clipboard when there is one.
func (m *Model) copyCmd() tea.Cmd {
	r, ok := m.selectedRemedy()
	if !ok || r.Snippet == "" {
		m.view.flash = "nothing to copy: select a finding with a remedy (f, r, ↑/↓)"
		return nil
	}
	text := decode.Sanitize(r.Snippet)
	if r.Snippet != text {
		// Keep the snippet's newlines and tabs; drop only other control characters.
		text = sanitizeKeepLines(r.Snippet)
	}
	out := m.cfg.output // the program's, serialised with its frames (Run)
	if out == nil {
		out = os.Stdout
	}
	return func() tea.Msg {
		seq := osc52.New(text)
		// Inside tmux: the plain sequence for tmux itself (set-clipboard on,
		// the default "external" ignores it), then the same wrapped for the
		// outer terminal (allow-passthrough on, off by default since 3.3).
		// One write, between two frames.
		s := seq.String()
		if os.Getenv("TMUX") != "" {
			s += seq.Tmux().String()
		} else if os.Getenv("STY") != "" {
			s = seq.Screen().String()
		}
		_, err := io.WriteString(out, s)
		if !clipboard.Unsupported {
			if cerr := clipboard.WriteAll(text); cerr != nil && err != nil {
				return flashMsg{err: err}
			}
		} else if err != nil {
			return flashMsg{err: err}
		}
		return flashMsg{text: "copied: " + firstLine(text)}
	}
}

func sanitizeKeepLines(s string) string {
	var out []byte
	for i, l := range splitLines(s) {
		if i > 0 {
			out = append(out, '\n')
		}
		out = append(out, decode.Sanitize(l)...)
	}
	return string(out)
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func firstLine(s string) string {
	l := splitLines(s)
	if len(l) > 1 {
		return l[0] + " …"
	}
	return l[0]
}
