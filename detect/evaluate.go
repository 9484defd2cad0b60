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
	want := t.verdictKind()
	// Once raised, converged stays until the trend is clearly back (twice
	// the threshold), so that a run settling slowly does not flap.
	if want == KindConverging && t.active[KindConverged] && t.j.trendShare < 2*settledShare {
		want = KindConverged
	}
	// A verdict from the judgement is raised once two judgements in a row
	// agree and (unless it is diverging) it has held for debounceShare of
	// the run, so that a run near a threshold does not flap; a streaming
	// explosion is raised at once.
	if want != t.candidate {
		t.candidate, t.candidateN, t.candidateSince = want, 0, p.sum.LastStep
	}
	t.candidateN++
	held := p.sum.LastStep-t.candidateSince >= debounceShare*(t.j.lastStep-t.j.firstStep)
	if t.explosion == nil && (t.candidateN < 2 || want != KindDiverging && !held) {
		return
	}
	for _, k := range verdictKinds() {
		switch {
		case k == want && !t.active[k]:
			t.raise(k, t.findingMetric(k), p.sum.LastStep)
		case k != want && t.active[k]:
			t.clear(k, p)
		}
	}
	t.updateConvergence()
}

// debounceShare is how long (a share of the run so far) a new verdict must
// hold before it is raised; convMoveShare is how far (a share of the run)
// the convergence point must move to be declared again.
const (
	debounceShare = 0.03
	convMoveShare = 0.05
)

// verdictKinds are the finding kinds that follow from the whole-run verdict.
func verdictKinds() [7]string {
	return [...]string{KindDiverging, KindOscillating, KindOverfitting, KindConverged,
		KindConverging, KindSlow, KindPlateau}
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

func (t *Tracker) nonfinite() bool {
	return t.primary != nil && t.primary.sum.Nonfinite > 0 || t.val != nil && t.val.sum.Nonfinite > 0
}

// updateConvergence marks, moves or drops the convergence point.
func (t *Tracker) updateConvergence() {
	j := &t.j
	switch {
	case j.converged && !t.nonfinite():
		band := j.band / math.Abs(j.end)
		if t.conv != nil && t.keepsConvergence() {
			t.conv.Level, t.conv.BandRel = j.end, band
			return
		}
		// new, or the loss broke out of the band: clear (again) from here
		t.conv = &Convergence{Step: j.convStep, AtStep: t.primary.sum.LastStep, Level: j.end, BandRel: band}
		c := *t.conv
		t.events = append(t.events, Event{Kind: EventConverged, Convergence: &c})
	case j.verdict != VerdictConverging && j.verdict != VerdictInsufficientData:
		t.conv = nil
	}
}

// convergenceStep is the convergence point to show: the one Observe
// declared while it stands (so that the mark does not jitter with every new
// point), else the latest judgement's.
func (t *Tracker) convergenceStep() float64 {
	if t.conv != nil && t.keepsConvergence() {
		return t.conv.Step
	}
	return t.j.convStep
}

// keepsConvergence reports whether the declared convergence point stands:
// the loss has stayed in the band since, or the point the latest judgement
// puts it at is within convMoveShare of the run from it (a small bump over
// a band that narrows as the loss creeps down does not move it).
func (t *Tracker) keepsConvergence() bool {
	j := &t.j
	return t.bandHolds(t.conv.Step) || math.Abs(t.conv.Step-j.convStep) <= convMoveShare*(j.lastStep-j.firstStep)
}

// bandHolds reports whether the smoothed primary of the last judgement has
// stayed within the convergence band around its final level since step.
func (t *Tracker) bandHolds(step float64) bool {
	c, sm := &t.sc.c, t.sc.sm
	if len(sm) != len(c.firsts) || len(sm) == 0 {
		return false
	}
	for i := len(sm) - 1; i >= 0 && c.firsts[i] >= step; i-- {
		if math.Abs(sm[i]-t.j.end) > t.j.band {
			return false
		}
	}
	return true
}

func (t *Tracker) raise(kind string, s *series, step float64) {
	t.active[kind] = true
	f := t.finding(kind, s, step)
	t.events = append(t.events, Event{Kind: EventFinding, Finding: &f})
}

func (t *Tracker) clear(kind string, s *series) {
	delete(t.active, kind)
	t.events = append(t.events, Event{Kind: EventCleared, Finding: &Finding{Kind: kind, Metric: s.name}})
}
