package detect

// Kind names what a finding is about: a verdict's condition (diverging,
// plateau, ...), non-finite values or spikes. Views compare kinds, never
// their text.
type Kind string

// The kinds of finding, as check --json and watch report them. They are
// untyped constants so that the detector's own tables (kinds in force, the
// judgement's verdict kind) can keep them as strings; a Finding's Kind, what
// every other package compares, is typed.
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
