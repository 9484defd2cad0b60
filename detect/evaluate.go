package detect

import "math"

// judge computes the whole-run judgement of the primary (and validation)
// metric into t.j.
func (t *Tracker) judge() {
	t.primary.hist.curve(&t.sc.c)
	var vc *curve
	if t.val != nil {
		t.val.hist.curve(&t.sc.vc)
		vc = &t.sc.vc
	}
	t.j, t.judged, t.judgedAt = judge(&t.sc.c, vc, t.sc), true, t.fed
	if t.primary.higher {
		t.j.chance = 0 // ln C is a loss's chance level, not a shortfall's
	}
	t.judgedPrev = t.j.verdict == VerdictInsufficientData && t.prev != nil
	if t.judgedPrev {
		t.j = *t.prev
	}
}

// keepSegment keeps the judgement of the primary's segment that a restart
// is about to end, if it had one: a segment after a restart that is too
// short to judge (a resumed checkpoint that logged a few points, a second
// fit() just begun) does not wipe out what the one before showed.
func (t *Tracker) keepSegment() {
	if t.primary.sum.Points < minJudgePoints {
		return
	}
	if !t.judged || t.judgedAt != t.fed {
		t.judge()
	}
	if t.j.verdict != VerdictInsufficientData {
		p := t.j
		t.prev = &p
	}
}

// evaluate judges the whole run again and raises or clears findings.
func (t *Tracker) evaluate() {
	p := t.primary
	if p == nil {
		return
	}
	p.sinceEval = 0
	if t.val != nil {
		t.val.sinceEval = 0
	}
	t.judge()
	if t.explosion != nil && p.fast < 2*p.bestSlow {
		t.explosion = nil
	}
	want := t.liveWant()
	// Hysteresis: the live verdict stands while its own rule still holds
	// with relaxed thresholds, and a verdict whose rule comes first in the
	// order replaces it only once that rule holds with tightened ones (but
	// a diverging climb that stands out of the noise, see strongRise, and
	// the first progression of a healthy run), so that a run near a
	// threshold does not flap.
	// Overfitting is told once the validation loss has minJudgePoints points:
	// a few evaluations swing too much to judge.
	cur := t.liveKind()
	if want == KindOverfitting && t.j.valN < minJudgePoints {
		want = cur
	}
	if cur != "" && want != cur && want != "" && t.explosion == nil {
		if verdictOrder(want) > verdictOrder(cur) && t.j.rule(cur, stayShare) && (cur != KindDiverging || t.j.riseBeyondNoise()) ||
			verdictOrder(want) < verdictOrder(cur) && !(want == KindDiverging && t.strongRise()) && !t.progression(want, cur) && !t.j.rule(want, 1/stayShare) {
			want = cur
		}
	}
	if want != t.candidate {
		t.candidate, t.candidateN, t.candidateSince = want, 0, p.sum.LastStep
	}
	t.candidateN++
	if want != cur && t.mayChange(want, cur) {
		if want != "" && t.shown[want] {
			t.revisits++
		}
		t.setLive(want)
	}
	t.updateConvergence()
	t.upgrade()
}

// setLive raises the verdict finding of kind want ("" for none) and clears
// the others.
func (t *Tracker) setLive(want string) {
	for _, k := range verdictKinds() {
		switch {
		case k == want && !t.active[k]:
			t.shown[k] = true
			t.liveSince, t.livePoints = t.candidateSince, t.primary.sum.Points
			t.raise(k, t.findingMetric(k), t.primary.sum.LastStep)
		case k != want && t.active[k]:
			t.clear(k, t.primary)
		}
	}
}

// mayChange reports whether the live verdict may change from cur to want,
// the judgement's candidate. Alarms come at once: a streaming explosion, or
// the judgement finding the run diverging by a rise that stands out of the
// run's own noise. Otherwise two judgements in a row must agree and the
// candidate must have held for a share of the run so far: debounceShare
// for a progression (see progression), liveHoldShare for any other change,
// and that again for every verdict raised a second time so far, so that a
// run near a threshold backs off instead of flapping.
func (t *Tracker) mayChange(want, cur string) bool {
	if want == KindDiverging && (t.explosion != nil || t.candidateN >= 2 && t.strongRise()) {
		return true
	}
	share := liveHoldShare
	if t.progression(want, cur) {
		share = debounceShare
	}
	hold := share * (t.j.lastStep - t.j.firstStep) * float64(1+t.revisits)
	return t.candidateN >= 2 && t.primary.sum.LastStep-t.candidateSince >= hold
}

// progressRank orders the verdicts a healthy run passes through; -1 for
// the others, 0 for none yet.
func progressRank(k string) int {
	switch k {
	case "":
		return 0
	case KindPlateau:
		return 1
	case KindSlow:
		return 2
	case KindConverging:
		return 3
	case KindConverged:
		return 4
	}
	return -1
}

// debounceShare and liveHoldShare are how long (a share of the run so far)
// a new verdict must hold before it is raised (see mayChange);
// convMoveShare is how far (a share of the run) the convergence point must
// move, and convDropBands how many bands below its level the loss must
// fall, for the point to be declared again.
const (
	debounceShare = 0.03
	liveHoldShare = 0.1
	convMoveShare = 0.1
	convDropBands = 1
)

// liveKind is the verdict kind raised and in force, "" if none.
func (t *Tracker) liveKind() string {
	for _, k := range verdictKinds() {
		if t.active[k] {
			return k
		}
	}
	return ""
}

