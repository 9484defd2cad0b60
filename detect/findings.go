package detect

import (
	"fmt"
	"math"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Remedy is one thing to change, from the catalogue.
type Remedy struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Why     string `json:"why"`
	Snippet string `json:"snippet"`
}

// Finding is something the detector noticed about one metric.
//
// Its Confidence (0..1) is how strongly the evidence passes the finding's
// rule: it grows with the points judged (about 2/3 at 30 points) and with
// how far the measure is past its threshold, about 0.5 at the threshold
// itself; NaN/Inf is 1. It is a score to rank and filter findings by
// (watch --min-confidence), not a calibrated probability.
type Finding struct {
	Kind       Kind               `json:"kind"`
	Metric     string             `json:"metric"`
	Step       float64            `json:"step"`       // where it was raised
	SinceStep  float64            `json:"since_step"` // where the condition began
	Severity   Severity           `json:"severity"`
	Confidence float64            `json:"confidence"`
	Message    string             `json:"message"`
	Evidence   map[string]float64 `json:"evidence"`
	Remedies   []Remedy           `json:"remedies"`
}

// num formats a value for a sentence with three significant digits, and
// large values in digits grouped by thousands ("1,220", not "1.22e+03").
func num(v float64) string {
	if a := math.Abs(v); a >= 1000 && a < 1e15 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
		return grouped(r)
	}
	return code(v)
}

