package detect

import (
	"math"
	"strings"
	"testing"
)

// TestTheConvergedFindingSaysTheStatusLinesTrend: a loss that fell 90% and
// still loses a good share of its small level lately is converged (the
// rest is a small share of its fall), and the finding says both numbers:
// the share of the level the status line's trend (State.Trend over
// TrendSpan) gives, and the share of the fall, never one for the other.
func TestTheConvergedFindingSaysTheStatusLinesTrend(t *testing.T) {
	tr := New()
	// a big first fall, then a slow tail that keeps falling on its own scale
	feed(tr, synth("loss", 1000, func(i, n int) float64 {
		x := float64(i)
		return 0.3*math.Exp(-x/600) + 10*math.Exp(-x/40)
	}, 0.01, 21))
	st := tr.State()
	f := findingOf(st, KindConverged)
	if f == nil {
		t.Fatalf("verdict %s, findings %v: want converged", st.Verdict, kinds(st.Findings))
	}
	level := pct(-st.Trend * st.TrendSpan / 1000)
	fall := pct(f.Evidence["trend_share"])
	if !strings.Contains(f.Message, level+" more off its level") || !strings.Contains(f.Message, fall+" of that fall") {
		t.Errorf("the converged sentence does not say %s of the level and %s of the fall: %s", level, fall, f.Message)
	}
	if got := f.Evidence["trend_per_1k"]; got != st.Trend {
		t.Errorf("the finding's trend_per_1k %v is not the state's trend %v", got, st.Trend)
	}
	if level == fall {
		t.Fatalf("the run does not tell the two shares apart (%s): make the tail steeper", level)
	}
}

// TestTheLowestShownNeverRises: the best a view shows while a run goes on
// (State.Lowest) never gets worse within a segment, and the smoothed level
// beside it is never below it, while the smoothed best may move as the
// smoothing is re-evaluated.
func TestTheLowestShownNeverRises(t *testing.T) {
	tr := New()
	pts := synth("loss", 3000, decay(2, 300, 0.1), 0.2, 22)
	last := math.Inf(1)
	for i, p := range pts {
		tr.Observe(p.metric, p.step, p.value)
		if i%50 != 49 {
			continue
		}
		st := tr.LiveState()
		if st.Lowest > last {
			t.Fatalf("at step %v the lowest rose from %v to %v", p.step, last, st.Lowest)
		}
		if st.Smoothed < st.Lowest {
			t.Fatalf("at step %v the smoothed level %v is below the lowest value %v", p.step, st.Smoothed, st.Lowest)
		}
		last = st.Lowest
	}
	tr.Observe("loss", 1, 5) // a restart: a new segment starts its own lowest
	if st := tr.State(); st.Lowest != 5 || st.LowestStep != IntStep(1) {
		t.Errorf("after a restart the lowest is %v at %v, want the new segment's 5 at 1", st.Lowest, st.LowestStep)
	}
}
