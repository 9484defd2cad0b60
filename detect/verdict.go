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
func (v Verdict) Failing() bool {
	return v != VerdictConverged && v != VerdictConverging && v != VerdictInsufficientData
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

// The kinds of finding.
const (
	KindNonfinite   = "nonfinite"   // NaN or Inf in a loss
	KindDiverging   = "diverging"   // loss climbing well above its best
	KindOscillating = "oscillating" // swings around the trend that do not settle
	KindOverfitting = "overfitting" // validation loss past its minimum and rising
	KindConverged   = "converged"   // the loss has settled in its band
	KindConverging  = "converging"  // clear, still significant progress
	KindSlow        = "slow"        // real but small progress
	KindPlateau     = "plateau"     // no significant progress
	KindSpike       = "spike"       // isolated jumps
)
