package detect

import "math"

// SegmentStats is what the detector says about one stretch of a curve, for
// a UI that lets the user select a segment.
type SegmentStats struct {
	Points              int
	Nonfinite           int
	FirstStep, LastStep float64
	Min, Max, Mean      float64
	MinStep, MaxStep    float64
	// Start and End are the smoothed values at the ends of the stretch.
	Start, End float64
	// SlopePer1k is the least-squares slope of the smoothed values over the
	// last 30% of the stretch, in loss units per 1000 steps.
	SlopePer1k float64
	// RelChange is (End-Start)/|Start|: -0.4 is a fall of 40%.
	RelChange float64
	// Noise is the typical deviation around the smoothed curve in the second
	// half of the stretch, relative to its level.
	Noise float64
	// Verdict is the judgement of the stretch as if it were a whole run
	// (insufficient-data below 8 points; diverging if any value is
	// non-finite).
	Verdict Verdict
}

// Analyze judges a stretch of a curve (steps ascending) with the same
// statistics the tracker applies to a whole run. It costs O(n) and
// allocates; it is meant for a selection, not for every point.
func Analyze(steps, values []float64) SegmentStats {
	st := SegmentStats{Min: math.Inf(1), Max: math.Inf(-1), Verdict: VerdictInsufficientData}
	h := newHistory()
	var sum float64
	for i, v := range values {
		if i >= len(steps) {
			break
		}
		if !finite(v) {
			st.Nonfinite++
			continue
		}
		if st.Points == 0 {
			st.FirstStep = steps[i]
		}
		st.Points++
		st.LastStep = steps[i]
		sum += v
		if v < st.Min {
			st.Min, st.MinStep = v, steps[i]
		}
		if v > st.Max {
			st.Max, st.MaxStep = v, steps[i]
		}
		h.add(steps[i], v)
	}
	if st.Points == 0 {
		st.Min, st.Max = math.NaN(), math.NaN()
		if st.Nonfinite > 0 {
			st.Verdict = VerdictDiverging
		}
		return st
	}
	st.Mean = sum / float64(st.Points)
	sc := newScratch()
	h.curve(&sc.c)
	j := judge(&sc.c, nil, sc)
	st.Start, st.End, st.Noise, st.SlopePer1k = j.start, j.end, j.noise, j.slope*1000
	if j.start != 0 {
		st.RelChange = (j.end - j.start) / math.Abs(j.start)
	}
	st.Verdict = j.verdict
	if st.Nonfinite > 0 {
		st.Verdict = VerdictDiverging
	}
	return st
}
