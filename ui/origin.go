package ui

import (
	"math"

	"github.com/losswatch/losswatch/detect"
)

// originGrain is what a chart's origin is rounded down to: ticks placed at
// round offsets from it (up to this far apart) fall on round steps.
const originGrain = 1_000_000_000

// xOrigin is the step the chart's x positions count from: x = step −
// origin. It is 0 for an ordinary run, whose x positions are its steps; a
// run whose first step is 10^9 or more counts from that step rounded down
// to a multiple of 10^9, so that the positions of steps beyond 2^53 (which
// float64 rounds: 2^53+1 reads as 2^53) stay exact offsets, and the labels
// made from them (origin + x) the steps the log wrote.
type xOrigin struct {
	at  detect.Step
	set bool
}

// x returns the chart position of step s, fixing the origin at the first
// step it is given.
func (o *xOrigin) x(s detect.Step) float64 {
	if !o.set && s.Finite() {
		o.set = true
		n, whole := s.Int()
		if !whole {
			n, _ = detect.FloatStep(math.Floor(s.Float())).Int()
		}
		if n >= originGrain || n <= -originGrain {
			o.at = detect.IntStep(n - n%originGrain)
		}
	}
	return o.pos(s)
}

// pos returns the chart position of step s (a detector's), without fixing
// the origin.
func (o xOrigin) pos(s detect.Step) float64 { return s.Sub(o.at) }

// label writes the step at chart position x, as formatStep does: grouped
// by thousands, exact beyond 2^53 too.
func (o xOrigin) label(x float64) string {
	if o.at == (detect.Step{}) {
		return formatStep(x)
	}
	return exactStep(o.at.Add(x))
}

// text writes the step at chart position x for a file: in full, not
// grouped (a file name, a CSV cell).
func (o xOrigin) text(x float64) string { return o.at.Add(x).String() }

// far reports whether the origin is not 0: x positions are not steps.
func (o xOrigin) far() bool { return o.at != (detect.Step{}) }

// exactStep writes a step the detector or the log gave: a whole step in
// full, grouped by thousands ("9,007,199,254,740,993"), any other as
// formatStep writes it.
func exactStep(s detect.Step) string {
	if n, ok := s.Int(); ok && s.Finite() {
		return groupedInt(n)
	}
	return formatStep(s.Float())
}
