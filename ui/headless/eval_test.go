package headless_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/decode"
)

// label is one entry of the pytorch-dev corpus' labels.json.
type label = corpustest.Label

// decodeFile parses a whole log the way the follower would, in chunks.
func decodeFile(t testing.TB, path string) ([]decode.Record, decode.Format) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := decode.NewDecoder("", path)
	var recs []decode.Record
	for len(data) > 0 {
		n := min(len(data), 32<<10)
		recs = dec.Feed(data[:n], recs)
		data = data[n:]
	}
	return dec.Flush(recs), dec.Format()
}

// runResult is what one streamed log produced.
type runResult struct {
	file     string
	label    label
	records  int
	state    detect.State
	declared float64 // step at which the detector first declared convergence, NaN if never
	patience float64 // step at which the patience rule stopped, NaN if never
	critical float64 // step of the first critical finding, NaN if none
}

// patience is Keras' EarlyStopping(patience=10, min_delta=1e-4) on an EMA of
// the loss, applied point by point.
type patience struct {
	ema, best float64
	n, wait   int
	stopped   float64
}

func (p *patience) observe(step, v float64) {
	if !math.IsNaN(p.stopped) || math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	p.n++
	if p.n == 1 {
		p.ema, p.best = v, math.Inf(1)
	} else {
		p.ema += 0.1 * (v - p.ema)
	}
	if p.ema < p.best-1e-4 {
		p.best, p.wait = p.ema, 0
		return
	}
	if p.wait++; p.wait >= 10 {
		p.stopped = step
	}
}

func streamRun(t *testing.T, path string, lb label) runResult {
	recs, format := decodeFile(t, path)
	tr := detect.New(detect.WithFramework(format.Framework()))
	res := runResult{file: filepath.Base(path), label: lb, records: len(recs), declared: math.NaN(), critical: math.NaN()}
	for _, r := range recs {
		for _, m := range r.Metrics {
			for _, ev := range tr.Observe(m.Name, r.Step, m.Value) {
				switch {
				case ev.Kind == detect.EventConverged && math.IsNaN(res.declared):
					res.declared = ev.Convergence.AtStep.Float()
				case ev.Kind == detect.EventFinding && math.IsNaN(res.critical) && ev.Finding.Severity == detect.SeverityCritical:
					res.critical = r.Step
				}
			}
		}
	}
	res.state = tr.State()
	p := patience{stopped: math.NaN()}
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == res.state.Primary {
				p.observe(r.Step, m.Value)
			}
		}
	}
	res.patience = p.stopped
	return res
}

func TestCorpusVerdicts(t *testing.T) {
	dir, labels := corpustest.Labels(t)
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	var results []runResult
	for _, n := range names {
		res := streamRun(t, filepath.Join(dir, n), labels[n])
		if res.records == 0 {
			t.Errorf("%s: no records parsed", n)
		}
		results = append(results, res)
	}
	printRuns(t, results)
	correct, convOK, convN := 0, 0, 0
	var convErr []float64
	for _, r := range results {
		v := string(r.state.Verdict)
		if v == r.label.Kind {
			correct++
		}
		if (r.label.Kind == "converged" || r.label.Kind == "converging") && r.state.Verdict.Failing() {
			t.Errorf("%s: labelled %s but the detector says %s", r.file, r.label.Kind, v)
		}
		if r.label.ConvergenceStep != nil {
			convN++
			// The reader counts x in the log's own unit (epochs for
			// HuggingFace console dicts): map it to the label's steps
			// through the last x of the primary, as score.py does.
			toSteps := func(x float64) float64 {
				if last := r.state.Metrics[r.state.Primary].LastStep.Float(); last > 0 {
					return x * float64(r.label.Steps) / last
				}
				return x
			}
			// issue 9: convergence declared (first, live) no earlier than
			// 10% of the run before the settling step
			if early := *r.label.ConvergenceStep - 0.1*float64(r.label.Steps); toSteps(r.declared) < early {
				t.Errorf("%s: convergence first declared at step %v, before %v (10%% of the run before the settling step %v)",
					r.file, toSteps(r.declared), early, *r.label.ConvergenceStep)
			}
			if c := r.state.Convergence; c != nil {
				step := toSteps(c.Step.Float())
				e := math.Abs(step-*r.label.ConvergenceStep) / float64(r.label.Steps)
				convErr = append(convErr, e)
				if e <= 0.1 {
					convOK++
				}
			}
		}
	}
	t.Log(confusion(results))
	t.Log(patienceTable(results))
	t.Log(divergenceTable(results))
	acc := float64(correct) / float64(len(results))
	t.Logf("verdict accuracy %d/%d = %.1f%%; convergence points within 10%% of the run: %d/%d (|error| median %.1f%%, max %.1f%% of the run)",
		correct, len(results), 100*acc, convOK, convN, 100*med(convErr), 100*slices.Max(append(convErr, 0)))
	if acc < 0.9 {
		t.Errorf("verdict accuracy %.1f%% < 90%%", 100*acc)
	}
	if convN > 0 && float64(convOK) < 0.8*float64(convN) {
		t.Errorf("only %d of %d convergence points within 10%% of the run length", convOK, convN)
	}
}

