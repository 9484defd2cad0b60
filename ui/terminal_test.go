package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/ui/internal/screen"
)

// brokenInput is a keyboard that fails.
type brokenInput struct{}

var errInputBroke = errors.New("input broke")

func (brokenInput) Read([]byte) (int, error) { return 0, errInputBroke }

// TestTerminalIsPutBackOnEveryWayOut runs a program to each of its ends
// and reads what reached the terminal: the modes on first, off last, once.
func TestTerminalIsPutBackOnEveryWayOut(t *testing.T) {
	modes := screen.Modes{Mouse: true}
	tests := []struct {
		name string
		keys string // typed once the first frame is drawn
		in   io.Reader
		stop bool // cancel the context once the first frame is drawn
		err  error
	}{
		{name: "quit", keys: "q"},
		{name: "context cancelled (SIGINT)", stop: true, err: context.Canceled},
		{name: "input error", in: brokenInput{}, err: errInputBroke},
		{name: "panic in Update", keys: "!", err: tea.ErrProgramPanic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			keys, typist := io.Pipe()
			defer typist.Close()
			in := tt.in
			if in == nil {
				in = keys
			}
			out := &terminalRecorder{}
			go func() {
				if tt.in != nil {
					return
				}
				_, _ = typist.Write([]byte("+"))
				for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.Contains(out.String(), "n=1"); {
					time.Sleep(10 * time.Millisecond)
				}
				if tt.stop {
					cancel()
				}
				_, _ = typist.Write([]byte(tt.keys))
			}()
			err := runProgram(ctx, []Option{withOutput(out), withInput(in), withMouse(true)},
				func(_ tea.Model, msg tea.Msg) tea.Msg { return msg }, func([]Option) tea.Model { return counter{} })
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
			got := out.String()
			if !strings.HasPrefix(got, modes.Setup()) {
				t.Errorf("the terminal was not set up first: %q", got)
			}
			if !strings.HasSuffix(got, modes.Teardown()) || strings.Count(got, modes.Teardown()) != 1 {
				t.Errorf("the terminal was not put back last, once: %q", got)
			}
		})
	}
}
