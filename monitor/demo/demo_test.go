package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor/decode"
)

// TestBackwardMatchesFiniteDifferences checks every parameter's gradient
// against a central difference of the batch loss, for each activation.
func TestBackwardMatchesFiniteDifferences(t *testing.T) {
	for _, act := range []activation{actReLU, actTanh, actSigmoid} {
		rng := rand.New(rand.NewPCG(7, 7))
		d := blobs(rng, 6, 3, 1, 0.5)
		net := newMLP(rng, []int{2, 5, 4, 3}, act, initSpec{hiddenBias: 0.1})
		loss := func() float64 {
			s := 0.0
			for i := range d.y {
				s += crossEntropy(net.forward(d.x[i]), d.y[i], nil)
			}
			return s / float64(len(d.y))
		}
		net.zeroGrad()
		for i := range d.y {
			net.accumulate(d.x[i], d.y[i], 1/float64(len(d.y)))
		}
		const h = 1e-6
		for li, l := range net.layers {
			for _, pg := range []struct {
				p, g []float64
				name string
			}{{l.w, l.gw, "w"}, {l.b, l.gb, "b"}} {
				for i := range pg.p {
					orig := pg.p[i]
					pg.p[i] = orig + h
					up := loss()
					pg.p[i] = orig - h
					down := loss()
					pg.p[i] = orig
					num := (up - down) / (2 * h)
					if diff := math.Abs(num - pg.g[i]); diff > 1e-5*math.Max(1, math.Abs(num)) {
						t.Errorf("act %d layer %d %s[%d]: backward %.8g, finite difference %.8g", act, li, pg.name, i, pg.g[i], num)
					}
				}
			}
		}
	}
}

func run(t *testing.T, name string, opts ...Option) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Run(context.Background(), name, &b, opts...); err != nil {
		t.Fatalf("Run(%s): %v", name, err)
	}
	return b.Bytes()
}

func TestRunIsDeterministicForASeed(t *testing.T) {
	a := run(t, "healthy", WithSeed(3), WithSteps(450))
	b := run(t, "healthy", WithSeed(3), WithSteps(450))
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed wrote different logs")
	}
	c := run(t, "healthy", WithSeed(4), WithSteps(450))
	if bytes.Equal(a, c) {
		t.Fatal("runs with different seeds wrote the same log")
	}
}

// line is what a scenario writes per step; loss fields may be "nan"/"inf".
type line struct {
	Step     *int            `json:"step"`
	Epoch    *int            `json:"epoch"`
	Loss     json.RawMessage `json:"loss"`
	ValLoss  json.RawMessage `json:"val_loss"`
	LR       json.RawMessage `json:"lr"`
	GradNorm json.RawMessage `json:"grad_norm"`
}

func value(t *testing.T, raw json.RawMessage) float64 {
	t.Helper()
	var f float64
	if err := json.Unmarshal(raw, &f); err == nil {
		return f
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("value %s is neither a number nor a string", raw)
	}
	switch s {
	case "nan":
		return math.NaN()
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	}
	t.Fatalf("value %q is not nan/inf/-inf", s)
	return 0
}

// TestEveryScenarioWritesAParsableLog checks each line's fields, that steps
// count up from 1, that val_loss comes once per epoch, and a few facts of
// each cause the curve must show.
func TestEveryScenarioWritesAParsableLog(t *testing.T) {
	for _, s := range Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			if s.Description == "" || len(s.Expect) == 0 {
				t.Fatal("scenario without description or expected verdict")
			}
			// Under -race or -short, a shorter run still checks the format;
			// the shape of the whole curve is checked at full length.
			full := !raceEnabled && !testing.Short()
			var opts []Option
			if !full {
				opts = append(opts, WithSteps(450))
			}
			var losses, vals []float64
			epochs := map[int]int{}
			for i, l := range strings.Split(strings.TrimSpace(string(run(t, s.Name, opts...))), "\n") {
				var ln line
				if err := json.Unmarshal([]byte(l), &ln); err != nil {
					t.Fatalf("line %d: %v: %s", i+1, err, l)
				}
				if ln.Step == nil || *ln.Step != i+1 || ln.Epoch == nil || ln.Loss == nil || ln.LR == nil || ln.GradNorm == nil {
					t.Fatalf("line %d lacks a field or its step is off: %s", i+1, l)
				}
				losses = append(losses, value(t, ln.Loss))
				value(t, ln.LR)
				value(t, ln.GradNorm)
				if ln.ValLoss != nil {
					vals = append(vals, value(t, ln.ValLoss))
					epochs[*ln.Epoch]++
				}
			}
			for e, n := range epochs {
				if n != 1 {
					t.Errorf("epoch %d logged val_loss %d times", e, n)
				}
			}
			if len(losses) < 100 || len(vals) < 1 || full && len(vals) < 5 {
				t.Fatalf("%d losses, %d val losses: too short a run", len(losses), len(vals))
			}
			if full {
				checkShape(t, s.Name, losses, vals)
			}
		})
	}
}