func printRuns(t *testing.T, results []runResult) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-34s %6s %-12s %-12s %9s %9s %s\n", "file", "recs", "label", "verdict", "conv", "label@", "primary")
	for _, r := range results {
		conv, want := "-", "-"
		if r.state.Convergence != nil {
			conv = fmt.Sprint(r.state.Convergence.Step)
		}
		if r.label.ConvergenceStep != nil {
			want = fmt.Sprint(*r.label.ConvergenceStep)
		}
		mark := ""
		if string(r.state.Verdict) != r.label.Kind {
			mark = "  ✗"
		}
		fmt.Fprintf(&b, "%-34s %6d %-12s %-12s %9s %9s %s%s\n", r.file, r.records, r.label.Kind, r.state.Verdict, conv, want, r.state.Primary, mark)
	}
	t.Log(b.String())
}

// confusion renders the verdict × label table.
func confusion(results []runResult) string {
	kinds := []string{"converged", "converging", "diverging", "oscillating", "overfitting", "slow", "plateau", "insufficient-data"}
	count := map[[2]string]int{}
	for _, r := range results {
		count[[2]string{r.label.Kind, string(r.state.Verdict)}]++
	}
	var b strings.Builder
	b.WriteString("\nconfusion: rows = label kind, columns = detector verdict\n")
	fmt.Fprintf(&b, "%-12s", "")
	for _, k := range kinds {
		fmt.Fprintf(&b, " %5.5s", k)
	}
	b.WriteString("\n")
	for _, l := range kinds[:7] {
		fmt.Fprintf(&b, "%-12s", l)
		for _, k := range kinds {
			fmt.Fprintf(&b, " %5d", count[[2]string{l, k}])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// patienceTable compares when the detector and the patience rule declare
// convergence, against the labelled convergence step, and how often each
// declares it on a run that is not labelled converged.
func patienceTable(results []runResult) string {
	var b strings.Builder
	b.WriteString("\ndetector vs patience rule (Keras EarlyStopping(patience=10, min_delta=1e-4) on EMA-smoothed loss)\n")
	fmt.Fprintf(&b, "%-34s %9s %9s %9s %9s %9s\n", "converged run", "label@", "detector", "Δ", "patience", "Δ")
	var dDelta, pDelta []float64
	detFalse, patFalse, other := 0, 0, 0
	for _, r := range results {
		if r.label.ConvergenceStep == nil {
			other++
			if !math.IsNaN(r.declared) {
				detFalse++
				fmt.Fprintf(&b, "  detector declared convergence at step %.0f on %s (%s)\n", r.declared, r.file, r.label.Kind)
			}
			if !math.IsNaN(r.patience) {
				patFalse++
			}
			continue
		}
		want := *r.label.ConvergenceStep
		fmt.Fprintf(&b, "%-34s %9.0f %9.0f %+9.0f %9.0f %+9.0f\n", r.file, want, r.declared, r.declared-want, r.patience, r.patience-want)
		dDelta = append(dDelta, r.declared-want)
		pDelta = append(pDelta, r.patience-want)
	}
	fmt.Fprintf(&b, "median declaration minus labelled convergence step: detector %+.0f, patience %+.0f\n", med(dDelta), med(pDelta))
	fmt.Fprintf(&b, "false declarations on the %d runs not labelled converged: detector %d, patience %d\n", other, detFalse, patFalse)
	return b.String()
}

func med(xs []float64) float64 {
	var s []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	sort.Float64s(s)
	return s[len(s)/2]
}

// divergenceTable shows, for the runs labelled diverging, how many steps
// after the labelled onset (or first non-finite value) the detector raised
// its first critical finding.
func divergenceTable(results []runResult) string {
	var b strings.Builder
	b.WriteString("\ndiverging runs: first critical finding vs labelled onset / first non-finite step\n")
	fmt.Fprintf(&b, "%-34s %9s %9s %9s\n", "run", "onset", "critical", "delay")
	for _, r := range results {
		var onset *float64
		switch {
		case r.label.FirstNonfinite != nil:
			onset = r.label.FirstNonfinite
		case r.label.OnsetStep != nil:
			onset = r.label.OnsetStep
		default:
			continue
		}
		fmt.Fprintf(&b, "%-34s %9.0f %9.0f %+9.0f\n", r.file, *onset, r.critical, r.critical-*onset)
	}
	return b.String()
}
