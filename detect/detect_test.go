package detect

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestVerdictOnSyntheticCurves(t *testing.T) {
	tests := []struct {
		name    string
		points  []point
		verdict Verdict
		kind    string // a finding that must be active
	}{
		{"healthy decay at scale 1e-3", synth("loss", 1500, decay(1e-3, 150, 0.05), 0.05, 1), VerdictConverged, KindConverged},
		{"healthy decay at scale 60", synth("loss", 1500, decay(60, 150, 0.05), 0.05, 1), VerdictConverged, KindConverged},
		{"still falling at the end", synth("loss", 1500, decay(1, 600, 0.02), 0.05, 2), VerdictConverging, KindConverging},
		{"warm-up that overshoots", synth("loss", 1500, func(i, n int) float64 {
			if i < 300 {
				return 0.3 + math.Exp(-float64(i)/60)
			}
			return 0.3 + math.Exp(-5) + float64(i-300)/200
		}, 0.05, 3), VerdictDiverging, KindDiverging},
		{"hair comb", synth("loss", 1500, func(i, n int) float64 { return 1 - 0.3*float64(i)/float64(n) }, 0.6, 4), VerdictOscillating, KindOscillating},
		{"periodic swings from unshuffled data", synth("loss", 1500, func(i, n int) float64 {
			return (0.6 + 0.4*math.Exp(-float64(i)/200)) * (1 + 0.9*math.Sin(2*math.Pi*float64(i)/50))
		}, 0.02, 5), VerdictOscillating, KindOscillating},
		{"plateau at ln 10", synth("loss", 1500, func(i, n int) float64 { return math.Log(10) }, 0.01, 6), VerdictPlateau, KindPlateau},
		{"slow creep", synth("loss", 1500, func(i, n int) float64 { return 1 - 0.3*float64(i)/float64(n) }, 0.03, 7), VerdictSlow, KindSlow},
		{"30 epochs", synth("loss", 30, decay(2, 3, 0.1), 0.01, 8), VerdictConverged, KindConverged},
		{"too few points", synth("loss", 5, decay(2, 3, 0.1), 0.01, 9), VerdictInsufficientData, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := New()
			feed(tr, tc.points)
			st := tr.State()
			if st.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s; findings %+v", st.Verdict, tc.verdict, st.Findings)
			}
			if tc.kind == "" {
				return
			}
			f := findingOf(st, tc.kind)
			if f == nil {
				t.Fatalf("no %s finding in %+v", tc.kind, st.Findings)
			}
			if f.Message == "" || len(f.Remedies) == 0 || f.Confidence <= 0 || f.Confidence > 1 {
				t.Errorf("finding incomplete: %+v", f)
			}
		})
	}
}

func TestConvergencePointIsScaleInvariant(t *testing.T) {
	var steps []float64
	for _, scale := range []float64{1e-3, 1, 60} {
		tr := New()
		feed(tr, synth("loss", 1500, decay(scale, 150, 0.05), 0.05, 1))
		st := tr.State()
		if st.Convergence == nil {
			t.Fatalf("scale %g: no convergence point (verdict %s)", scale, st.Verdict)
		}
		steps = append(steps, st.Convergence.Step.Float())
	}
	if steps[0] != steps[1] || steps[1] != steps[2] {
		t.Errorf("convergence steps differ across scales: %v", steps)
	}
	// exp(-t/150) falls to 5% of the drop near t = 150·ln 20 ≈ 450
	if steps[0] < 300 || steps[0] > 650 {
		t.Errorf("convergence at %g, want near 450", steps[0])
	}
}

func TestConvergenceHoldsAtAnyLength(t *testing.T) {
	for _, n := range []int{1500, 1_000_000} {
		tr := New()
		feed(tr, synth("loss", n, decay(1, float64(n)/10, 0.05), 0.05, 11))
		st := tr.State()
		if st.Verdict != VerdictConverged || st.Convergence == nil {
			t.Fatalf("n=%d: verdict %s", n, st.Verdict)
		}
		if frac := st.Convergence.Step.Float() / float64(n); frac < 0.2 || frac > 0.45 {
			t.Errorf("n=%d: converged at %.0f (%.2f of the run), want about 0.3", n, st.Convergence.Step.Float(), frac)
		}
		if st.Convergence.AtStep.Less(st.Convergence.Step) {
			t.Errorf("declared at %v before the point itself %v", st.Convergence.AtStep, st.Convergence.Step)
		}
	}
}

