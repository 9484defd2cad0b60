package detect

import (
	"math"
	"slices"
	"testing"
)

// liveLog is what Observe said over a stream: the convergence marks and
// the raised and cleared findings of each kind, in order.
type liveLog struct {
	marks   []Convergence
	raised  map[string][]float64 // kind → steps raised
	cleared map[string][]float64 // kind → steps cleared
	verdict []string             // verdict kinds in the order raised
}

func replay(tr *Tracker, pts []point) liveLog {
	lg := liveLog{raised: map[string][]float64{}, cleared: map[string][]float64{}}
	active := map[string]bool{}
	for _, p := range pts {
		for _, e := range tr.Observe(p.metric, p.step, p.value) {
			switch e.Kind {
			case EventConverged:
				lg.marks = append(lg.marks, *e.Convergence)
			case EventFinding:
				k := string(e.Finding.Kind)
				if active[k] {
					continue // raised again at a higher severity: the same finding
				}
				active[k] = true
				lg.raised[k] = append(lg.raised[k], p.step)
				if kinds := verdictKinds(); slices.Contains(kinds[:], k) {
					lg.verdict = append(lg.verdict, k)
				}
			case EventCleared:
				k := string(e.Finding.Kind)
				delete(active, k)
				lg.cleared[k] = append(lg.cleared[k], p.step)
			}
		}
	}
	return lg
}

func TestConvergenceIsWithdrawnWhenTheRunThenDiverges(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale float64
		n     int
	}{
		{"loss of 2, 3000 steps", 2, 3000},
		{"loss of 60, 1500 steps", 60, 1500},
		{"loss of 0.001, 6000 steps", 0.001, 6000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			settle := tc.n * 2 / 3
			f := func(i, n int) float64 {
				v := tc.scale * (0.05 + math.Exp(-float64(i)/float64(n/20)))
				if i > settle {
					v *= math.Exp(float64(i-settle) / float64(n/30)) // blows up: ×e every n/30 steps
				}
				return v
			}
			tr := New()
			lg := replay(tr, synth("loss", tc.n, f, 0.02, 5))
			if len(lg.marks) == 0 || len(lg.raised[KindConverged]) == 0 {
				t.Fatalf("never marked converged before the blow-up at step %d (verdicts %v)", settle, lg.verdict)
			}
			if lg.marks[0].AtStep.Float() > float64(settle) {
				t.Errorf("convergence first marked at step %v, after the blow-up began at %d", lg.marks[0].AtStep, settle)
			}
			cl := lg.cleared[KindConverged]
			if len(cl) == 0 || cl[len(cl)-1] < float64(settle) {
				t.Fatalf("converged not cleared after the blow-up at %d: cleared at %v, verdicts %v", settle, cl, lg.verdict)
			}
			if d := lg.raised[KindDiverging]; len(d) == 0 || d[len(d)-1] < cl[len(cl)-1] {
				t.Errorf("diverging raised at %v, converged cleared at %v: want diverging as it is withdrawn", d, cl)
			}
			st := tr.State()
			if st.Live != VerdictDiverging {
				t.Errorf("live verdict at the end %s, want diverging", st.Live)
			}
			if st.Convergence != nil || st.Verdict != VerdictDiverging {
				t.Errorf("state at the end: verdict %s, convergence %+v; want diverging without a convergence point", st.Verdict, st.Convergence)
			}
		})
	}
}

func TestHealthyConvergenceIsMarkedOnceAndDoesNotFlap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		noise float64
		seed  uint64
	}{
		{"1000 steps, quiet", 1000, 0.01, 1},
		{"3000 steps, noisy", 3000, 0.1, 2},
		{"20000 steps, noisy", 20000, 0.1, 3},
		{"300 steps, very noisy", 300, 0.2, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			lg := replay(tr, synth("loss", tc.n, decay(1.5, float64(tc.n)/15, 0.02), tc.noise, tc.seed))
			if len(lg.raised[KindConverged]) != 1 || len(lg.cleared[KindConverged]) != 0 {
				t.Errorf("converged raised at %v and cleared at %v: want raised once, never cleared (verdicts %v)",
					lg.raised[KindConverged], lg.cleared[KindConverged], lg.verdict)
			}
			if len(lg.marks) == 0 {
				t.Fatal("convergence never marked")
			}
			if len(lg.marks) > 2 {
				t.Errorf("convergence marked %d times: %+v", len(lg.marks), lg.marks)
			}
			for i := 1; i < len(lg.marks); i++ {
				if lg.marks[i].Step.Less(lg.marks[i-1].Step) {
					t.Errorf("the mark moved back from step %v to %v", lg.marks[i-1].Step, lg.marks[i].Step)
				}
			}
			seen := map[string]bool{}
			for _, k := range lg.verdict {
				if seen[k] {
					t.Errorf("verdict %s raised again: %v", k, lg.verdict)
				}
				seen[k] = true
			}
			st := tr.State()
			if st.Live != VerdictConverged {
				t.Errorf("live verdict at the end %s, want converged", st.Live)
			}
			if st.Convergence == nil || st.Convergence.Step != lg.marks[len(lg.marks)-1].Step {
				t.Errorf("state's convergence %+v is not the last mark %+v", st.Convergence, lg.marks[len(lg.marks)-1])
			}
		})
	}
}

func TestRestartForgetsHowOftenTheVerdictChanged(t *testing.T) {
	tr := New()
	tr.revisits = 3
	tr.shown[KindPlateau] = true
	feed(tr, synth("loss", 50, decay(1, 10, 0.1), 0.01, 1))
	feed(tr, synth("loss", 20, decay(1, 10, 0.1), 0.01, 2)) // steps 1..20 again: a resumed run
	if tr.revisits != 0 || tr.shown[KindPlateau] && tr.liveKind() != KindPlateau {
		t.Errorf("after a restart: revisits %d, shown %v; want both forgotten", tr.revisits, tr.shown)
	}
}
