package detect

import (
	"fmt"
	"math"
)

// finding builds the finding of kind about series s, raised at step: the
// evidence every finding carries, then its kind's own (see the builders
// below), then its remedies.
func (t *Tracker) finding(kind string, s *series, step float64) Finding {
	j := &t.j
	f := Finding{Kind: Kind(kind), Metric: s.name, Step: t.at(step), SinceStep: t.at(j.firstStep), Severity: SeverityWarning,
		Evidence: map[string]float64{}, StepEvidence: map[string]Step{}}
	ev := f.Evidence
	if j.n > 0 {
		ev["start"], ev["end"], ev["best"], f.StepEvidence["best_step"] = j.start, j.end, j.best, t.at(j.bestStep)
		ev["progress"], ev["noise"], ev["mann_kendall_z"] = j.progress, j.noise, j.z
		ev["floor"], ev["floor_progress"], ev["trend_share"] = j.floor, j.floorProgress, j.trendShare
	}
	if r := t.primary.sum.Restarts; r > 0 {
		ev["restarts"] = float64(r) // judged on the segment after the last restart
	}
	switch kind {
	case KindNonfinite:
		t.nonfiniteFinding(&f, s)
	case KindDiverging:
		t.divergingFinding(&f, s)
	case KindOscillating:
		t.oscillatingFinding(&f)
	case KindOverfitting:
		t.overfittingFinding(&f, s)
	case KindConverged:
		t.convergedFinding(&f)
	case KindConverging:
		t.convergingFinding(&f)
	case KindSlow:
		t.slowFinding(&f)
	case KindPlateau:
		t.plateauFinding(&f)
	case KindSpike:
		t.spikeFinding(&f, s)
	}
	if t.primary.higher && f.Kind != KindNonfinite {
		t.higherFinding(&f, s)
	}
	f.Remedies = t.remedies(f)
	return f
}

// amount is how much of the run supports a finding: more points, more
// certainty; 30 points give about two thirds.
func (t *Tracker) amount() float64 {
	return 1 - math.Exp(-float64(t.primary.sum.Points)/30)
}

func (t *Tracker) nonfiniteFinding(f *Finding, s *series) {
	ev := f.Evidence
	f.Severity, f.Confidence, f.SinceStep = SeverityCritical, 1, t.at(s.firstNonfinite)
	what := "NaN or Inf"
	if math.IsNaN(s.sum.Last) {
		what = "NaN"
	} else if math.IsInf(s.sum.Last, 0) {
		what = "Inf"
	}
	f.StepEvidence["first_nonfinite_step"], ev["nonfinite_points"], ev["points"] = t.at(s.firstNonfinite), float64(s.sum.Nonfinite), float64(s.sum.Points)
	if best, at := s.sum.bestAt(); finite(best) {
		ev["best"], f.StepEvidence["best_step"] = best, at
	}
	f.Message = fmt.Sprintf("%s became %s at %s (%d of %d points non-finite so far): the weights have blown up and nothing after that point is training",
		s.name, what, t.pos(s.firstNonfinite), s.sum.Nonfinite, s.sum.Points)
}

func (t *Tracker) divergingFinding(f *Finding, s *series) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	if x := t.explosion; x != nil && j.verdict != VerdictDiverging {
		f.Severity, f.SinceStep, f.Confidence = SeverityCritical, t.at(x.since), clamp01(0.5+x.value/x.best/20)
		ev["ratio"], f.StepEvidence["onset_step"], ev["best"], ev["recent"] = x.value/x.best, t.at(x.since), x.best, x.value
		f.Message = fmt.Sprintf("%s is exploding: for %d points in a row it has been more than %dx its best level (%s), now about %s",
			name, explodeRun, explodeRatio, num(x.best), num(s.fast))
		return
	}
	f.Severity, f.SinceStep = SeverityCritical, t.at(j.onsetStep)
	ev["ratio"], f.StepEvidence["onset_step"] = j.endOverBest, t.at(j.onsetStep)
	f.Confidence = clamp01(t.amount() * (0.5 + (j.endOverBest-divergeRisingRate)/(2*divergeRatio)))
	best := fmt.Sprintf("its smoothed best (%s around %s%s)", num(j.best), t.pos(j.bestStep), t.lowest(&s.sum, j.best))
	if j.zClimb > significantZ {
		f.Message = fmt.Sprintf("%s has risen to %s, %sx %s, since %s and is still rising",
			name, num(j.end), num(j.endOverBest), best, t.pos(j.onsetStep))
		return
	}
	f.Message = fmt.Sprintf("%s is at %s, %sx %s; the climb began around %s",
		name, num(j.end), num(j.endOverBest), best, t.pos(j.onsetStep))
}

