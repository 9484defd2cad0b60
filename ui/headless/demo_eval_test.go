package headless_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/monitor/demo"
)

// TestDemoScenarioVerdicts streams every demo scenario's log through the
// parser and the detector, prints verdict against the scenario's expected
// verdicts with the detector's and the patience rule's convergence
// declarations, and fails when fewer than 90% get an expected verdict.
func TestDemoScenarioVerdicts(t *testing.T) {
	if testing.Short() || evalUnderRace {
		t.Skip("trains ten networks: too slow under -short or -race")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-15s %-12s %-24s %9s %9s %9s\n", "scenario", "verdict", "expected", "conv", "declared", "patience")
	ok := 0
	scs := demo.Scenarios()
	for _, sc := range scs {
		var log bytes.Buffer
		if err := demo.Run(context.Background(), sc.Name, &log); err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		dec := decode.NewDecoder("", sc.Name+".jsonl")
		recs := dec.Flush(dec.Feed(log.Bytes(), nil))
		tr := detect.New(detect.WithFramework(dec.Format().Framework()))
		declared := math.NaN()
		p := patience{stopped: math.NaN()}
		for _, r := range recs {
			for _, m := range r.Metrics {
				for _, ev := range tr.Observe(m.Name, r.Step, m.Value) {
					if ev.Kind == detect.EventConverged && math.IsNaN(declared) {
						declared = ev.Convergence.AtStep.Float()
					}
				}
				if detect.RoleOf(m.Name) == detect.RoleTrainLoss {
					p.observe(r.Step, m.Value)
				}
			}
		}
		st := tr.State()
		conv := math.NaN()
		if st.Convergence != nil {
			conv = st.Convergence.Step.Float()
		}
		mark := "  ✗"
		if slices.Contains(sc.Expect, string(st.Verdict)) {
			ok++
			mark = ""
		}
		fmt.Fprintf(&b, "%-15s %-12s %-24s %9.0f %9.0f %9.0f%s\n", sc.Name, st.Verdict, strings.Join(sc.Expect, "|"), conv, declared, p.stopped, mark)
	}
	t.Log(b.String())
	t.Logf("demo scenarios with an expected verdict: %d/%d", ok, len(scs))
	if float64(ok) < 0.9*float64(len(scs)) {
		t.Errorf("only %d of %d demo scenarios get an expected verdict", ok, len(scs))
	}
}