func TestNonfiniteIsReportedAtThatPoint(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		tr := New()
		feed(tr, synth("loss", 300, decay(1, 50, 0.1), 0.05, 12))
		evs := tr.Observe("loss", 301, bad)
		if len(evs) != 1 || evs[0].Kind != EventFinding || evs[0].Finding.Kind != KindNonfinite {
			t.Fatalf("events at the non-finite point: %+v", evs)
		}
		f := evs[0].Finding
		if f.Severity != SeverityCritical || f.SinceStep != IntStep(301) || f.Step != IntStep(301) {
			t.Errorf("finding %+v", f)
		}
		if st := tr.State(); st.Verdict != VerdictDiverging {
			t.Errorf("verdict %s, want diverging", st.Verdict)
		}
	}
}

func TestOverfittingReportsTheBestStep(t *testing.T) {
	train := synth("loss", 1500, decay(1, 200, 0.01), 0.03, 13)
	var val []point
	for i := 50; i <= 1500; i += 50 {
		v := 0.3 + 0.7*math.Exp(-float64(i)/100) + 0.0006*math.Max(0, float64(i)-300)
		val = append(val, point{"val_loss", float64(i), v})
	}
	tr := New()
	feed(tr, merge(train, val))
	st := tr.State()
	if st.Verdict != VerdictOverfitting {
		t.Fatalf("verdict %s, want overfitting", st.Verdict)
	}
	f := findingOf(st, KindOverfitting)
	if f.Metric != "val_loss" || f.SinceStep.Float() < 250 || f.SinceStep.Float() > 450 {
		t.Errorf("finding on %s since %v, want val_loss since about 300", f.Metric, f.SinceStep)
	}
	if f.Remedies[0].ID != "early-stopping" {
		t.Errorf("first remedy %s, want early-stopping", f.Remedies[0].ID)
	}
}

func TestSpikesAreFlaggedAtTheJump(t *testing.T) {
	pts := synth("loss", 1500, decay(1, 150, 0.05), 0.03, 14)
	grad := synth("grad_norm", 1500, func(i, n int) float64 { return 0.5 }, 0.05, 15)
	pts[899].value *= 6
	grad[897].value *= 20
	tr := New()
	var spikeAt float64
	for _, p := range merge(grad, pts) {
		for _, e := range tr.Observe(p.metric, p.step, p.value) {
			if e.Kind == EventFinding && e.Finding.Kind == KindSpike {
				spikeAt = p.step
				if e.Finding.StepEvidence["grad_norm_spike_step"] != IntStep(898) {
					t.Errorf("grad-norm spike not linked: %v", e.Finding.Evidence)
				}
				if e.Finding.Remedies[0].ID != "clip-gradients" {
					t.Errorf("first remedy %s, want clip-gradients", e.Finding.Remedies[0].ID)
				}
			}
		}
	}
	if spikeAt != 900 {
		t.Errorf("spike reported at step %g, want 900", spikeAt)
	}
	if st := tr.State(); st.Verdict != VerdictConverged {
		t.Errorf("one spike changed the verdict to %s", st.Verdict)
	}
}

func TestPlateauNotesChanceLevel(t *testing.T) {
	tr := New()
	feed(tr, synth("loss", 800, func(i, n int) float64 { return math.Log(10) }, 0.01, 16))
	f := findingOf(tr.State(), KindPlateau)
	if f == nil || f.Evidence["chance_classes"] != 10 || !strings.Contains(f.Message, "ln 10") {
		t.Fatalf("plateau finding %+v", f)
	}
	if f.Remedies[0].ID != "reinit-weights" {
		t.Errorf("first remedy %s, want reinit-weights", f.Remedies[0].ID)
	}
}

