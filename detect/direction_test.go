package detect

import (
	"math"
	"strings"
	"testing"
)

func TestHigherIsBetterByName(t *testing.T) {
	for name, want := range map[string]bool{
		"accuracy": true, "val_acc": true, "eval_accuracy": true, "metrics/mAP_0.5": true, "map50": true,
		"bleu": true, "eval_f1": true, "top1": true, "metrics/precision": true, "rouge2": true, "auc": true,
		"loss": false, "val_loss": false, "acc_loss": false, "lr": false, "grad_norm": false, "epoch": false,
		"train/box_loss": false, "mapping_time": false, "apex": false, "perplexity": false,
	} {
		if got := HigherIsBetter(name); got != want {
			t.Errorf("HigherIsBetter(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestCeilingIsTheScaleOfTheFirstValue(t *testing.T) {
	for _, tc := range []struct{ first, want float64 }{
		{0.1, 1}, {1, 1}, {0.0, 0}, {-250, 0}, {12.5, 100}, {100, 100}, {350, 1000},
	} {
		if got := ceilingFor(tc.first); got != tc.want {
			t.Errorf("ceilingFor(%g) = %g, want %g", tc.first, got, tc.want)
		}
	}
}

// accuracy makes n points of an accuracy that follows f, with additive
// noise (multiplicative noise would shrink as an accuracy falls).
func accuracy(n int, f curveFunc, noise float64, seed uint64) []point {
	pts := synth("accuracy", n, func(int, int) float64 { return 1 }, noise, seed)
	for i := range pts {
		pts[i].value += f(i, n) - 1
	}
	return pts
}

func TestAccuracyIsJudgedTheRightWayUp(t *testing.T) {
	rising := func(i, n int) float64 { return 0.95 - 0.85*math.Exp(-float64(i)/100) }
	for _, tc := range []struct {
		name    string
		f       curveFunc
		verdict Verdict
	}{
		{"learning", rising, VerdictConverged},
		{"collapsing", func(i, n int) float64 { return rising(min(i, 500), n) - 0.6*float64(max(0, i-500))/500 }, VerdictDiverging},
		{"at chance", func(int, int) float64 { return 0.1 }, VerdictPlateau},
		{"slow", func(i, n int) float64 { return 0.1 + 0.0002*float64(i) }, VerdictSlow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			feed(tr, accuracy(1000, tc.f, 0.005, 21))
			st := tr.State()
			if st.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s: %+v", st.Verdict, tc.verdict, st.Findings)
			}
			sum := st.Metrics["accuracy"]
			if !sum.HigherIsBetter || st.Lowest != sum.Max || st.Best > sum.Max || st.Best < sum.Min {
				t.Errorf("best single value %g, smoothed best %g, range %g–%g: the best of an accuracy is its highest",
					st.Lowest, st.Best, sum.Min, sum.Max)
			}
			if math.Abs(st.Smoothed-sum.Last) > 0.05 {
				t.Errorf("smoothed level %g, last %g: want the accuracy's own level", st.Smoothed, sum.Last)
			}
			if c := st.Convergence; c != nil && math.Abs(c.Level-0.95) > 0.02 {
				t.Errorf("convergence level %g, want the accuracy's, about 0.95", c.Level)
			}
		})
	}
}

func TestAccuracyDropIsASpikeDownward(t *testing.T) {
	pts := accuracy(1500, func(i, n int) float64 { return 0.9 - 0.8*math.Exp(-float64(i)/150) }, 0.005, 22)
	pts[899].value -= 0.4
	tr := New()
	var msg string
	for _, e := range feed(tr, pts) {
		if e.Kind == EventFinding && e.Finding.Kind == KindSpike {
			msg = e.Finding.Message
			if v := e.Finding.Evidence["spike_value"]; math.Abs(v-pts[899].value) > 1e-9 {
				t.Errorf("spike value %g, want the accuracy it dropped to, %g", v, pts[899].value)
			}
		}
	}
	if !strings.Contains(msg, "accuracy dropped to 0.49") || !strings.Contains(msg, "below its running level 0.89") {
		t.Errorf("spike message %q: want the drop in accuracy's own terms", msg)
	}
}

func TestNaNAccuracyNamesItsHighestAsBest(t *testing.T) {
	pts := accuracy(200, func(i, n int) float64 { return 0.9 - 0.8*math.Exp(-float64(i)/30) }, 0.005, 23)
	pts = append(pts, point{"accuracy", 201, math.NaN()})
	tr := New()
	feed(tr, pts)
	f := findingOf(tr.State(), KindNonfinite)
	if f == nil || f.Evidence["best"] < 0.89 || strings.Contains(f.Message+f.Remedies[0].Why, "the loss") {
		t.Fatalf("NaN finding %+v: want the highest accuracy as its best, and no loss named", f)
	}
}
