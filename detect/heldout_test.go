package detect

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// heldResult is what check and a user watching live were told on one
// held-out run.
type heldResult struct {
	check, live Verdict
	warned      string // the first warning or critical failure finding raised live, "" if none
}

// replayHeld feeds a run point by point as watch does (Observe, then
// Finish at the end of input) and reads check's verdict, the live one and
// the first warning raised before the end.
func replayHeld(run heldRun) heldResult {
	tr := New()
	var res heldResult
	note := func(evs []Event) {
		for _, e := range evs {
			f := e.Finding
			if e.Kind != EventFinding || res.warned != "" || f.Severity == SeverityInfo || f.Kind == KindSpike {
				continue
			}
			if Verdict(f.Kind).Failing() || f.Kind == KindNonfinite {
				res.warned = fmt.Sprintf("%s %s at step %s", f.Severity, f.Kind, stepText(f.Step))
			}
		}
	}
	for _, p := range run.pts {
		note(tr.Observe(p.metric, p.step, p.value))
	}
	tr.Finish()
	res.check, res.live = tr.State().Verdict, tr.LiveState().Verdict
	return res
}

// heldRow is one line of the held-out table: a kind of run.
type heldRow struct {
	kind                         string
	healthy                      bool
	runs, check, live, eq, warns int
}

// TestHeldOutSyntheticRuns measures the detector on a held-out set of
// synthetic runs labelled by construction, at the bars the real held-out
// evaluation sets: check right on 95%, live equal to check on 95%, no
// healthy run ending live on a failure verdict, and at most one healthy
// run in ten ever shown a warning while live. Failing runs must be told
// too: a rule that quietens healthy runs must not lose them.
func TestHeldOutSyntheticRuns(t *testing.T) {
	perKind := 6
	if testing.Short() || underRace {
		perKind = 2
	}
	runs := heldOut(perKind)
	var rows []*heldRow
	row := map[string]*heldRow{}
	var all heldRow
	var failures []string
	for _, run := range runs {
		r := row[run.kind]
		if r == nil {
			r = &heldRow{kind: run.kind, healthy: run.healthy}
			row[run.kind] = r
			rows = append(rows, r)
		}
		res := replayHeld(run)
		okCheck, okLive := slices.Contains(run.accept, res.check), slices.Contains(run.accept, res.live)
		warned := run.healthy && res.warned != ""
		for _, x := range []*heldRow{r, &all} {
			x.runs++
			x.check += b2i(okCheck)
			x.live += b2i(okLive)
			x.eq += b2i(res.check == res.live)
			x.warns += b2i(warned || !run.healthy && res.warned != "")
		}
		if !okCheck || !okLive || warned || res.check != res.live {
			failures = append(failures, fmt.Sprintf("%s (%s): check %s, live %s, warned %q",
				run.kind, run.name, res.check, res.live, res.warned))
		}
		if run.healthy && res.live.Failing() {
			t.Errorf("healthy run %s (%s) ends live on %s", run.kind, run.name, res.live)
		}
	}
	t.Log("\n" + heldTable(rows, all))
	for _, f := range failures {
		t.Log(f)
	}
	var healthy, warned int
	for _, r := range rows {
		if r.healthy {
			healthy += r.runs
			warned += r.warns
		}
	}
	if float64(all.check) < 0.95*float64(all.runs) {
		t.Errorf("check right on %d of %d runs, want 95%%", all.check, all.runs)
	}
	if float64(all.eq) < 0.95*float64(all.runs) {
		t.Errorf("live equals check on %d of %d runs, want 95%%", all.eq, all.runs)
	}
	if 10*warned > healthy {
		t.Errorf("%d of %d healthy runs were shown a warning live, want at most 1 in 10", warned, healthy)
	}
}

// heldTable formats the per-kind results.
func heldTable(rows []*heldRow, all heldRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-34s %5s %6s %6s %6s %s\n", "kind", "runs", "check", "live", "l==c", "warned (healthy: ever; failing: before the end)")
	for _, r := range append(rows, &all) {
		name := r.kind
		if r == &all {
			name = "all"
		}
		fmt.Fprintf(&b, "%-34s %5d %6d %6d %6d %d\n", name, r.runs, r.check, r.live, r.eq, r.warns)
	}
	return b.String()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
