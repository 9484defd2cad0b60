package detect

import "testing"

func TestVerdictRankPutsFailuresAboveTheRest(t *testing.T) {
	order := []Verdict{VerdictConverged, VerdictConverging, VerdictInsufficientData, VerdictSlow, VerdictPlateau,
		VerdictOverfitting, VerdictOscillating, VerdictDiverging}
	for i := 1; i < len(order); i++ {
		if order[i-1].Rank() >= order[i].Rank() {
			t.Errorf("%s ranks %d, not below %s's %d", order[i-1], order[i-1].Rank(), order[i], order[i].Rank())
		}
		if order[i].Failing() && !order[i-1].Failing() && order[i-1].Rank() > order[i].Rank() {
			t.Errorf("failing %s below %s", order[i], order[i-1])
		}
	}
	if Verdict("").Rank() != VerdictInsufficientData.Rank() {
		t.Errorf("an unknown verdict ranks %d", Verdict("").Rank())
	}
}