// code formats a value for a code snippet: three significant digits, never
// grouped, so that it stays a valid literal.
func code(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// stepStr formats a step for a sentence: whole steps grouped by thousands
// ("1,719"), fractional ones (epochs) as they are.
func stepStr(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return grouped(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// grouped writes the whole number v with its digits grouped by thousands,
// as English writes them.
func grouped(v float64) string {
	return message.NewPrinter(language.English).Sprintf("%d", int64(v))
}

// count formats a number of steps, rounded: a span or an estimate.
func count(v float64) string {
	if math.Abs(v) < 1e15 {
		return grouped(math.Round(v))
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// halving says how many more steps the loss needs to reach half of where
// it started at its recent rate (steps is +Inf when it is not falling),
// on a run span steps long so far. An estimate under a tenth of the run is
// a fall that has only just sped up, not a rate to plan by: none is given.
func halving(steps, span float64) string {
	switch {
	case math.IsInf(steps, 1) || math.IsNaN(steps):
		return "over the recent stretch it is not falling, so no estimate of when it halves"
	case steps < span/10:
		return "it has only lately started to fall faster"
	}
	return fmt.Sprintf("at this rate it needs about %s more steps just to halve", count(steps))
}

// lowest names the lowest single value of the metric when it is well below
// the smoothed best level best, so that the best a sentence names is the
// best there was ("" when it is not).
func lowest(sum Summary, best float64) string {
	if !finite(sum.Min) || sum.Min >= best-0.1*math.Abs(best) {
		return ""
	}
	return fmt.Sprintf("; lowest single value %s at step %s", num(sum.Min), stepStr(sum.MinStep))
}

// pct formats a share as a percentage.
func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 0, 64) + "%" }

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0.05
	}
	return math.Max(0.05, math.Min(0.99, v))
}

// finding builds the finding of kind about series s, raised at step.
func (t *Tracker) finding(kind string, s *series, step float64) Finding {
	j := &t.j
	f := Finding{Kind: Kind(kind), Metric: s.name, Step: step, SinceStep: j.firstStep, Severity: SeverityWarning,
		Evidence: map[string]float64{}}
	ev := f.Evidence
	name := t.primary.name
	span := j.lastStep - j.firstStep
	// more points, more certainty: 30 points give about two thirds
	amount := 1 - math.Exp(-float64(t.primary.sum.Points)/30)
	if j.n > 0 {
		ev["start"], ev["end"], ev["best"], ev["best_step"] = j.start, j.end, j.best, j.bestStep
		ev["progress"], ev["noise"], ev["mann_kendall_z"] = j.progress, j.noise, j.z
		ev["floor"], ev["floor_progress"], ev["trend_share"] = j.floor, j.floorProgress, j.trendShare
	}
	if r := t.primary.sum.Restarts; r > 0 {
		ev["restarts"] = float64(r) // judged on the segment after the last restart
	}
	switch kind {
	case KindNonfinite:
		f.Severity, f.Confidence, f.SinceStep = SeverityCritical, 1, s.firstNonfinite
		what := "NaN or Inf"
		if math.IsNaN(s.sum.Last) {
			what = "NaN"
		} else if math.IsInf(s.sum.Last, 0) {
			what = "Inf"
		}
		ev["first_nonfinite_step"], ev["nonfinite_points"], ev["points"] = s.firstNonfinite, float64(s.sum.Nonfinite), float64(s.sum.Points)
		if finite(s.sum.Min) {
			ev["best"], ev["best_step"] = s.sum.Min, s.sum.MinStep
		}
		f.Message = fmt.Sprintf("%s became %s at step %s (%d of %d points non-finite so far): the weights have blown up and nothing after that point is training",
			s.name, what, stepStr(s.firstNonfinite), s.sum.Nonfinite, s.sum.Points)
	case KindDiverging:
		if x := t.explosion; x != nil && j.verdict != VerdictDiverging {
			f.Severity, f.SinceStep, f.Confidence = SeverityCritical, x.since, clamp01(0.5+x.value/x.best/20)
			ev["ratio"], ev["onset_step"], ev["best"], ev["recent"] = x.value/x.best, x.since, x.best, x.value
			f.Message = fmt.Sprintf("%s is exploding: for %d points in a row it has been more than %dx its best level (%s), now about %s",
				name, explodeRun, explodeRatio, num(x.best), num(s.fast))
			break
		}
		f.Severity, f.SinceStep = SeverityCritical, j.onsetStep
		ev["ratio"], ev["onset_step"] = j.endOverBest, j.onsetStep
		f.Confidence = clamp01(amount * (0.5 + (j.endOverBest-divergeRisingRate)/(2*divergeRatio)))
		best := fmt.Sprintf("its smoothed best (%s around step %s%s)", num(j.best), stepStr(j.bestStep), lowest(s.sum, j.best))
		if j.zClimb > significantZ {
			f.Message = fmt.Sprintf("%s has risen to %s, %sx %s, since step %s and is still rising",
				name, num(j.end), num(j.endOverBest), best, stepStr(j.onsetStep))
		} else {
			f.Message = fmt.Sprintf("%s is at %s, %sx %s; the climb began around step %s",
				name, num(j.end), num(j.endOverBest), best, stepStr(j.onsetStep))
		}
	case KindOscillating:
		f.SinceStep = j.halfStep
		ev["period_steps"], ev["period_autocorrelation"] = j.periodSteps, j.periodACF
		f.Confidence = clamp01(amount * (0.5 + (j.noise-oscillateNoise)/oscillateNoise))
		f.Message = fmt.Sprintf("%s swings ±%s around its trend in the second half of the run and is still at %s of where it started (%s → %s)",
			name, pct(j.noise), pct(j.end/j.start), num(j.start), num(j.end))
		if j.periodSteps > 0 {
			f.Message += fmt.Sprintf("; the swings repeat about every %s steps, the mark of data that is not shuffled", num(j.periodSteps))
		}
	case KindOverfitting:
		f.SinceStep = j.valMinStep
		ev["val_min"], ev["val_min_step"], ev["val_end"], ev["val_ratio"], ev["train_at_val_min"] =
			j.valMin, j.valMinStep, j.valEnd, j.valRatio, j.trainAtValMin
		f.Confidence = clamp01(amount * (0.5 + (j.valRatio-overfitRise)/overfitRise))
		f.Message = fmt.Sprintf("%s bottomed out at %s at step %s and is now %sx higher (%s) while %s kept falling to %s: the model is memorising the training data; the best weights are those of step %s",
			s.name, num(j.valMin), stepStr(j.valMinStep), num(j.valRatio), num(j.valEnd), name, num(j.end), stepStr(j.valMinStep))
	case KindConverged:
		conv := t.convergenceStep()
		f.Severity, f.SinceStep = SeverityInfo, conv
		ev["convergence_step"], ev["band"], ev["trend_share"] = conv, j.band, j.trendShare
		f.Confidence = clamp01(amount * (1 - j.trendShare/settledShare/2))
		trend := fmt.Sprintf("the trend of the last 30%% of the run would remove only %s more", pct(j.trendShare*j.progress))
		if j.trendShare < 0 {
			trend = fmt.Sprintf("over the last 30%% of the run it has crept back up by %s of that fall", pct(-j.trendShare))
		}
		f.Message = fmt.Sprintf("%s converged at step %s: it fell %s from %s to %s and has stayed within ±%s of that since; %s",
			name, stepStr(conv), pct(j.progress), num(j.start), num(j.end), num(j.band), trend)
	case KindConverging:
		f.Severity = SeverityInfo
		rate := j.slope * 1000 / math.Abs(j.end)
		ev["trend_per_1k"], ev["trend_share"] = rate, j.trendShare
		if j.trendShare < settledShare {
			ev["convergence_step"] = j.convStep
			f.Confidence = clamp01(amount * 0.5)
			f.Message = fmt.Sprintf("%s fell %s from %s to %s and has been levelling off since step %s, but not yet for long enough to call it converged",
				name, pct(j.progress), num(j.start), num(j.end), stepStr(j.convStep))
			break
		}
		f.Confidence = clamp01(amount * math.Min(1, -j.z/(2*significantZ)))
		f.Message = fmt.Sprintf("%s is still falling: down %s from %s to %s, and %s more over the last %s steps (Mann-Kendall z = %s); it has not settled yet",
			name, pct(j.progress), num(j.start), num(j.end), pct(-j.recentChange), count(j.recentSpan), num(j.z))
	case KindSlow:
		f.Confidence = clamp01(amount * math.Min(1, -j.z/(2*significantZ)) * (1 - j.progress))
		ev["steps_to_halve"] = j.stepsToHalve
		f.Message = fmt.Sprintf("%s is falling, but slowly: down only %s from %s to %s in %s steps; %s",
			name, pct(j.progress), num(j.start), num(j.end), count(span), halving(j.stepsToHalve, span))
	case KindPlateau:
		f.Confidence = clamp01(amount * (1 - math.Abs(j.progress)/slowProgress/2))
		where := num(j.levelHalf)
		if j.chance > 0 {
			ev["chance_classes"] = float64(j.chance)
			where += fmt.Sprintf(" (≈ ln %d = %s, the loss of guessing uniformly among %d classes)", j.chance, num(math.Log(float64(j.chance))), j.chance)
		}
		f.Message = fmt.Sprintf("%s is stuck around %s: %s improvement in %s steps and no significant trend",
			name, where, pct(math.Max(0, j.progress)), count(span))
		if j.progress >= slowProgress {
			// it did fall, earlier: it is the second half that stalled
			f.Message = fmt.Sprintf("%s has stalled around %s: no significant fall over the second half of the run, %s below where it started (%s) but far from where its earlier fall was heading",
				name, where, pct(j.progress), num(j.start))
		}
	case KindSpike:
		sp := &s.spikes
		f.Severity, f.SinceStep, f.Step = SeverityInfo, sp.sinceStep, sp.lastStep
		if sp.recent >= 3 {
			f.Severity = SeverityWarning
		}
		ev["spike_step"], ev["spike_value"], ev["robust_z"], ev["level"], ev["recent_spikes"], ev["spikes"] =
			sp.lastStep, sp.lastValue, sp.lastZ, sp.lastLevel, float64(sp.recent), float64(sp.total)
		f.Confidence = clamp01(sp.lastZ / (2 * spikeZ))
		f.Message = fmt.Sprintf("%s jumped to %s at step %s, %s times its usual deviation above its running level %s",
			name, num(sp.lastValue), stepStr(sp.lastStep), num(sp.lastZ), num(sp.lastLevel))
		if sp.recent > 1 {
			f.Message += fmt.Sprintf(" (%d spikes since step %s)", sp.recent, stepStr(sp.sinceStep))
		}
		if g := t.gradSpikeBefore(sp.lastStep); g >= 0 {
			ev["grad_norm_spike_step"] = g
			f.Message += fmt.Sprintf("; %s spiked first, at step %s", t.grad.name, stepStr(g))
		}
	}
	f.Remedies = t.remedies(f)
	return f
}

// gradSpikeBefore returns the step of a gradient-norm spike shortly before
// (or at) step, or -1.
func (t *Tracker) gradSpikeBefore(step float64) float64 {
	if t.grad == nil || t.grad.spikes.total == 0 {
		return -1
	}
	g := &t.grad.spikes
	p := t.primary.sum
	spacing := (p.LastStep - p.FirstStep) / math.Max(1, float64(p.Points-1))
	if g.lastStep <= step && step-g.lastStep <= 10*spacing {
		return g.lastStep
	}
	return -1
}
