package detect

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRisingAgainIsNotLevellingOff: a loss that fell, then rose steadily
// to just under the diverging rule's 1.5x its best, is not "levelling
// off": the finding says it is rising and how far.
func TestRisingAgainIsNotLevellingOff(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	tr := New()
	for i := range 2000 {
		v := 0.3 + 2*math.Exp(-float64(i)/200) + 0.01*rng.NormFloat64()
		if i > 1200 {
			v += 0.0002 * float64(i-1200)
		}
		tr.Observe("loss", float64(i), v)
	}
	st := tr.State()
	if len(st.Findings) == 0 {
		t.Fatalf("no finding (verdict %s)", st.Verdict)
	}
	msg := st.Findings[0].Message
	if strings.Contains(msg, "levelling off") || !strings.Contains(msg, "rising since its best") {
		t.Errorf("verdict %s: %q", st.Verdict, msg)
	}
}

// TestSmallFallThatHeldMentionsFineTunes: a loss that fell 15% early and
// held its level is a plateau by the rules (less than 20% from where it
// started), and its finding says that a fine-tune ends so too; a loss
// that never fell gets no such word.
func TestSmallFallThatHeldMentionsFineTunes(t *testing.T) {
	for _, tc := range []struct {
		fall float64
		want bool
	}{{0.3, true}, {0, false}} {
		rng := rand.New(rand.NewPCG(6, 6))
		tr := New()
		for i := range 1000 {
			tr.Observe("loss", float64(i+1), 1.5+tc.fall*math.Exp(-float64(i)/100)+0.05*rng.NormFloat64())
		}
		st := tr.State()
		if st.Verdict != VerdictPlateau || len(st.Findings) == 0 {
			t.Fatalf("fall %v: verdict %s", tc.fall, st.Verdict)
		}
		if got := strings.Contains(st.Findings[0].Message, "fine-tunes a pretrained model"); got != tc.want {
			t.Errorf("fall %v: %q", tc.fall, st.Findings[0].Message)
		}
	}
}