func TestRestartKeepsTheLaterSegment(t *testing.T) {
	tr := New()
	feed(tr, synth("loss", 500, func(i, n int) float64 { return 0.5 + float64(i)/50 }, 0.02, 17))
	feed(tr, synth("loss", 1500, decay(1, 150, 0.05), 0.05, 18))
	st := tr.State()
	if st.Metrics["loss"].Restarts != 1 || st.Metrics["loss"].Points != 1500 {
		t.Errorf("summary %+v, want 1 restart and 1500 points", st.Metrics["loss"])
	}
	if st.Verdict != VerdictConverged {
		t.Errorf("verdict %s, want converged (the later segment)", st.Verdict)
	}
}

// mustFind feeds pts to a tracker made with opts and returns its active
// finding of kind, failing the test when there is none.
func mustFind(t *testing.T, kind string, pts []point, opts ...Option) *Finding {
	t.Helper()
	tr := New(opts...)
	feed(tr, pts)
	f := findingOf(tr.State(), kind)
	if f == nil {
		t.Fatalf("no %s finding", kind)
	}
	return f
}

func TestRemediesUseTheLogsLearningRate(t *testing.T) {
	loss := synth("loss", 1500, func(i, n int) float64 {
		return 0.3 + math.Max(0, float64(i-300))/100
	}, 0.05, 19)
	lr := synth("lr", 1500, func(i, n int) float64 { return 3e-4 }, 0, 20)
	r := mustFind(t, KindDiverging, merge(lr, loss), WithFramework("huggingface")).Remedies[0]
	if r.ID != "lower-lr" || !strings.Contains(r.Title, "0.0003 → 3e-05") || !strings.Contains(r.Snippet, "learning_rate=3e-05") {
		t.Errorf("remedy %+v", r)
	}
}

func TestRemedySnippetsFollowTheFramework(t *testing.T) {
	want := map[string]string{
		"keras":       `keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)`,
		"huggingface": "EarlyStoppingCallback(early_stopping_patience=5)",
		"lightning":   `EarlyStopping(monitor="val_loss", patience=5)`,
		"pytorch":     `torch.save(model.state_dict(), "best.pt")`,
	}
	for fw, snippet := range want {
		tr := New(WithFramework(fw))
		val := synth("val_loss", 1500, decay(1, 150, 0.06), 0.01, 2)
		feed(tr, merge(synth("loss", 1500, decay(1, 150, 0.05), 0.05, 1), val))
		f := findingOf(tr.State(), KindConverged)
		if f == nil || !strings.Contains(f.Remedies[0].Snippet, snippet) {
			t.Errorf("%s: remedies %+v, want snippet %q", fw, f, snippet)
		}
	}
}

func TestEventsAreRaisedOnceAndCleared(t *testing.T) {
	tr := New()
	evs := feed(tr, synth("loss", 1500, func(i, n int) float64 {
		if i < 700 {
			return math.Log(10)
		}
		return 0.1 + 2.2*math.Exp(-float64(i-700)/40)
	}, 0.01, 21))
	raised := map[string]int{}
	cleared := map[string]int{}
	for _, e := range evs {
		switch e.Kind {
		case EventFinding:
			raised[string(e.Finding.Kind)]++
		case EventCleared:
			cleared[string(e.Finding.Kind)]++
		}
	}
	if raised[KindPlateau] == 0 || cleared[KindPlateau] == 0 || raised[KindConverged] == 0 {
		t.Errorf("raised %v, cleared %v: want the plateau raised then cleared, then converged", raised, cleared)
	}
}

func TestPrimaryIsTheTrainingLoss(t *testing.T) {
	tr := New()
	tr.Observe("lr", 1, 0.1)
	tr.Observe("accuracy", 1, 0.5)
	tr.Observe("val_loss", 1, 2)
	tr.Observe("loss", 1, 2)
	if p := tr.State().Primary; p != "loss" {
		t.Errorf("primary %q, want loss", p)
	}
	tr = New(WithPrimary("accuracy"))
	tr.Observe("loss", 1, 2)
	tr.Observe("accuracy", 1, 0.5)
	if p := tr.State().Primary; p != "accuracy" {
		t.Errorf("primary %q, want accuracy (WithPrimary)", p)
	}
}

