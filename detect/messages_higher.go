package detect

import "fmt"

// higherFinding rewrites a finding about a higher-is-better primary in the
// metric's own terms. The rules judged its shortfall below its ceiling
// (see ceilingFor); the evidence's levels and the message are turned back
// into the metric's values and words: a fall of the shortfall is a rise,
// its best is its highest, a progress is the share of the gap to the
// ceiling closed.
func (t *Tracker) higherFinding(f *Finding, s *series) {
	p, ev := t.primary, f.Evidence
	for _, k := range [...]string{"start", "end", "best", "floor", "recent"} {
		if v, ok := ev[k]; ok {
			ev[k] = p.shown(v)
		}
	}
	if f.Kind == KindSpike {
		ev["spike_value"], ev["level"] = p.shown(ev["spike_value"]), p.shown(ev["level"])
	}
	if f.Kind == KindOverfitting {
		ev["train_at_val_min"] = p.shown(ev["train_at_val_min"])
	}
	ev["ceiling"] = p.ceiling
	f.Message = t.higherMessage(f, s)
}

// higherMessage is the message of finding f about a higher-is-better
// primary.
func (t *Tracker) higherMessage(f *Finding, s *series) string {
	j, p := &t.j, t.primary
	name, start, end, gap := p.name, num(p.shown(j.start)), num(p.shown(j.end)), num(p.ceiling)
	switch f.Kind {
	case KindDiverging:
		if x := t.explosion; x != nil && j.verdict != VerdictDiverging {
			return fmt.Sprintf("%s is collapsing: for %d points in a row its shortfall below %s has been more than %dx that at its best level (%s), now about %s",
				name, explodeRun, gap, explodeRatio, num(p.shown(x.best)), num(p.shown(p.fast)))
		}
		still := "; the fall began around %s"
		if j.zClimb > significantZ {
			still = " since %s and is still falling"
		}
		return fmt.Sprintf("%s has fallen to %s from its smoothed best %s (around %s), its shortfall below %s %sx what it was then"+still,
			name, end, num(p.shown(j.best)), t.pos(j.bestStep), gap, num(j.endOverBest), t.pos(j.onsetStep))
	case KindOscillating:
		msg := fmt.Sprintf("%s swings ±%s of its shortfall below %s around its trend in the second half of the run and has closed only %s of that gap (%s → %s)",
			name, pct(j.noise), gap, pct(1-j.end/j.start), start, end)
		if j.periodSteps > 0 {
			msg += fmt.Sprintf("; the swings repeat about every %s, the mark of data that is not shuffled", t.spanNum(j.periodSteps))
		}
		return msg
	case KindOverfitting:
		return fmt.Sprintf("%s bottomed out at %s at %s and is now %sx higher (%s) while %s kept rising to %s: the model is memorising the training data; the best weights are those of %s",
			s.name, num(j.valMin), t.pos(j.valMinStep), num(j.valRatio), num(j.valEnd), name, end, t.pos(j.valMinStep))
	case KindConverged:
		return fmt.Sprintf("%s converged at %s: it rose from %s to %s, closing %s of its gap to %s, and has stayed within ±%s of that since; %s",
			name, t.pos(t.convergenceStep()), start, end, pct(j.progress), gap, num(j.band), higherTrend(j, t.span(j.recentSpan)))
	case KindConverging:
		if j.trendShare < settledShare {
			return fmt.Sprintf("%s rose from %s to %s, closing %s of its gap to %s, and has been levelling off since %s, but not yet for long enough to call it converged",
				name, start, end, pct(j.progress), gap, t.pos(j.convStep))
		}
		return fmt.Sprintf("%s is still rising: up from %s to %s, closing %s of its gap to %s, and %s more of what remains over the last %s (Mann-Kendall z = %s); it has not settled yet",
			name, start, end, pct(j.progress), gap, pct(-j.recentTrend()), t.span(j.recentSpan), num(-j.z))
	case KindSlow:
		return fmt.Sprintf("%s is rising, but slowly: up only from %s to %s in %s, %s of its gap to %s; %s",
			name, start, end, t.span(j.lastStep-j.firstStep), pct(j.progress), gap, t.halving(j.stepsToHalve, j.lastStep-j.firstStep, higherMoveWords))
	case KindPlateau:
		level := num(p.shown(j.levelHalf))
		if j.progress >= slowProgress {
			return fmt.Sprintf("%s has stalled around %s: no significant rise over the second half of the run, %s of its gap to %s closed since it started (%s) but far from where its earlier rise was heading",
				name, level, pct(j.progress), gap, start)
		}
		return fmt.Sprintf("%s is stuck around %s: %s of its gap to %s closed in %s and no significant trend",
			name, level, pct(max(0, j.progress)), gap, t.span(j.lastStep-j.firstStep))
	case KindSpike:
		return t.higherSpike(f)
	}
	return f.Message
}

// higherSpike says a higher-is-better primary dropped (its shortfall
// jumped).
func (t *Tracker) higherSpike(f *Finding) string {
	p, sp := t.primary, &t.primary.spikes
	msg := fmt.Sprintf("%s dropped to %s at %s, %s times its usual deviation below its running level %s",
		p.name, num(p.shown(sp.lastValue)), t.pos(sp.lastStep), num(sp.lastZ), num(p.shown(sp.lastLevel)))
	if sp.recent > 1 {
		msg += fmt.Sprintf(" (%d drops since %s)", sp.recent, t.pos(sp.sinceStep))
	}
	if g, ok := t.gradSpikeBefore(sp.lastStep); ok {
		msg += fmt.Sprintf("; %s spiked first, at %s", t.grad.name, t.pos(g))
	}
	return msg
}

// higherTrend is settledTrend for a higher-is-better metric: its recent
// move as a share of its gap to the ceiling and of its rise.
func higherTrend(j *judgement, over string) string { return recentMove(j, higherMoveWords, over) }
