package headless_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/monitor/demo"
)

// liveFlapLimit is how many times the live verdict may change after the
// first liveSettleShare of a run before the run counts as flapping.
const (
	liveFlapLimit   = 2
	liveSettleShare = 0.2
	// liveTransientShare: a finding cleared within this share of the run
	// after it was raised was transient (a user saw it come and go).
	liveTransientShare = 0.05
)

// liveRun is what a user following a log saw: the sequence of findings and
// clearings as the points arrived, and the verdict they implied.
type liveRun struct {
	name                      string
	findings, cleared         int
	changes, lateChanges      int
	transients                int
	spikes                    int // spike findings cleared
	convMarks                 int
	first, settled            float64 // share of the run at which the final verdict was first reached, and for good
	final                     string
	state                     string   // the verdict State reports at the end
	path                      []string // the live verdicts in order
	transientNames            []string
	marks                     []string // convergence marks: step@step declared
	lastMark                  float64
	markBack                  int // marks placed before the previous one
	firstStep, lastStep, span float64
}

// liveVerdictKinds are the finding kinds that state a verdict, in the order
// the detector ranks them.
var liveVerdictKinds = []string{detect.KindDiverging, detect.KindOscillating, detect.KindOverfitting,
	detect.KindConverged, detect.KindConverging, detect.KindSlow, detect.KindPlateau}

// streamLive feeds the records point by point, as watch does, and measures
// the live sequence of events.
func streamLive(name string, recs []decode.Record, framework string) liveRun {
	tr := detect.New(detect.WithFramework(framework))
	lr := liveRun{name: name, first: math.NaN(), settled: math.NaN()}
	if len(recs) == 0 {
		return lr
	}
	lr.firstStep, lr.lastStep = recs[0].Step, recs[len(recs)-1].Step
	lr.span = math.Max(1, lr.lastStep-lr.firstStep)
	active := map[string]float64{} // kind → step raised
	type change struct {
		step    float64
		verdict string
		atEnd   bool // made by Finish: the end of input reconciles, it does not flap
	}
	var changes []change
	cur := ""
	// the end of the input: Finish brings the live verdict to the judgement
	end := decode.Record{Step: lr.lastStep, Metrics: []decode.Metric{{Name: ""}}}
	for i, r := range append(recs, end) {
		for _, m := range r.Metrics {
			evs := tr.Finish
			if i < len(recs) {
				evs = func() []detect.Event { return tr.Observe(m.Name, r.Step, m.Value) }
			}
			for _, ev := range evs() {
				switch ev.Kind {
				case detect.EventFinding:
					lr.findings++
					active[string(ev.Finding.Kind)] = r.Step
				case detect.EventCleared:
					lr.cleared++
					if ev.Finding.Kind == detect.KindSpike {
						lr.spikes++ // a spike is news for a while, then cleared: by design
					} else if at, ok := active[string(ev.Finding.Kind)]; ok && r.Step-at <= liveTransientShare*lr.span {
						lr.transients++
						lr.transientNames = append(lr.transientNames, fmt.Sprintf("%s@%.0f-%.0f", ev.Finding.Kind, at, r.Step))
					}
					delete(active, string(ev.Finding.Kind))
				case detect.EventConverged:
					if lr.convMarks > 0 && ev.Convergence.Step.Float() < lr.lastMark {
						lr.markBack++
					}
					lr.convMarks++
					lr.lastMark = ev.Convergence.Step.Float()
					lr.marks = append(lr.marks, fmt.Sprintf("%v@%.0f", ev.Convergence.Step, r.Step))
				}
			}
			v := liveVerdict(active)
			if v != cur && v != "" {
				changes = append(changes, change{r.Step, v, i == len(recs)})
			}
			if v != "" {
				cur = v
			}
		}
	}
	lr.final = cur
	lr.state = string(tr.State().Verdict)
	for i, c := range changes {
		lr.path = append(lr.path, fmt.Sprintf("%s@%.0f", c.verdict, c.step))
		share := (c.step - lr.firstStep) / lr.span
		if i > 0 {
			lr.changes++
			if share > liveSettleShare && !c.atEnd {
				lr.lateChanges++
			}
		}
		if c.verdict == lr.final {
			if math.IsNaN(lr.first) {
				lr.first = share
			}
			lr.settled = share
		}
	}
	return lr
}

// liveVerdict is the verdict the active findings state: non-finite values
// are diverging, else the highest-ranked verdict finding in force.
func liveVerdict(active map[string]float64) string {
	if _, ok := active[detect.KindNonfinite]; ok {
		return detect.KindDiverging
	}
	for _, k := range liveVerdictKinds {
		if _, ok := active[k]; ok {
			return k
		}
	}
	return ""
}