func TestAnalyzeSegment(t *testing.T) {
	pts := synth("loss", 400, func(i, n int) float64 { return 1 + float64(i)/100 }, 0.01, 22)
	steps, vals := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		steps[i], vals[i] = p.step, p.value
	}
	s := Analyze(steps, vals)
	if s.Points != 400 || s.Verdict != VerdictDiverging || s.RelChange < 2.5 || math.Abs(s.SlopePer1k-10) > 1 {
		t.Errorf("segment %+v", s)
	}
}

func TestPeriodicSwingsPointToShuffling(t *testing.T) {
	f := mustFind(t, KindOscillating, synth("loss", 1500, func(i, n int) float64 {
		return (0.6 + 0.4*math.Exp(-float64(i)/200)) * (1 + 0.9*math.Sin(2*math.Pi*float64(i)/50))
	}, 0.02, 5), WithFramework("keras"))
	if p := f.Evidence["period_steps"]; p < 45 || p > 55 {
		t.Errorf("period %g steps, want about 50", p)
	}
	if r := f.Remedies[0]; r.ID != "shuffle" || r.Snippet != "model.fit(x, y, shuffle=True)" {
		t.Errorf("first remedy %+v, want shuffle with the Keras snippet", r)
	}
}

func TestArbitraryInputNeverBreaksTheTracker(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -1, 1e308, -1e308, 5e-324}
	pick := func() float64 {
		if r.IntN(4) == 0 {
			return specials[r.IntN(len(specials))]
		}
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10))
	}
	tr := New()
	New().Finish() // nothing fed: nothing to say
	tr.SetHorizon(math.NaN())
	for i := 0; i < 5000; i++ {
		tr.Observe([]string{"loss", "val_loss", "lr", "grad_norm"}[r.IntN(4)], pick(), pick())
		if i%700 == 0 {
			tr.Finish() // an input that ends, then grows again
			tr.SetHorizon(pick())
		}
		if i%500 == 0 {
			if live := tr.LiveState(); live.Verdict == "" {
				t.Fatal("LiveState without a verdict")
			}
			st := tr.State()
			for _, f := range st.Findings {
				if f.Message == "" || !(f.Confidence >= 0 && f.Confidence <= 1) {
					t.Fatalf("bad finding %+v", f)
				}
			}
		}
	}
	if s := Analyze([]float64{1, math.NaN(), 3}, []float64{math.Inf(1), 2}); s.Points != 1 {
		t.Errorf("Analyze on ragged input: %+v", s)
	}
}

func TestRestartAfterNaNClearsIt(t *testing.T) {
	tr := New()
	feed(tr, synth("loss", 100, decay(1, 20, 0.1), 0.05, 23))
	tr.Observe("loss", 101, math.NaN())
	evs := feed(tr, synth("loss", 600, decay(1, 60, 0.05), 0.05, 24))
	if len(evs) == 0 || evs[0].Kind != EventCleared || evs[0].Finding.Kind != KindNonfinite {
		t.Fatalf("first events after the restart: %+v", evs[:min(len(evs), 3)])
	}
	if st := tr.State(); st.Verdict == VerdictDiverging || st.Metrics["loss"].Restarts != 1 {
		t.Errorf("verdict %s, restarts %d after a clean restart", st.Verdict, st.Metrics["loss"].Restarts)
	}
}

func TestWarmupOvershootLowersThePeak(t *testing.T) {
	loss := synth("loss", 1500, func(i, n int) float64 {
		if i < 400 {
			return 0.3 + math.Exp(-float64(i)/60)
		}
		return 0.3 + math.Exp(-400.0/60) + float64(i-400)/150
	}, 0.03, 25)
	lr := synth("learning_rate", 1500, func(i, n int) float64 { return 0.01 * float64(i+1) / 100 }, 0, 26)
	r := mustFind(t, KindDiverging, merge(lr, loss), WithFramework("huggingface")).Remedies[0]
	if r.ID != "lower-lr" || !strings.Contains(r.Title, "peak") || !strings.Contains(r.Snippet, "learning_rate=") {
		t.Errorf("remedy %+v, want the peak of the warm-up lowered", r)
	}
}
