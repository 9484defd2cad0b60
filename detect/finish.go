package detect

// Finish tells the tracker that its input has ended: a log read to its
// end, standard input closed. Hysteresis may delay the live verdict while a
// run goes on, but must never contradict how it ended, so Finish judges the
// run once more and raises and clears findings at once to match the
// judgement: after it, LiveState says what State (and check) says. It
// returns the events that makes (none when the live verdict already
// agreed); the slice is valid until the next call to Observe or Finish.
//
// Front ends call it when they have read all there is: watch at the end of
// standard input, the UI when it has read a log to its end. More points
// may follow (a followed file that grows again); they are judged as
// before, from the verdict Finish left in force.
func (t *Tracker) Finish() []Event {
	t.events = t.events[:0]
	p := t.primary
	if p == nil {
		return t.events
	}
	if !t.judged || t.judgedAt != t.fed {
		t.judge()
	}
	if t.explosion != nil && p.fast < 2*p.bestSlow {
		t.explosion = nil
	}
	switch n := t.nonfiniteSeries(); {
	case n != nil && !t.active[KindNonfinite]:
		t.raise(KindNonfinite, n, n.sum.LastStep)
	case n == nil && t.active[KindNonfinite]:
		t.clear(KindNonfinite, p)
	}
	want := t.liveWant()
	if want != t.liveKind() {
		t.setLive(want)
	}
	if want != t.candidate {
		t.candidate, t.candidateSince = want, p.sum.LastStep
	}
	t.candidateN = max(t.candidateN, 2)
	t.updateConvergence()
	t.finished = true
	t.upgrade()
	return t.events
}
