package ui

import (
	"strings"
	"testing"
)

// TestVerdictLineCountsInTheLogsUnit feeds a converged run logged per
// epoch (Keras CSV) and expects the verdict line to place the convergence
// at an epoch, as its trend counts them, not at a step.
func TestVerdictLineCountsInTheLogsUnit(t *testing.T) {
	rn := convergedRun
	rn.format = "keras-csv"
	m := feed(t, testModel(t, 160, 40), rn)
	line := plain(m)
	if !strings.Contains(line, "CONVERGED at epoch ") || strings.Contains(line, "CONVERGED at step ") {
		t.Errorf("verdict line does not count in epochs:\n%s", line)
	}
}