// liveTable renders the runs and returns the names of those that flapped.
func liveTable(t *testing.T, runs []liveRun) (flapping []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-34s %5s %5s %5s %5s %5s %5s %5s %6s %6s %-3s %s\n", "run", "find", "clear", "spk", "trans", "chg", "late", "conv",
		"first%", "final%", "end", "live verdicts")
	sum := liveRun{}
	for _, r := range runs {
		end := "ok"
		if r.final != r.state && !(r.final == "" && r.state == string(detect.VerdictInsufficientData)) {
			end = "≠" + r.state
		}
		fmt.Fprintf(&b, "%-34s %5d %5d %5d %5d %5d %5d %5d %6.0f %6.0f %-3s %s\n", r.name, r.findings, r.cleared, r.spikes, r.transients, r.changes,
			r.lateChanges, r.convMarks, 100*r.first, 100*r.settled, end, strings.Join(r.path, " → "))
		if len(r.marks) > 1 {
			fmt.Fprintf(&b, "%-34s convergence marks: %s\n", "", strings.Join(r.marks, ", "))
		}
		if len(r.transientNames) > 0 {
			fmt.Fprintf(&b, "%-34s transient: %s\n", "", strings.Join(r.transientNames, ", "))
		}
		sum.findings += r.findings
		sum.cleared += r.cleared
		sum.transients += r.transients
		sum.spikes += r.spikes
		sum.changes += r.changes
		sum.lateChanges += r.lateChanges
		if r.lateChanges > liveFlapLimit || r.markBack > 0 {
			flapping = append(flapping, r.name)
		}
	}
	fmt.Fprintf(&b, "%-34s %5d %5d %5d %5d %5d %5d\n", "total", sum.findings, sum.cleared, sum.spikes, sum.transients, sum.changes, sum.lateChanges)
	b.WriteString("find/clear: finding and cleared events; spk: spike findings cleared (by design, after a while); trans: other findings cleared\n" +
		"within 5% of the run; chg: live verdict changes; " +
		"late: changes after the first 20% of the run; conv: convergence marks; first%/final%: where the final verdict was first / for good reached;\n" +
		"end: whether the last live verdict is the one State reports at the end\n")
	t.Log(b.String())
	return flapping
}

// liveEndsRight counts the runs whose last live verdict is right (ok
// reports it for one) and fails below 90%.
func liveEndsRight(t *testing.T, runs []liveRun, ok func(liveRun) bool) {
	t.Helper()
	right := 0
	var wrong []string
	for _, r := range runs {
		if ok(r) {
			right++
		} else {
			wrong = append(wrong, r.name+" ("+r.final+")")
		}
	}
	t.Logf("last live verdict right on %d/%d runs; wrong on: %s", right, len(runs), strings.Join(wrong, ", "))
	if float64(right) < 0.9*float64(len(runs)) {
		t.Errorf("the last live verdict is right on only %d of %d runs", right, len(runs))
	}
}

// TestLiveVerdictsDoNotFlapOnTheCorpus replays every pytorch-dev log point
// by point, prints what a user watching it live was told, and fails when a
// run's live verdict changes more than liveFlapLimit times after its first
// 20% or its convergence mark moves back, when a run labelled converged or
// converging ends with a failure verdict live, or when fewer than 90% of the
// runs end with the labelled verdict live (converged and converging count
// as one).
func TestLiveVerdictsDoNotFlapOnTheCorpus(t *testing.T) {
	dir, labels := corpustest.Labels(t)
	var runs []liveRun
	for _, n := range slices.Sorted(maps.Keys(labels)) {
		recs, format := decodeFile(t, filepath.Join(dir, n))
		runs = append(runs, streamLive(n, recs, format.Framework()))
	}
	if flap := liveTable(t, runs); len(flap) > 0 {
		t.Errorf("live verdict or convergence mark flaps on: %s", strings.Join(flap, ", "))
	}
	healthy := func(k string) bool { return k == "converged" || k == "converging" }
	for _, r := range runs {
		if healthy(labels[r.name].Kind) && detect.Verdict(r.final).Failing() {
			t.Errorf("%s: labelled %s, but the live verdict ends %s", r.name, labels[r.name].Kind, r.final)
		}
	}
	liveEndsRight(t, runs, func(r liveRun) bool {
		k := labels[r.name].Kind
		return r.final == k || healthy(k) && healthy(r.final)
	})
}

// TestLiveVerdictsDoNotFlapOnTheDemo does the same for every demo scenario
// with seeds 1 to 3, against the verdicts each scenario expects.
func TestLiveVerdictsDoNotFlapOnTheDemo(t *testing.T) {
	if testing.Short() || evalUnderRace {
		t.Skip("trains thirty networks: too slow under -short or -race")
	}
	var runs []liveRun
	expect := map[string][]string{}
	for _, sc := range demo.Scenarios() {
		for seed := uint64(1); seed <= 3; seed++ {
			var log bytes.Buffer
			if err := demo.Run(context.Background(), sc.Name, &log, demo.WithSeed(seed)); err != nil {
				t.Fatalf("%s: %v", sc.Name, err)
			}
			dec := decode.NewDecoder("", sc.Name+".jsonl")
			recs := dec.Flush(dec.Feed(log.Bytes(), nil))
			name := fmt.Sprintf("%s/s%d", sc.Name, seed)
			expect[name] = sc.Expect
			runs = append(runs, streamLive(name, recs, dec.Format().Framework()))
		}
	}
	if flap := liveTable(t, runs); len(flap) > 0 {
		t.Errorf("live verdict or convergence mark flaps on: %s", strings.Join(flap, ", "))
	}
	liveEndsRight(t, runs, func(r liveRun) bool { return slices.Contains(expect[r.name], r.final) })
}