// verdictKinds are the finding kinds that follow from the whole-run verdict.
func verdictKinds() [7]string {
	return [...]string{KindDiverging, KindOscillating, KindOverfitting, KindConverged,
		KindConverging, KindSlow, KindPlateau}
}

// liveWant is the verdict kind the live findings should state: the
// judgement's, except that a diverging finding in force stays beside a
// non-finite one (which clears every other verdict finding): the run is
// diverging either way.
func (t *Tracker) liveWant() string {
	if t.nonfinite() && t.active[KindDiverging] {
		return KindDiverging
	}
	return t.verdictKind()
}

func (t *Tracker) verdictKind() string {
	switch {
	case t.nonfinite():
		return ""
	case t.explosion != nil:
		return KindDiverging
	case t.j.verdict == VerdictInsufficientData:
		return ""
	}
	return string(t.j.verdict)
}

// verdict is the tracker's verdict: the judgement's, overruled by
// non-finite values and by the streaming explosion rule.
func (t *Tracker) verdict() Verdict {
	if t.nonfinite() || t.explosion != nil {
		return VerdictDiverging
	}
	return t.j.verdict
}

func (t *Tracker) findingMetric(kind string) *series {
	if kind == KindOverfitting && t.val != nil {
		return t.val
	}
	return t.primary
}

// nonfinite reports whether a non-finite value makes the run diverging:
// any in the primary (nothing after a NaN in the training loss trains), a
// validation loss whose last value is non-finite (one bad evaluation that
// recovers is not a divergence), and a gradient norm non-finite at its
// last two values (HF's Trainer logs loss 0.0 beside grad_norm NaN once
// its NaN filter hides the loss; a single overflow that a loss scaler
// skips is not a divergence).
func (t *Tracker) nonfinite() bool {
	return t.nonfiniteSeries() != nil
}

// nonfiniteSeries returns the series whose non-finite values make the run
// diverging (see nonfinite), or nil.
func (t *Tracker) nonfiniteSeries() *series {
	switch {
	case t.primary != nil && t.primary.sum.Nonfinite > 0:
		return t.primary
	case t.val != nil && t.val.nfRun > 0:
		return t.val
	case t.grad != nil && t.grad.nfRun >= 2:
		return t.grad
	}
	return nil
}

// updateConvergence marks, moves or withdraws the convergence point. It
// follows the live verdict: marked when converged is raised (and the
// judgement places it), withdrawn with it — the converged finding's cleared
// event says so — and in between moved only when the loss broke out of the
// band it was declared in, so that a judgement near a threshold does not
// make it flap.
func (t *Tracker) updateConvergence() {
	j := &t.j
	switch {
	case !t.active[KindConverged] || t.nonfinite():
		t.conv = nil
	case !j.converged:
		// the judgement wavers; the live verdict still stands, and the mark
	case t.conv != nil && t.keepsConvergence():
		t.conv.level, t.conv.bandRel = j.end, j.band/math.Abs(j.end)
	default:
		// new, or the loss broke out of the band: declared (again) from
		// here; the event says so once per converged verdict, a mark that
		// moves later is read from the state
		first := t.conv == nil
		t.conv = &convergence{step: j.convStep, atStep: t.primary.sum.LastStep, level: t.primary.shown(j.end), bandRel: j.band / math.Abs(t.primary.shown(j.end))}
		t.convLevel = j.end
		if first {
			t.events = append(t.events, Event{Kind: EventConverged, Convergence: t.shownConvergence(t.conv)})
		}
	}
}

// convergenceStep is the convergence point to show: the one Observe
// declared while it stands (so that the mark does not jitter with every new
// point), else the latest judgement's.
func (t *Tracker) convergenceStep() float64 {
	if t.conv != nil && t.keepsConvergence() {
		return t.conv.step
	}
	return t.j.convStep
}

// keepsConvergence reports whether the declared convergence point stands:
// the judgement places the point before it or within convMoveShare of the
// run after it, or the smoothed loss has not broken out of the band since —
// not above the band around the level it was declared at (or the final
// level, if higher), and not more than convDropBands bands below that
// level. A mark never moves back, and a loss that creeps on down inside
// that margin keeps its mark, so that it does not move with every judgement.
func (t *Tracker) keepsConvergence() bool {
	j := &t.j
	if j.convStep <= t.conv.step+convMoveShare*(j.lastStep-j.firstStep) {
		return true // in the band since the mark (or earlier), or close to it
	}
	if j.end < t.convLevel-convDropBands*j.band {
		return false
	}
	c, sm := &t.sc.c, t.sc.sm
	if len(sm) != len(c.firsts) || len(sm) == 0 {
		return false
	}
	top := math.Max(t.convLevel, j.end) + j.band
	for i := len(sm) - 1; i >= 0 && c.firsts[i] >= t.conv.step; i-- {
		if sm[i] > top {
			return false
		}
	}
	return true
}

func (t *Tracker) raise(kind string, s *series, step float64) {
	t.active[kind] = true
	f := t.finding(kind, s, step)
	f.Severity = t.gate(kind, f.Severity)
	t.raisedSev[kind] = f.Severity
	t.events = append(t.events, Event{Kind: EventFinding, Finding: &f})
}

func (t *Tracker) clear(kind string, s *series) {
	delete(t.active, kind)
	t.events = append(t.events, Event{Kind: EventCleared, Finding: &Finding{Kind: Kind(kind), Metric: s.name}})
}

// progression reports whether want is a later stage than cur of a run that
// is getting somewhere (see progressRank), reached for the first time.
func (t *Tracker) progression(want, cur string) bool {
	r := progressRank(cur)
	return r >= 0 && progressRank(want) > r && !t.shown[want]
}
