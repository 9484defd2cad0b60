package detect

import (
	"math"
	"strings"
	"testing"
)

// approach is an exponential approach from start to floor with time
// constant tau (in points).
func approach(start, floor, tau float64) curveFunc {
	return func(i, n int) float64 { return floor + (start-floor)*math.Exp(-float64(i)/tau) }
}

// line falls linearly from start to end over the run.
func line(start, end float64) curveFunc {
	return func(i, n int) float64 { return start + (end-start)*float64(i)/float64(n) }
}

func TestVerdictsJudgeProgressAgainstTheFloorAndTrendsAgainstTheNoise(t *testing.T) {
	tests := []struct {
		name    string
		points  []point
		verdict Verdict
	}{
		// a language model: 11 → 3.3 and flat is all it could do
		{"language model flattening at its entropy", synth("loss", 3000, approach(11, 3.28, 300), 0.02, 1), VerdictConverged},
		// a detector whose loss ends 40% below its start, at its floor
		{"multi-term loss at a floor far above zero", synth("loss", 1500, approach(2, 1.2, 100), 0.03, 2), VerdictConverged},
		// a straight fall shows no floor: judged against zero it is slow
		{"straight creep, not halfway down", synth("loss", 1500, line(1.5, 1.2), 0.03, 3), VerdictSlow},
		// 100-step means fall in every window, though each point is noisy
		{"small fall in noise, steady", synth("loss", 1500, line(0.686, 0.587), 0.05, 4), VerdictSlow},
		{"flat at chance with a drift lost in the noise", synth("loss", 1500, line(0.707, 0.700), 0.05, 5), VerdictPlateau},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			feed(tr, tc.points)
			if st := tr.State(); st.Verdict != tc.verdict {
				t.Errorf("verdict %s, want %s (findings %+v)", st.Verdict, tc.verdict, st.Findings)
			}
		})
	}
}

// withValidation adds a validation point every 50 steps, at 1.1 times the
// training loss, and NaN at the steps in bad.
func withValidation(pts []point, bad ...float64) []point {
	var val []point
	for _, p := range pts {
		if int(p.step)%50 != 0 {
			continue
		}
		v := p.value * 1.1
		for _, b := range bad {
			if p.step == b {
				v = math.NaN()
			}
		}
		val = append(val, point{"val_loss", p.step, v})
	}
	return merge(pts, val)
}

func TestNonfiniteValuesBesideTheLoss(t *testing.T) {
	healthy := synth("loss", 1500, decay(1, 150, 0.05), 0.05, 6)
	t.Run("one NaN evaluation that recovers", func(t *testing.T) {
		tr := New()
		evs := feed(tr, withValidation(healthy, 500))
		if st := tr.State(); st.Verdict.Failing() || findingOf(st, KindNonfinite) != nil {
			t.Fatalf("verdict %s with findings %v after a validation NaN that recovered", st.Verdict, kinds(st.Findings))
		}
		raised, cleared := false, false
		for _, e := range evs {
			raised = raised || e.Kind == EventFinding && e.Finding.Kind == KindNonfinite
			cleared = cleared || e.Kind == EventCleared && e.Finding.Kind == KindNonfinite
		}
		if !raised || !cleared {
			t.Errorf("the NaN evaluation was raised %v and cleared %v, want both", raised, cleared)
		}
	})
	t.Run("validation NaN to the end", func(t *testing.T) {
		tr := New()
		feed(tr, withValidation(healthy, 1450, 1500))
		if st := tr.State(); st.Verdict != VerdictDiverging || findingOf(st, KindNonfinite) == nil {
			t.Errorf("verdict %s with findings %v, want diverging with nonfinite", st.Verdict, kinds(st.Findings))
		}
	})
	t.Run("grad_norm NaN beside a loss of 0.0 (HF's NaN filter)", func(t *testing.T) {
		tr := New()
		pts := synth("loss", 200, decay(1, 20, 0.05), 0.05, 7)
		var grad []point
		for i := range pts {
			g := 1.0
			if i >= 190 {
				pts[i].value, g = 0, math.NaN()
			}
			grad = append(grad, point{"grad_norm", pts[i].step, g})
		}
		feed(tr, merge(pts, grad))
		if st := tr.State(); st.Verdict != VerdictDiverging || findingOf(st, KindNonfinite) == nil {
			t.Errorf("verdict %s with findings %v, want diverging with nonfinite", st.Verdict, kinds(st.Findings))
		}
	})
}

// overfitEpochs is a short Keras-like run: training loss falling, the
// validation loss turning up after epoch 6 of 20.
func overfitEpochs() []point {
	var pts []point
	for e := 1; e <= 20; e++ {
		x := float64(e)
		pts = append(pts, point{"loss", x, 1.5 * math.Exp(-x/5)},
			point{"val_loss", x, 0.8 + 0.02*(x-6)*(x-6)})
	}
	return pts
}

func TestFinishMakesTheLiveVerdictTheJudgement(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []point
	}{
		{"20-epoch run that overfits", overfitEpochs()},
		{"healthy decay", synth("loss", 1500, decay(1, 150, 0.05), 0.05, 8)},
		{"slow creep", synth("loss", 1500, line(1.5, 1.2), 0.03, 9)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			feed(tr, tc.pts)
			tr.Finish()
			live, judged := tr.LiveState(), tr.State()
			if live.Verdict != judged.Verdict || judged.Live != judged.Verdict {
				t.Fatalf("after Finish: live %s, judged %s (State.Live %s)", live.Verdict, judged.Verdict, judged.Live)
			}
			if f := findingOf(live, string(live.Verdict)); f == nil && live.Verdict != VerdictInsufficientData {
				t.Fatalf("live verdict %s without its finding: %v", live.Verdict, kinds(live.Findings))
			} else if f != nil && f.Severity != baseSeverity(string(f.Kind)) {
				t.Errorf("at the end the %s finding is %s, want its full severity %s", f.Kind, f.Severity, baseSeverity(string(f.Kind)))
			}
			if evs := tr.Finish(); len(evs) != 0 {
				t.Errorf("a second Finish raised %d events", len(evs))
			}
		})
	}
}