func (t *Tracker) oscillatingFinding(f *Finding) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	f.SinceStep = t.at(j.halfStep)
	ev["period_steps"], ev["period_autocorrelation"] = j.periodSteps, j.periodACF
	f.Confidence = clamp01(t.amount() * (0.5 + (j.noise-oscillateNoise)/oscillateNoise))
	f.Message = fmt.Sprintf("%s swings ±%s around its trend in the second half of the run and is still at %s of where it started (%s → %s)",
		name, pct(j.noise), pct(j.end/j.start), num(j.start), num(j.end))
	if j.periodSteps > 0 {
		f.Message += fmt.Sprintf("; the swings repeat about every %s, the mark of data that is not shuffled", t.spanNum(j.periodSteps))
	}
}

func (t *Tracker) overfittingFinding(f *Finding, s *series) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	f.SinceStep = t.at(j.valMinStep)
	ev["val_min"], f.StepEvidence["val_min_step"], ev["val_end"], ev["val_ratio"], ev["train_at_val_min"] =
		j.valMin, t.at(j.valMinStep), j.valEnd, j.valRatio, j.trainAtValMin
	if !math.IsInf(j.valRiseZ, 0) {
		ev["val_rise_z"] = j.valRiseZ
	}
	f.Confidence = clamp01(t.amount() * (0.5 + (j.valRatio-overfitRise)/overfitRise))
	f.Message = fmt.Sprintf("%s bottomed out at %s at %s and is now %sx higher (%s) while %s kept falling to %s: the model is memorising the training data; the best weights are those of %s",
		s.name, num(j.valMin), t.pos(j.valMinStep), num(j.valRatio), num(j.valEnd), name, num(j.end), t.pos(j.valMinStep))
}

func (t *Tracker) convergedFinding(f *Finding) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	conv := t.convergenceStep()
	f.Severity, f.SinceStep = SeverityInfo, t.at(conv)
	f.StepEvidence["convergence_step"], ev["band"], ev["trend_share"], ev["trend_per_1k"] = t.at(conv), j.band, j.trendShare, j.trendPer1k()
	f.Confidence = clamp01(t.amount() * (1 - j.trendShare/settledShare/2))
	f.Message = fmt.Sprintf("%s converged at %s: it fell %s from %s to %s and has stayed within ±%s of that since; %s",
		name, t.pos(conv), pct(j.progress), num(j.start), num(j.end), num(j.band), settledTrend(j, t.span(j.recentSpan)))
}

// settledTrend says how a converged loss moved lately, in the status
// line's terms (its share of the level, the Trend over TrendSpan) and in
// the converged rule's (its share of the fall), so that neither reads as
// contradicting the other: a loss that fell 90% can still lose 27% of its
// level over its last 30 steps, 3% of its fall.
func settledTrend(j *judgement, over string) string { return recentMove(j, lossMoveWords, over) }

// moveWords are the words recentMove and halving put a metric's move in.
type moveWords struct{ back, on, level, total, verb, moving, halve, halves string }

var (
	lossMoveWords = moveWords{back: "crept back up by", on: "took %s more off", level: "level", total: "fall",
		verb: "fall", moving: "falling", halve: "halve", halves: "it halves"}
	higherMoveWords = moveWords{back: "slipped back by", on: "closed %s more of", level: "gap", total: "rise",
		verb: "rise", moving: "rising", halve: "halve its gap", halves: "its gap halves"}
)

// recentMove says how the judged metric moved over the last 30% of the run
// (over, a span: "400 steps"), as a share of its level (or gap) and of its
// whole fall (or rise).
func recentMove(j *judgement, w moveWords, over string) string {
	rel := j.recentTrend()
	switch {
	case math.Abs(rel) < 0.0005:
		return fmt.Sprintf("over the last %s it has been flat", over)
	case rel > 0:
		return fmt.Sprintf("over the last %s its trend %s %s of its %s, %s of that %s", over, w.back, pct(rel), w.level, pct(-j.trendShare), w.total)
	}
	return fmt.Sprintf("over the last %s its trend "+w.on+" its %s, only %s of that %s", over, pct(-rel), w.level, pct(j.trendShare), w.total)
}

