package ui

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// Run starts the monitor on the run p reads and blocks until the user quits.
// The pipeline runs in its own goroutine; its updates reach the program over
// a channel. Give p monitor.WithSnapshots(StateEvery) to see the verdict.
func Run(ctx context.Context, p *monitor.Pipeline, opts ...Option) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.debugLog != "" {
		f, err := os.OpenFile(cfg.debugLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		opts = append(opts, withLogger(slog.New(slog.NewTextHandler(f, nil))))
	}
	updates := make(chan monitor.Update, 8)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(ctx, updates) }()
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(framesPerSecond), tea.WithFilter(dropNoops)}
	if cfg.mouse {
		popts = append(popts, tea.WithMouseCellMotion())
	}
	if cfg.output != nil {
		popts = append(popts, tea.WithOutput(cfg.output))
	}
	if cfg.input != nil {
		popts = append(popts, tea.WithInput(cfg.input))
	}
	_, err := tea.NewProgram(New(updates, errc, opts...), popts...).Run()
	return err
}

func withLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

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
	out := m.cfg.output
	if out == nil {
		out = os.Stdout
	}
	return func() tea.Msg {
		seq := osc52.New(text)
		// Inside tmux: the plain sequence for tmux itself (set-clipboard on,
		// the default "external" ignores it), then the same wrapped for the
		// outer terminal (allow-passthrough on, off by default since 3.3).
		// One write, so that it does not interleave with a frame.
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
