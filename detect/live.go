package detect

import "math"

// What a user following a run is shown, and how loudly. A verdict is
// judged on the run so far, and without knowing how long the run will be a
// healthy run early on can look like a failing one: flat before it starts
// to fall, falling slowly before it speeds up, swinging before it settles.
// So a failure finding is raised live at info severity, and raised again at
// its full severity (a warning; critical for a divergence) only once its
// evidence no longer depends on how far the run happens to be:
//
//   - the input has ended (Finish): the run is what it is;
//   - the run is past half of its horizon (SetHorizon), when the log says
//     how long it will be;
//   - the verdict has stood for at least as long as the run before it and
//     for minStandPoints points: a stage a healthy run passes through is
//     over before then, a failure is not;
//   - at once for what is a failure wherever it happens: a NaN or Inf, an
//     explosion (the streaming rule), and a climb above the best that stands
//     out of the noise (three times the run's own deviation), has lasted
//     longer than the smoothing window (so that it is no edge effect of a
//     few noisy points), rises above a best the run held after its first
//     window (not the first few points of a run still finding its level:
//     no "diverging since step 0") and comes after minWarnPoints points.
//
// Confidence is separate from severity: it says how far the evidence is
// past the rule's threshold, times how much of the run supports it.

// minStandPoints is the fewest points a failure verdict must have stood
// for to be raised as a warning while the run goes on.
const minStandPoints = 500

// slowRuns is how many times its length so far a run must need, at its
// recent rate, to get halfway down for its slow verdict to be complete
// evidence: a fall that gets there within twice the run so far is slow only
// for now (a run that has only just begun to fall, one bending toward a
// floor it has not resolved yet, one speeding up).
const slowRuns = 2

// halfwayBend is the bend (see floorOf) below which a fall is on its way
// to a floor it reaches halfway within slowRuns times the run so far: an
// exponential approach L = floor + b·e^(−t/τ) has made 1 − e^(−x) of its
// drop after x = T/τ time constants, half of it at x = ln 2, so it gets
// there before T has grown (1 + slowRuns)-fold once x > ln 2/(1 + slowRuns),
// where its bend is x/(eˣ − 1) (0.89). A fall whose recent rate is above
// its average by as much (the inverse) is speeding up.
func halfwayBend() float64 {
	x := math.Ln2 / (1 + slowRuns)
	return x / math.Expm1(x)
}

// minWarnPoints is the fewest points of a run for a climb above its best to
// be raised as critical at once.
const minWarnPoints = 50

// SetHorizon tells the tracker the step at which the run is planned to end
// (a log's "Epoch 3/10", "step 100/5000", max_steps or num_train_epochs, in
// the units of the steps it is fed; 0 for unknown). Past half of it, a
// failure finding is raised at its full severity at once.
func (t *Tracker) SetHorizon(step float64) {
	if finite(step) && step > 0 {
		t.horizon = step
	} else {
		t.horizon = 0
	}
}

// baseSeverity is the full severity of a finding of kind (the spike's
// depends on how many came in a row and is not gated).
func baseSeverity(kind string) Severity {
	switch kind {
	case KindNonfinite, KindDiverging:
		return SeverityCritical
	case KindConverged, KindConverging, KindSpike:
		return SeverityInfo
	}
	return SeverityWarning
}

// gate returns the severity a live user is shown for a finding of kind
// whose full severity is sev: info until its evidence is complete (see
// above).
func (t *Tracker) gate(kind string, sev Severity) Severity {
	if sev == SeverityInfo || kind == KindNonfinite || kind == KindSpike || t.finished {
		return sev
	}
	if kind == KindDiverging {
		// a climb is critical by its own evidence or not yet: one within
		// the noise is a swing, however long it stands
		if t.explosion != nil || t.strongRise() {
			return sev
		}
		return SeverityInfo
	}
	if t.pastHalfHorizon() || t.stood(kind) {
		return sev
	}
	return SeverityInfo
}

// strongRise reports whether the judgement's climb above the best stands
// out of the noise, has lasted longer than the smoothing window and comes
// after minWarnPoints points.
func (t *Tracker) strongRise() bool {
	j := &t.j
	if j.verdict != VerdictDiverging || j.n == 0 || t.primary.sum.Points < minWarnPoints {
		return false
	}
	window := (j.lastStep - j.firstStep) * float64(j.window) / float64(j.n)
	return j.riseBeyondNoise() && j.lastStep-j.onsetStep > window && j.bestIdx >= j.window
}

// pastHalfHorizon reports whether the primary is past half of the horizon.
func (t *Tracker) pastHalfHorizon() bool {
	p := t.primary.sum
	h := t.off(FloatStep(t.horizon)) // the steps here are offsets from the origin
	return t.horizon > 0 && p.LastStep-p.FirstStep >= (h-p.FirstStep)/2
}

// stood reports whether the live verdict of kind has stood for as long as
// the run before it, and for minStandPoints points, and the latest
// judgement still finds it (not only the hysteresis that keeps it). Swings
// around a loss that is still falling significantly may yet come down to
// nothing, and a fall that is slow only for now (see slowForGood) may yet
// be a healthy one: neither is complete then.
func (t *Tracker) stood(kind string) bool {
	p, j := t.primary.sum, &t.j
	switch {
	case kind == KindOscillating && j.z < -significantZ:
		return false
	case kind == KindSlow && !slowForGood(j):
		return false
	}
	return t.liveKind() == kind && string(j.verdict) == kind && p.Points-t.livePoints >= minStandPoints &&
		p.LastStep-t.liveSince >= t.liveSince-p.FirstStep
}

// slowForGood reports whether a slow fall is slow for good, not only for
// now (see slowRuns and halfwayBend): at its recent rate it needs more than
// slowRuns times the run so far to get halfway down, it is not bending
// toward a floor it gets halfway to sooner, and it is not speeding up.
func slowForGood(j *judgement) bool {
	hb := halfwayBend()
	return j.stepsToHalve >= slowRuns*(j.lastStep-j.firstStep) && !(j.bend < hb) && !(j.bend > 1/hb)
}

// upgrade raises again, at its full severity, a finding in force that was
// raised quieter than its evidence now warrants.
func (t *Tracker) upgrade() {
	for _, k := range t.liveKinds() {
		if k == KindSpike || k == KindNonfinite {
			continue
		}
		if t.gate(k, baseSeverity(k)).rank() > t.raisedSev[k].rank() {
			t.raise(k, t.findingMetric(k), t.primary.sum.LastStep)
		}
	}
}
