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
	Step       Step               `json:"step"`       // where it was raised
	SinceStep  Step               `json:"since_step"` // where the condition began
	Severity   Severity           `json:"severity"`
	Confidence float64            `json:"confidence"`
	Message    string             `json:"message"`
	Evidence   map[string]float64 `json:"evidence"`
	// StepEvidence is the evidence that is a step (best_step, onset_step,
	// val_min_step, ...), kept exact: a report shows it beside Evidence.
	StepEvidence map[string]Step `json:"step_evidence"`
	Remedies     []Remedy        `json:"remedies"`
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

// stepText formats a step for a sentence: whole steps in full, grouped by
// thousands ("1,719", "9,007,199,254,740,993"), fractional ones (epochs)
// as they are.
func stepText(s Step) string {
	if n, ok := s.Int(); ok {
		return message.NewPrinter(language.English).Sprintf("%d", n)
	}
	return s.String()
}

// SetStepUnit names what the steps the tracker is fed count: "step" (the
// default), "epoch", "iteration". Its sentences name positions and spans
// in it: "converged at epoch 12", "over the last 3.5 epochs".
func (t *Tracker) SetStepUnit(unit string) { t.unit = unit }

// unitWord is the unit of the steps, singular.
func (t *Tracker) unitWord() string {
	if t.unit == "" {
		return "step"
	}
	return t.unit
}

// posText names step s in a sentence: "step 1,200", "epoch 3.5".
func (t *Tracker) posText(s Step) string { return t.unitWord() + " " + stepText(s) }

// pos names the step at offset off from the origin in a sentence.
func (t *Tracker) pos(off float64) string { return t.posText(t.at(off)) }

// spanWords formats a span of v steps for a sentence: its number (rounded
// to a whole one, but to three digits under 100 of a unit coarser than a
// step: 2.5 epochs) and the unit's word, plural unless the number is 1.
func (t *Tracker) spanWords(v float64) (string, string) {
	n := count(v)
	if t.unitWord() != "step" && math.Abs(v) < 100 {
		n = num(v)
	}
	return n, t.plural(n)
}

// span is a span of v steps in a sentence: "400 steps", "2.5 epochs".
func (t *Tracker) span(v float64) string {
	n, w := t.spanWords(v)
	return n + " " + w
}

// spanNum is span with the number to three digits in any unit (a period
// of swings: 12.5 steps).
func (t *Tracker) spanNum(v float64) string {
	n := num(v)
	return n + " " + t.plural(n)
}

// plural is the unit's word for the number written n.
func (t *Tracker) plural(n string) string {
	if n == "1" {
		return t.unitWord()
	}
	return t.unitWord() + "s"
}

// off returns the offset of step s from the origin.
func (t *Tracker) off(s Step) float64 { return t.origin.offset(s) }

// at returns the step at offset off from the origin: what the tracker
// shows of a step it works with.
func (t *Tracker) at(off float64) Step { return t.origin.step(off) }

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

// halving says how many more steps the metric needs to halve what is left
// of its fall (or its gap to the ceiling, in w's words) at its recent rate
// (steps is +Inf when it is not moving that way), on a run span steps long
// so far. An estimate under a tenth of the run is a move that has only
// just sped up, not a rate to plan by: none is given.
func (t *Tracker) halving(steps, span float64, w moveWords) string {
	switch {
	case math.IsInf(steps, 1) || math.IsNaN(steps):
		return "over the recent stretch it is not " + w.moving + ", so no estimate of when " + w.halves
	case steps < span/10:
		return "it has only lately started to " + w.verb + " faster"
	}
	n, unit := t.spanWords(steps)
	return fmt.Sprintf("at this rate it needs about %s more %s just to %s", n, unit, w.halve)
}

// lowest names the lowest single value of the metric when it is well below
// the smoothed best level best, so that the best a sentence names is the
// best there was ("" when it is not).
func (t *Tracker) lowest(sum *tally, best float64) string {
	if !finite(sum.Min) || sum.Min >= best-0.1*math.Abs(best) {
		return ""
	}
	return fmt.Sprintf("; lowest single value %s at %s", num(sum.Min), t.posText(sum.MinAt.norm()))
}

// pct formats a share as a percentage.
func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 0, 64) + "%" }

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0.05
	}
	return math.Max(0.05, math.Min(0.99, v))
}

// gradSpikeBefore returns the step of a gradient-norm spike shortly before
// (or at) step; ok is false when there is none.
func (t *Tracker) gradSpikeBefore(step float64) (at float64, ok bool) {
	if t.grad == nil || t.grad.spikes.total == 0 {
		return 0, false
	}
	g := &t.grad.spikes
	p := t.primary.sum
	spacing := (p.LastStep - p.FirstStep) / math.Max(1, float64(p.Points-1))
	if g.lastStep <= step && step-g.lastStep <= 10*spacing {
		return g.lastStep, true
	}
	return 0, false
}
