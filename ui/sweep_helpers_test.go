package ui

import (
	"math"
	"math/rand"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// testSweep returns a sweep monitor drawing without colour at w×h, on a
// fixed clock.
func testSweep(t testing.TB, w, h int, opts ...Option) SweepModel {
	t.Helper()
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.Ascii)
	opts = append([]Option{withRenderer(r), withClock(func() time.Time { return fixedNow })}, opts...)
	return send(t, NewSweep("sweeps/lr", nil, nil, opts...), tea.WindowSizeMsg{Width: w, Height: h})
}

// settleS delivers the pending redraw tick.
func settleS(t testing.TB, s SweepModel) SweepModel {
	t.Helper()
	return send(t, s, sweepTickMsg{id: s.tickID})
}

func plainS(s SweepModel) string { return ansi.Strip(s.View()) }

// sweepOf is five runs of a learning-rate sweep: converged, diverging,
// slow, oscillating and one still short.
var sweepOf = []struct {
	name string
	rn   run
}{
	{"lr-1e-3", convergedRun},
	{"lr-1e-2", divergingRun},
	{"lr-1e-5", run{steps: 600, every: 3, format: "jsonl", loss: func(s float64, r *rand.Rand) float64 {
		return 2.3 - 0.0002*s + 0.01*r.NormFloat64()
	}}},
	{"lr-3e-2", run{steps: 600, every: 3, format: "jsonl", loss: func(s float64, r *rand.Rand) float64 {
		return 1 + 0.6*math.Sin(s/9) + 0.05*r.NormFloat64()
	}}},
	{"lr-3e-3", run{steps: 40, every: 3, format: "csv", loss: func(s float64, r *rand.Rand) float64 {
		return 2 * math.Exp(-s/100)
	}}},
}

// runUpdates returns the run's updates tagged with its name.
func runUpdates(name string, rn run, n int) []tea.Msg {
	var out []tea.Msg
	for _, u := range rn.batches(n) {
		out = append(out, runMsg(monitor.RunUpdate{Run: name, Update: monitor.Update(u.(updateMsg))}))
	}
	return out
}

// feedSweep delivers the runs' updates interleaved, batch by batch, and
// the redraw tick.
func feedSweep(t testing.TB, s SweepModel) SweepModel {
	t.Helper()
	var all [][]tea.Msg
	for _, r := range sweepOf {
		all = append(all, runUpdates(r.name, r.rn, 100))
	}
	for i := 0; ; i++ {
		sent := false
		for _, us := range all {
			if i < len(us) {
				s = send(t, s, us[i])
				sent = true
			}
		}
		if !sent {
			break
		}
	}
	return settleS(t, s)
}

// manyMetrics is a run logging eight metrics, two of them better when
// higher, for the metric grid.
func manyMetrics(n int) []tea.Msg {
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	r := rand.New(rand.NewSource(3))
	var out []tea.Msg
	var b monitor.Batch
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		s := float64(10 * i)
		loss := 0.1 + 2*math.Exp(-s/800) + 0.02*r.NormFloat64()
		// The epoch as the decoders give it: the record's, not a metric.
		rec := decode.Record{Step: s, Epoch: s / 1000, HasEpoch: true, Wall: t0.Add(time.Duration(i) * 2 * time.Second).UnixNano(), Line: int64(i + 1), Metrics: []decode.Metric{
			{Name: "loss", Value: loss},
			{Name: "learning_rate", Value: 3e-4 * math.Min(1, s/500)},
			{Name: "grad_norm", Value: 1 + 0.5*math.Exp(-s/300) + 0.1*r.NormFloat64()},
		}}
		if i%10 == 0 {
			rec.Metrics = append(rec.Metrics,
				decode.Metric{Name: "eval_loss", Value: loss*1.1 + 0.05},
				decode.Metric{Name: "eval_accuracy", Value: 0.95 - 0.8*math.Exp(-s/900)},
				decode.Metric{Name: "metrics/mAP_0.5", Value: 0.7 - 0.6*math.Exp(-s/1200)},
				decode.Metric{Name: "eval_bleu", Value: 30 - 25*math.Exp(-s/700)})
		}
		b.Records = append(b.Records, rec)
		if len(b.Records) == 100 || i == n-1 {
			b.Format, b.Path = "jsonl", "runs/hf/train.jsonl"
			b.Stats.Records += int64(len(b.Records))
			b.Stats.Lines = b.Stats.Records
			out = append(out, updateMsg(p.Ingest(b)))
			b = monitor.Batch{Stats: b.Stats}
		}
	}
	return out
}

// enterKey is the enter key (press names only the keys the single-run
// tests use).
var enterKey = tea.KeyMsg{Type: tea.KeyEnter}