func TestHealthyRunsAreNotWarnedWhileLive(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  []point
	}{
		{"quick decay", synth("loss", 1500, decay(1, 100, 0.05), 0.05, 10)},
		{"slow start, then a fall", synth("loss", 3000, func(i, n int) float64 { return 0.1 + 2/(1+math.Exp(float64(i-600)/120)) }, 0.05, 11)},
		{"noisy decay", synth("loss", 3000, decay(2, 300, 0.05), 0.15, 12)},
		{"language model", synth("loss", 5000, approach(11, 3.3, 800), 0.03, 13)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			evs := feed(tr, tc.pts)
			evs = append(evs, tr.Finish()...)
			for _, e := range evs {
				if e.Kind == EventFinding && Verdict(e.Finding.Kind).Failing() && e.Finding.Kind != KindSpike &&
					e.Finding.Severity != SeverityInfo {
					t.Errorf("a healthy run was warned at step %v: %s %s", e.Finding.Step, e.Finding.Severity, e.Finding.Message)
				}
			}
			if v := tr.LiveState().Verdict; v.Failing() {
				t.Errorf("a healthy run ends live on %s", v)
			}
		})
	}
}

// firstWarning returns the step of the first plateau finding raised at
// warning severity, NaN if none.
func firstWarning(evs []Event, kind string) float64 {
	for _, e := range evs {
		if e.Kind == EventFinding && string(e.Finding.Kind) == kind && e.Finding.Severity == SeverityWarning {
			return e.Finding.Step.Float()
		}
	}
	return math.NaN()
}

func TestFailuresAreWarnedOnceTheirEvidenceIsComplete(t *testing.T) {
	stuck := synth("loss", 3000, func(i, n int) float64 { return math.Log(4) }, 0.02, 14)
	tr := New()
	at := firstWarning(feed(tr, stuck), KindPlateau)
	if !(at >= minStandPoints && at <= 1200) {
		t.Errorf("a run stuck at chance was warned at step %v, want after %d points and well before the end", at, minStandPoints)
	}
	tr = New()
	tr.SetHorizon(400)
	at = firstWarning(feed(tr, stuck[:400]), KindPlateau)
	if !(at >= 200 && at < 260) {
		t.Errorf("with a horizon of 400 steps the plateau was warned at step %v, want just past half of it", at)
	}
	tr = New()
	evs := feed(tr, stuck[:300])
	if !math.IsNaN(firstWarning(evs, KindPlateau)) {
		t.Fatal("a 300-point plateau without a horizon was warned before the end of input")
	}
	if !(firstWarning(tr.Finish(), KindPlateau) == 300) {
		t.Error("Finish did not raise the plateau at its full severity")
	}
}

func TestConvergedIsAnnouncedOnce(t *testing.T) {
	tr := New()
	n := 0
	for _, e := range feed(tr, synth("loss", 4000, decay(1.5, 300, 0.02), 0.1, 15)) {
		if e.Kind == EventConverged {
			n++
		}
	}
	if n != 1 {
		t.Errorf("converged announced %d times, want once", n)
	}
}

func TestRestartTooShortToJudgeKeepsTheSegmentBefore(t *testing.T) {
	tr := New()
	feed(tr, synth("loss", 300, decay(1, 30, 0.05), 0.02, 16))
	feed(tr, synth("loss", 4, decay(0.1, 3, 0.5), 0.02, 17)) // a second fit() logged 4 points
	st := tr.State()
	if st.Verdict != VerdictConverged || st.Metrics["loss"].Restarts != 1 {
		t.Errorf("verdict %s after a 4-point restart (restarts %d), want the first segment's converged", st.Verdict, st.Metrics["loss"].Restarts)
	}
}

func TestTheBestNamedIsTheBestThereWas(t *testing.T) {
	tr := New()
	for i := 0; i < 200; i++ {
		tr.Observe("my_metric", float64(i), float64(i)/2) // go-tensorboard's fixture: step/2
	}
	st := tr.State()
	f := findingOf(st, KindDiverging)
	if f == nil {
		t.Fatalf("verdict %s, findings %v: want a diverging finding", st.Verdict, kinds(st.Findings))
	}
	if !strings.Contains(f.Message, "lowest single value 0 at step 0") {
		t.Errorf("the message does not name the lowest value there was: %s", f.Message)
	}
	if _, whole := f.SinceStep.Int(); !whole {
		t.Errorf("since step %v is not a step of the run", f.SinceStep)
	}
}

func TestADivergenceIsFlaggedWithinATenthOfTheRun(t *testing.T) {
	noise := noiseTable(4096)
	for _, tc := range []struct {
		name  string
		after func(k int) float64
		at15  float64 // steps after the onset at which the loss is 1.5× its level
	}{
		{"growing 1% a step", func(k int) float64 { return math.Pow(1.01, float64(k)) }, math.Log(1.5) / math.Log(1.01)},
		{"doubling in 250 steps", func(k int) float64 { return 1 + float64(k)/250 }, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const onset = 2000
			d := detectionDelay(onset, noise, tc.after)
			if d < 0 || d-tc.at15 > 0.1*(onset+d) {
				t.Errorf("flagged %v steps after the onset, %v after it reached 1.5× its level: want within a tenth of the run", d, d-tc.at15)
			}
		})
	}
}
