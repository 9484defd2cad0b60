package detect

// WithHindsight makes a tracker for a reader that asks for the judgement of
// the run only once its input has ended (check), not for the events raised
// along the way (watch, the UI): Observe keeps its per-point statistics and
// streaming rules but skips the periodic whole-run judgements, which are
// most of the detector's cost; State judges the run when asked.
func WithHindsight() Option { return func(t *Tracker) { t.hindsight = true } }

// evaluateLive is the periodic judgement Observe runs: evaluate, or in
// hindsight only what of it State reads without judging.
func (t *Tracker) evaluateLive() {
	if !t.hindsight {
		t.evaluate()
		return
	}
	p := t.primary
	if p == nil {
		return
	}
	p.sinceEval = 0
	if t.val != nil {
		t.val.sinceEval = 0
	}
	if t.explosion != nil && p.fast < 2*p.bestSlow {
		t.explosion = nil
	}
}
