package detect

import "math"

// The floor of a loss is the level it is heading for: the entropy of the
// text for a language model, the sum of its terms' floors for a detector,
// the noise of the targets for a regression — rarely zero. Progress is
// judged against the drop that is achievable, start − floor, so that a
// language model that went from 11 to 3.3 and flattened counts as having
// made most of the progress it could, while a loss that creeps down in a
// straight line (no sign of where it will stop) is judged against zero.
//
// The floor is extrapolated from the smoothed curve's own bend, with the
// simplest model of a fall that slows down, an exponential approach
// L(t) = floor + b·e^(−t/τ): the ratio r of the slope over the last 30% of
// the run to the chord from the curve's highest point in its first half
// to its end (their rates of fall) fixes x = T/τ by r = x/(eˣ − 1), and
// what remains to fall is then the drop so far times r/x. A loss that has
// stopped falling is at its floor; one that does not slow down (r ≥ 1)
// shows no floor, and the floor is then zero for a loss that is never
// negative. The estimate costs O(buckets).

// bentRate is the largest ratio of the final rate of fall to the average
// one at which a curve counts as bent over, so that a floor is estimated
// from it: at half its average rate, an exponential approach has made
// three quarters of its drop. Early in a run and on a noisy straight fall
// the ratio wanders well below 1; half is out of its reach.
const bentRate = 0.5

// resolvedShape is how many times the uncertainty of the smoothed curve
// (blur) its drop must be for its bend to be read: a noisy curve early in
// its run has no shape to extrapolate yet.
const resolvedShape = 20

// floorOf estimates the floor of the smoothed curve sm over steps (slope
// is its slope over the last 30%, blur the uncertainty of one smoothed
// value): never above the end and, for a loss that was never negative,
// never below zero. Without an estimate it is zero, or for a curve that
// goes negative the level as far below zero as the start is above it, so
// that progress is then measured relative to the start. It also returns
// the curve's bend: its rate of fall over the last 30% over its average
// rate since its high point (1 for a straight fall, 0 for a loss that
// stopped falling), NaN when its shape is lost in its noise.
func floorOf(steps, sm []float64, slope, blur float64) (floor, bend float64) {
	n := len(sm)
	end := sm[n-1]
	nonneg, top := true, 0
	for i, v := range sm {
		if v < 0 {
			nonneg = false
		}
		if i <= n/2 && v > sm[top] {
			top = i
		}
	}
	none := math.Min(end, sm[0]-math.Abs(sm[0]))
	if nonneg {
		none = 0
	}
	drop, span := sm[top]-end, steps[n-1]-steps[top]
	switch {
	case n < 6 || !(drop > 0) || !(span > 0):
		return none, math.NaN()
	case slope >= 0 && drop >= significantZ*math.Sqrt2*blur:
		return end, 0 // fell beyond its noise and stopped: it is where it is heading
	case drop < resolvedShape*blur:
		return none, math.NaN()
	case slope >= 0:
		return end, 0
	}
	r := -slope / (drop / span)
	if r > bentRate {
		return none, r // not clearly slowing down: no sign of where it stops
	}
	x := bendOf(r)
	floor = end - drop*r/x
	if nonneg && floor < 0 {
		return 0, r
	}
	return floor, r
}

// bendOf solves r = x/(eˣ − 1) for x > 0, given 0 < r < 1: how many time
// constants of an exponential approach a run spans whose final rate of
// fall is r times its average rate.
func bendOf(r float64) float64 {
	lo, hi := 1e-9, 60.0
	for range 60 {
		x := (lo + hi) / 2
		if x/math.Expm1(x) > r {
			lo = x
		} else {
			hi = x
		}
	}
	return (lo + hi) / 2
}
