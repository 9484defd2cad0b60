package ui

import (
	"flag"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// updateGolden reports whether -update was given (the flag is registered by
// x/exp/golden, which teatest imports).
func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixedNow is the clock of every test model.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testModel returns a model drawing without colour at w×h, on a fixed clock.
func testModel(t testing.TB, w, h int, opts ...Option) Model {
	t.Helper()
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.Ascii)
	opts = append([]Option{withRenderer(r), withClock(func() time.Time { return fixedNow }), WithPath("runs/exp3/train.log")}, opts...)
	m := New(nil, nil, opts...)
	return send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// send passes msgs through Update and returns the model (a Model or a
// SweepModel).
func send[M tea.Model](t testing.TB, m M, msgs ...tea.Msg) M {
	t.Helper()
	for _, msg := range msgs {
		nm, _ := m.Update(msg)
		m = nm.(M)
	}
	return m
}

// settle delivers the pending redraw tick and the next one, which finds
// nothing new and stops the clock.
func settle(t testing.TB, m Model) Model {
	t.Helper()
	m = send(t, m, tickMsg{id: m.tickID})
	return send(t, m, tickMsg{id: m.tickID})
}

// press returns the message of the key named as bubbletea names it ("left",
// "shift+right", "ctrl+c", " "), or of the runes s.
func press(s string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"left": tea.KeyLeft, "right": tea.KeyRight, "shift+left": tea.KeyShiftLeft, "shift+right": tea.KeyShiftRight,
		"up": tea.KeyUp, "down": tea.KeyDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"esc": tea.KeyEsc, "tab": tea.KeyTab, "ctrl+c": tea.KeyCtrlC,
	}
	if k, ok := named[s]; ok {
		return tea.KeyMsg{Type: k}
	}
	if s == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// run describes a synthetic training run.
type run struct {
	steps  int
	every  float64
	loss   func(step float64, r *rand.Rand) float64
	val    bool
	format decode.Format
	// from is the log's first step (0 when unset): a run far out, beyond
	// 2^53, where float64 no longer holds every integer.
	from int64
}

// convergedRun decays to a floor and stays there.
var convergedRun = run{steps: 500, every: 3, val: true, format: "jsonl", loss: func(s float64, r *rand.Rand) float64 {
	return 0.05 + 2.25*math.Exp(-s/150) + 0.005*r.NormFloat64()
}}

// divergingRun improves, then blows up after step 1,700.
var divergingRun = run{steps: 700, every: 3, format: "hf-stdout", loss: func(s float64, r *rand.Rand) float64 {
	v := 0.4 + 2*math.Exp(-s/200) + 0.01*r.NormFloat64()
	if s > 1700 {
		v *= math.Exp((s - 1700) / 200)
	}
	return v
}}

// batches returns the run as batches of n records through one pipeline, as
// it publishes them (with a snapshot of the detector's state after each).
func (rn run) batches(n int) []tea.Msg {
	r := rand.New(rand.NewSource(1))
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var out []tea.Msg
	var b monitor.Batch
	var st decode.Stats
	for i := 0; i < rn.steps; i++ {
		s := float64(i) * rn.every
		rec := decode.Record{Step: s, Line: int64(i + 1), Metrics: []decode.Metric{{Name: "loss", Value: rn.loss(s, r)}}}
		if rn.from != 0 {
			n := rn.from + int64(s)
			rec.Step, rec.StepExact = float64(n), n // as a decoder gives a step beyond 2^53
		}
		if rn.val && i%20 == 0 {
			rec.Metrics = append(rec.Metrics, decode.Metric{Name: "val_loss", Value: rec.Metrics[0].Value*1.1 + 0.02})
		}
		b.Records = append(b.Records, rec)
		st.Lines++
		st.Records++
		st.Bytes += 40
		if len(b.Records) == n || i == rn.steps-1 {
			b.Stats, b.Format, b.Path, b.Live = st, rn.format, "runs/exp3/train.log", i == rn.steps-1
			out = append(out, updateMsg(p.Ingest(b)))
			b = monitor.Batch{}
		}
	}
	return out
}

// ingested returns what a new pipeline publishes for b.
func ingested(b monitor.Batch) updateMsg {
	return updateMsg(monitor.NewPipeline(nil, monitor.WithSnapshots(0)).Ingest(b))
}

// feed delivers the whole run and the redraw tick.
func feed(t testing.TB, m Model, rn run) Model {
	t.Helper()
	return settle(t, send(t, m, rn.batches(100)...))
}

// plain returns the screen without ANSI sequences.
func plain(m Model) string { return ansi.Strip(m.View()) }

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// checkFrame asserts that the screen is exactly w×h cells: nothing wraps.
func checkFrame(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
