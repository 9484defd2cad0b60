package detect

import (
	"math"
	"math/rand/v2"
	"testing"
)

// valRun feeds a training loss that falls and levels off, and every 10
// steps a validation loss: flat at 0.6 with multiplicative noise sd (a
// small validation set), plus rise per step after step 600.
func valRun(sd, rise float64) *Tracker {
	rng := rand.New(rand.NewPCG(5, 9))
	tr := New()
	for i := range 2000 {
		step := float64(i)
		tr.Observe("loss", step, 0.2+2*math.Exp(-step/300)+0.01*rng.NormFloat64())
		if i%10 == 0 {
			v := 0.6 * math.Exp(sd*rng.NormFloat64())
			if i > 600 {
				v += rise * (step - 600)
			}
			tr.Observe("val_loss", step, v)
		}
	}
	return tr
}

// TestNoisyFlatValidationIsNotOverfitting: a flat validation curve noisy
// enough for its smoothed end to sit 25% above its smoothed lowest point
// does not rise: not overfitting. The same noise over a real rise is.
func TestNoisyFlatValidationIsNotOverfitting(t *testing.T) {
	flat := valRun(0.2, 0)
	st := flat.State()
	if flat.j.valRatio < overfitRise {
		t.Fatalf("the noise does not reach the ratio (%.2f): the test shows nothing", flat.j.valRatio)
	}
	if st.Verdict == VerdictOverfitting || flat.j.valRiseZ >= overfitZ {
		t.Errorf("flat noisy validation: verdict %s, rise z %.2f", st.Verdict, flat.j.valRiseZ)
	}
	rising := valRun(0.2, 0.0005)
	if st := rising.State(); st.Verdict != VerdictOverfitting {
		t.Errorf("rising noisy validation: verdict %s (ratio %.2f, rise z %.2f)", st.Verdict, rising.j.valRatio, rising.j.valRiseZ)
	}
}