// mean of xs[from:to] (fractions of the run), skipping non-finite values.
func mean(xs []float64, from, to float64) float64 {
	s, n := 0.0, 0
	for _, x := range xs[int(from*float64(len(xs))):int(to*float64(len(xs)))] {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			s, n = s+x, n+1
		}
	}
	return s / float64(n)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func minOf(xs []float64) (float64, int) {
	m, at := math.Inf(1), 0
	for i, x := range xs {
		if x < m {
			m, at = x, i
		}
	}
	return m, at
}

// checkShape asserts the coarse shape each cause must give the curve.
func checkShape(t *testing.T, name string, loss, val []float64) {
	start, end := mean(loss, 0, 0.02), mean(loss, 0.9, 1)
	switch name {
	case "healthy":
		if end > start/5 {
			t.Errorf("healthy: loss %.3g → %.3g, expected a fall to under a fifth", start, end)
		}
	case "lr-too-high":
		best := math.Inf(1)
		for i := 0; i+50 <= len(loss); i += 50 {
			best = math.Min(best, mean(loss[i:i+50], 0, 1))
		}
		if !(end > 10*best) {
			t.Errorf("lr-too-high: loss ends at %.3g, best stretch %.3g: no divergence", end, best)
		}
	case "lr-unstable":
		// A hair comb: in the second half, consecutive steps differ by a
		// large share of the level, and the level does not fall.
		tail := loss[len(loss)/2:]
		jumps := make([]float64, 0, len(tail))
		for i := 1; i < len(tail); i++ {
			jumps = append(jumps, math.Abs(tail[i]-tail[i-1]))
		}
		if j, lvl := median(jumps), median(tail); !(j > 0.3*lvl) || mean(loss, 0.9, 1) < 0.5*mean(loss, 0.5, 0.6) {
			t.Errorf("lr-unstable: median step-to-step jump %.3g at a level of %.3g: no hair comb", j, lvl)
		}
	case "lr-too-low":
		if !(end < 0.9*start && end > 0.5*start) {
			t.Errorf("lr-too-low: loss %.3g → %.3g, expected a slow fall (10–50%%)", start, end)
		}
	case "dead-relu", "too-few-nodes":
		if end < 0.75*start {
			t.Errorf("%s: loss %.3g → %.3g, expected it to stay put", name, start, end)
		}
	case "bad-init":
		if start < 3 {
			t.Errorf("bad-init: the loss starts at %.3g, expected far above chance", start)
		}
	case "overfit", "corrupt-labels":
		m, at := minOf(val)
		if at > 3*len(val)/4 || val[len(val)-1] < 1.25*m {
			t.Errorf("%s: val min %.3g at epoch %d of %d, last %.3g: no rise after the minimum", name, m, at, len(val), val[len(val)-1])
		}
		if mean(loss, 0.8, 1) >= mean(loss, 0.3, 0.5) {
			t.Errorf("%s: training loss does not keep falling", name)
		}
	case "no-shuffle":
		// The same batches come in the same order every epoch: the loss
		// repeats with the epoch's period and swings within it.
		const period = 20
		tail := loss[len(loss)/2:]
		same, swing := 0.0, 0.0
		for i := period; i < len(tail); i++ {
			same += math.Abs(tail[i] - tail[i-period])
			swing += math.Abs(tail[i] - tail[i-1])
		}
		if !(swing > 3*same) {
			t.Errorf("no-shuffle: step-to-step swing %.3g not well above the epoch-to-epoch change %.3g", swing, same)
		}
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	if err := Run(ctx, "healthy", &b, WithSpeed(1000)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRunRejectsAnUnknownScenario(t *testing.T) {
	if err := Run(context.Background(), "nope", &bytes.Buffer{}); err == nil {
		t.Fatal("no error for an unknown scenario")
	}
}

func BenchmarkScenario(b *testing.B) {
	for _, s := range Scenarios() {
		b.Run(s.Name, func(b *testing.B) {
			steps := 0
			for b.Loop() {
				var buf bytes.Buffer
				if err := Run(context.Background(), s.Name, &buf); err != nil {
					b.Fatal(err)
				}
				steps = bytes.Count(buf.Bytes(), []byte{'\n'})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps), "ns/step")
		})
	}
}

// TestEveryScenarioLogReadsCleanlyThroughTheDecoder feeds each log to the
// decoder the follower uses: every line must become a record.
func TestEveryScenarioLogReadsCleanlyThroughTheDecoder(t *testing.T) {
	for _, s := range Scenarios() {
		log := run(t, s.Name, WithSteps(450))
		dec := decode.NewDecoder("", s.Name+".jsonl")
		recs := dec.Flush(dec.Feed(log, nil))
		st := dec.Stats()
		if dec.Format() != decode.FormatJSONL || st.Skipped != 0 || st.Records != 450 || len(recs) != 450 {
			t.Errorf("%s: format %q, %d records (%d returned), %d skipped %v", s.Name, dec.Format(), st.Records, len(recs), st.Skipped, st.SkipReasons)
			continue
		}
		seen := map[string]bool{}
		for i, r := range recs {
			if r.Step != float64(i+1) {
				t.Fatalf("%s: record %d has step %v", s.Name, i, r.Step)
			}
			for _, m := range r.Metrics {
				seen[m.Name] = true
			}
		}
		for _, name := range []string{"loss", "val_loss", "lr", "grad_norm"} {
			if !seen[name] {
				t.Errorf("%s: no %s in the decoded records", s.Name, name)
			}
		}
	}
}
