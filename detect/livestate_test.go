package detect

import "testing"

// TestLiveStateShowsWhatTheEventsSaid checks that LiveState, sampled as a
// view refreshes, agrees with the events at every moment — its verdict is
// the live one, its verdict finding is that verdict, and it has a
// convergence mark exactly while converged stands — and that on noisy runs
// near the plateau/slow threshold it changes far less often than the
// judgement does.
func TestLiveStateShowsWhatTheEventsSaid(t *testing.T) {
	tests := []struct {
		name string
		pts  []point
	}{
		{"healthy decay", synth("loss", 3000, decay(2, 300, 0.05), 0.15, 1)},
		{"slow creep at the plateau threshold", synth("loss", 3000, func(i, n int) float64 { return 1 - 0.2*float64(i)/float64(n) }, 0.1, 2)},
		{"warm-up blow-up", synth("loss", 2000, func(i, n int) float64 {
			if i < 800 {
				return 2 * (0.05 + 1/(1+float64(i)/50))
			}
			return 0.2 * (1 + float64(i-800)/40)
		}, 0.1, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New()
			var liveChanges, judgedChanges int
			var lastLive, lastJudged Verdict
			for i, p := range tt.pts {
				tr.Observe(p.metric, p.step, p.value)
				if i%10 != 0 {
					continue
				}
				judged, live := tr.State(), tr.LiveState()
				if live.Verdict != judged.Live {
					t.Fatalf("step %v: LiveState verdict %s, State.Live %s", p.step, live.Verdict, judged.Live)
				}
				if (live.Convergence != nil) != (live.Verdict == VerdictConverged) {
					t.Fatalf("step %v: verdict %s with convergence %+v", p.step, live.Verdict, live.Convergence)
				}
				if live.Verdict != VerdictInsufficientData && !hasKind(live.Findings, string(live.Verdict)) && !hasKind(live.Findings, KindNonfinite) {
					t.Fatalf("step %v: verdict %s but findings %v", p.step, live.Verdict, kinds(live.Findings))
				}
				if live.Verdict != lastLive {
					liveChanges, lastLive = liveChanges+1, live.Verdict
				}
				if judged.Verdict != lastJudged {
					judgedChanges, lastJudged = judgedChanges+1, judged.Verdict
				}
			}
			if liveChanges > 6 || liveChanges > judgedChanges {
				t.Errorf("live verdict changed %d times (judgement %d)", liveChanges, judgedChanges)
			}
			t.Logf("verdict changes: live %d, judgement %d", liveChanges, judgedChanges)
		})
	}
}

func hasKind(fs []Finding, kind string) bool {
	for _, f := range fs {
		if string(f.Kind) == kind {
			return true
		}
	}
	return false
}

func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Kind))
	}
	return out
}
