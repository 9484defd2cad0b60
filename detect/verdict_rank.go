package detect

// Rank orders verdicts from best to worst, for sorting runs with the
// failing first and naming a sweep's worst run: converged 0, converging,
// insufficient-data, then the failures from the slowest to harm to the
// most urgent: slow, plateau, overfitting, oscillating, diverging 7. An
// unknown verdict ranks with insufficient-data.
func (v Verdict) Rank() int {
	switch v {
	case VerdictConverged:
		return 0
	case VerdictConverging:
		return 1
	case VerdictSlow:
		return 3
	case VerdictPlateau:
		return 4
	case VerdictOverfitting:
		return 5
	case VerdictOscillating:
		return 6
	case VerdictDiverging:
		return 7
	}
	return 2
}