func (t *Tracker) convergingFinding(f *Finding) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	f.Severity = SeverityInfo
	ev["trend_per_1k"], ev["trend_share"] = j.trendPer1k(), j.trendShare
	if j.trendShare < settledShare {
		f.StepEvidence["convergence_step"] = t.at(j.convStep)
		f.Confidence = clamp01(t.amount() * 0.5)
		f.Message = fmt.Sprintf("%s fell %s from %s to %s and has been levelling off since %s, but not yet for long enough to call it converged",
			name, pct(j.progress), num(j.start), num(j.end), t.pos(j.convStep))
		if j.trendShare < -settledShare && j.z > significantZ {
			f.Message = fmt.Sprintf("%s fell %s from %s to %s, but it has been rising since its best (%s around %s): %s above it now (Mann-Kendall z = %s); a loss that keeps rising is diverging",
				name, pct(j.progress), num(j.start), num(j.end), num(j.best), t.pos(j.bestStep), pct(j.end/j.best-1), num(j.z))
		}
		return
	}
	f.Confidence = clamp01(t.amount() * math.Min(1, -j.z/(2*significantZ)))
	f.Message = fmt.Sprintf("%s is still falling: down %s from %s to %s, and %s more over the last %s (Mann-Kendall z = %s); it has not settled yet",
		name, pct(j.progress), num(j.start), num(j.end), pct(-j.recentTrend()), t.span(j.recentSpan), num(j.z))
}

func (t *Tracker) slowFinding(f *Finding) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	span := j.lastStep - j.firstStep
	f.Confidence = clamp01(t.amount() * math.Min(1, -j.z/(2*significantZ)) * (1 - j.progress))
	ev["steps_to_halve"] = j.stepsToHalve
	f.Message = fmt.Sprintf("%s is falling, but slowly: down only %s from %s to %s in %s; %s",
		name, pct(j.progress), num(j.start), num(j.end), t.span(span), t.halving(j.stepsToHalve, span, lossMoveWords))
}

func (t *Tracker) plateauFinding(f *Finding) {
	j, ev, name := &t.j, f.Evidence, t.primary.name
	f.Confidence = clamp01(t.amount() * (1 - math.Abs(j.progress)/slowProgress/2))
	where := num(j.levelHalf)
	if j.chance > 0 {
		ev["chance_classes"] = float64(j.chance)
		where += fmt.Sprintf(" (≈ ln %d = %s, the loss of guessing uniformly among %d classes)", j.chance, num(math.Log(float64(j.chance))), j.chance)
	}
	f.Message = fmt.Sprintf("%s is stuck around %s: %s improvement in %s and no significant trend",
		name, where, pct(math.Max(0, j.progress)), t.span(j.lastStep-j.firstStep))
	if j.progress >= slowProgress {
		// it did fall, earlier: it is the second half that stalled
		f.Message = fmt.Sprintf("%s has stalled around %s: no significant fall over the second half of the run, %s below where it started (%s) but far from where its earlier fall was heading",
			name, where, pct(j.progress), num(j.start))
	}
	if j.chance == 0 && j.progress >= fineTuneFall && j.floorProgress >= 0.9 {
		// a small fall that stopped where it was heading, away from any
		// level of guessing: the shape of a fine-tune too
		f.Message += fmt.Sprintf("; it fell %s and has held that level since: if this run fine-tunes a pretrained model, which starts near its floor, that can be all it had to gain — trained from scratch, it is stuck",
			pct(j.progress))
	}
}

// fineTuneFall is the fall below which a plateau is not said to look like
// a fine-tune that ended where it started near: less is noise.
const fineTuneFall = 0.05

func (t *Tracker) spikeFinding(f *Finding, s *series) {
	ev, name := f.Evidence, t.primary.name
	sp := &s.spikes
	f.Severity, f.SinceStep, f.Step = SeverityInfo, t.at(sp.sinceStep), t.at(sp.lastStep)
	if sp.recent >= 3 {
		f.Severity = SeverityWarning
	}
	f.StepEvidence["spike_step"], ev["spike_value"], ev["robust_z"], ev["level"], ev["recent_spikes"], ev["spikes"] =
		t.at(sp.lastStep), sp.lastValue, sp.lastZ, sp.lastLevel, float64(sp.recent), float64(sp.total)
	f.Confidence = clamp01(sp.lastZ / (2 * spikeZ))
	f.Message = fmt.Sprintf("%s jumped to %s at %s, %s times its usual deviation above its running level %s",
		name, num(sp.lastValue), t.pos(sp.lastStep), num(sp.lastZ), num(sp.lastLevel))
	if sp.recent > 1 {
		f.Message += fmt.Sprintf(" (%d spikes since %s)", sp.recent, t.pos(sp.sinceStep))
	}
	if g, ok := t.gradSpikeBefore(sp.lastStep); ok {
		f.StepEvidence["grad_norm_spike_step"] = t.at(g)
		f.Message += fmt.Sprintf("; %s spiked first, at %s", t.grad.name, t.pos(g))
	}
}
