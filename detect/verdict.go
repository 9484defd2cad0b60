package detect

// Verdict is the single most important state of a run.
type Verdict string

// The verdicts, as check --json reports them.
const (
	VerdictConverged        Verdict = "converged"
	VerdictConverging       Verdict = "converging"
	VerdictDiverging        Verdict = "diverging"
	VerdictOscillating      Verdict = "oscillating"
	VerdictPlateau          Verdict = "plateau"
	VerdictSlow             Verdict = "slow"
	VerdictOverfitting      Verdict = "overfitting"
	VerdictInsufficientData Verdict = "insufficient-data"
)

// Failing reports whether v is a failure verdict (exit status 1 in check).
// The zero Verdict (no judgement yet: a run still waiting to be read) is
// not one.
func (v Verdict) Failing() bool {
	switch v {
	case VerdictDiverging, VerdictOscillating, VerdictPlateau, VerdictSlow, VerdictOverfitting:
		return true
	}
	return false
}

// Severity ranks findings.
type Severity string

// The severities.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

func (s Severity) rank() int {
	switch s {
	case SeverityCritical:
		return 2
	case SeverityWarning:
		return 1
	}
	return 0
}
