package detect

import "math"

// minJudgePoints is the fewest points of the primary metric the whole-run
// judgement needs; below it the verdict is insufficient-data.
const minJudgePoints = 8

// The thresholds of the whole-run judgement. All are relative to the run's
// own start, progress and noise (see the package documentation).
const (
	divergeRatio      = 2.0  // ends this far above its best: diverging
	divergeRisingRate = 1.5  // ... or this far and still rising
	divergeMinRise    = 0.02 // and the rise is at least this share of the start
	oscillateNoise    = 0.3  // MAD around the smoothed level, relative
	oscillateProgress = 0.15 // ... unless the level came down to this share of the start
	overfitLastQuart  = 0.75 // validation minimum before this share of the run
	overfitRise       = 1.25 // ... and the validation loss ends this far above it
	// overfitZ is the Mann–Kendall z the validation points since the
	// minimum must rise by: a rise that stands out of their own noise, not
	// a flat noisy curve whose lowest point and last one happen to differ
	// (a failure verdict, so the stronger evidence of significantZ)
	overfitZ = significantZ
	// overfitTrendPoints is how many validation points from the minimum on
	// a trend test needs: fewer cannot reach overfitZ even rising at every
	// point (7 reach z = 2.9), and are judged by the ratio alone.
	overfitTrendPoints = 8
	bigProgress        = 0.5  // fell by half or more
	settledShare       = 0.05 // the last-30% trend removes less than this share of the progress
	significantZ       = 3.0  // Mann–Kendall |z|: a significant trend
	// fallingZ is the Mann–Kendall z below which a run that made big
	// progress counts as still falling (converging) rather than stalled
	// (plateau): a failure verdict needs the stronger evidence.
	fallingZ     = 2.0
	slowProgress = 0.2  // below this, no real progress: plateau
	bandShare    = 0.05 // convergence band: share of the total progress
	mkMaxPoints  = 200
	// A convergence point is called only once the loss has held its band
	// for this share of the time it took to get there, and for at least
	// minHeldPoints points: a loss that flattens for a moment is not
	// converged.
	holdShare     = 0.4
	minHeldPoints = 10
)

// curve is one metric's history as parallel slices: bucket middle steps,
// first steps, means and raw representatives.
type curve struct {
	steps, firsts, means, reps []float64
	width                      float64 // points per bucket
}

// scratch holds the buffers of the judgement so that it does not allocate.
type scratch struct {
	sm, tmp, res, vsm []float64
	med, vmed         slidingMedian // of the curve and the validation curve
	c, vc             curve
}

// newScratch returns empty buffers; they grow by appending to the size of
// the largest history judged (at most maxBuckets) and are then reused.
func newScratch() *scratch { return &scratch{} }

// judgement is the hindsight verdict on a whole curve and its evidence.
type judgement struct {
	verdict          Verdict
	n                int     // points of the curve (buckets)
	window           int     // buckets of the running median
	bestIdx          int     // bucket of the smoothed best
	halfStep         float64 // first step of the second half
	firstStep        float64
	lastStep         float64
	start, end, best float64 // smoothed
	bestStep         float64
	levelHalf        float64 // smoothed median of the second half
	noise            float64 // MAD of the raw points around the smoothed curve, second half, relative to level
	progress         float64 // (start-end)/|start|
	floor            float64 // the level the curve is heading for (see floorOf)
	floorProgress    float64 // (start-end)/(start-floor): share of the achievable drop made
	blur             float64 // standard error of one smoothed value
	bend             float64 // recent rate of fall over the average rate (see floorOf), NaN if unresolved
	slope            float64 // per step, smoothed, over the last 30%
	trendShare       float64 // share of the progress the last-30% trend would still remove
	recentSpan       float64 // steps in the last 30%
	z                float64 // Mann–Kendall on the raw points of the second half
	zClimb           float64 // Mann–Kendall on the raw points since the smoothed best
	zRecent          float64 // Mann–Kendall on the raw points of the last 30%
	endOverBest      float64
	onsetStep        float64 // diverging: where the climb began
	periodSteps      float64 // periodic swings: their period (0 if none)
	periodACF        float64
	converged        bool // a convergence point exists
	settled          bool // the loss has held its band long enough to call it converged
	convStep         float64
	band             float64 // absolute half-width of the convergence band
	chance           int     // level ≈ ln C
	stepsToHalve     float64 // slow: steps still needed to halve the start at this slope
	// overfitting (valid when hasVal)
	hasVal                    bool
	valN                      int // validation points (buckets)
	valMin, valMinStep        float64
	valEnd, valRatio          float64
	trainAtValMin, valMinFrac float64
	valRiseZ                  float64 // Mann–Kendall z of the validation points from the minimum on
}

// judge computes the judgement of the curve c (and, if vc has points, of the
// validation curve against it) using the scratch buffers.
func judge(c, vc *curve, sc *scratch) judgement {
	n := len(c.means)
	j := judgement{n: n, verdict: VerdictInsufficientData}
	if n == 0 {
		return j
	}
	j.firstStep, j.lastStep = c.firsts[0], c.steps[n-1]
	j.window = max(5, n/25) | 1
	sc.sm = sc.med.of(c.means, j.window)
	sm := sc.sm
	j.levels(c, sm, sc)
	j.progressAndTrend(c, sm)
	j.trends(c)
	j.periodic(c, sm, n/2, sc)
	j.chance = chanceClasses(j.levelHalf)
	j.convergence(c, sm)
	if vc != nil && len(vc.means) >= 3 {
		j.validation(c, vc, sc)
	}
	if n >= minJudgePoints {
		j.verdict = j.decide()
	}
	if j.verdict != VerdictConverged {
		j.converged = false
	}
	j.onset(c, sm)
	return j
}

// levels finds the smoothed start, end and best, the level of the second
// half and the noise around it.
func (j *judgement) levels(c *curve, sm []float64, sc *scratch) {
	n := len(sm)
	j.start, j.end = sm[0], sm[n-1]
	j.best, j.bestStep, j.bestIdx = sm[0], c.firsts[0], 0
	for i, v := range sm {
		if v < j.best {
			j.best, j.bestStep, j.bestIdx = v, c.firsts[i], i
		}
	}
	h := n / 2
	j.halfStep = c.firsts[h]
	j.levelHalf = median(sm[h:], &sc.tmp)
	sc.res = sc.res[:0]
	for i := h; i < n; i++ {
		sc.res = append(sc.res, math.Abs(c.reps[i]-sm[i]))
	}
	j.noise = median(sc.res, &sc.tmp) / math.Max(math.Abs(j.levelHalf), math.SmallestNonzeroFloat64)
	j.endOverBest = 1
	if j.best > 0 {
		j.endOverBest = j.end / j.best
	}
}

// trendPer1k is the recent trend relative to the level: the change of the
// smoothed loss per 1000 steps at its slope over the last 30% of the run,
// over the median level of the second half (State.Trend, the status line's
// trend: every sentence that says how fast the loss moves says it with this
// number); 0 for a level of 0.
func (j *judgement) trendPer1k() float64 {
	if j.levelHalf == 0 {
		return 0
	}
	return j.slope * 1000 / math.Abs(j.levelHalf)
}

// recentTrend is trendPer1k over the last 30% of the run: the relative
// change of the smoothed loss over that stretch at its slope.
func (j *judgement) recentTrend() float64 { return j.trendPer1k() * j.recentSpan / 1000 }

// recentFrom is the first bucket of the last 30% of a curve of n buckets.
func recentFrom(n int) int { return int(float64(n) * 0.7) }

// progressAndTrend measures the progress from zero and toward the floor,
// and the recent trend of the smoothed curve.
func (j *judgement) progressAndTrend(c *curve, sm []float64) {
	n, k := len(sm), recentFrom(len(sm))
	j.slope = olsSlope(c.steps[k:], sm[k:])
	j.recentSpan = c.steps[n-1] - c.steps[k]
	drop := j.start - j.end
	if math.Abs(j.start) > 0 {
		j.progress = drop / math.Abs(j.start)
	}
	j.trendShare = math.Inf(1)
	if drop > 0 {
		j.trendShare = -j.slope * j.recentSpan / drop
	}
	// a running median over w buckets of c.width points: its standard
	// error is about 1.25·1.48·MAD/√points
	j.blur = 1.85 * j.noise * math.Abs(j.levelHalf) / math.Sqrt(float64(j.window)*math.Max(1, c.width))
	j.floor, j.bend = floorOf(c.steps, sm, j.slope, j.blur)
	j.floorProgress = j.progress
	if j.start > j.floor && drop > 0 {
		j.floorProgress = drop / (j.start - j.floor)
	}
	j.stepsToHalve = math.Inf(1) // not falling over the recent stretch: no estimate
	if j.slope < 0 {
		j.stepsToHalve = math.Max(0, (j.end-j.start/2)/-j.slope)
	}
}

// trends runs the trend tests on the raw points (a subsample of at most
// mkMaxPoints), whose noise is independent from point to point, not on
// the smoothed curve, whose neighbours share their window: that makes z a
// calibrated test of a fall against the run's own noise. Mann–Kendall
// needs about 10 points to ever reach |z| = 3: a short run is tested
// whole.
func (j *judgement) trends(c *curve) {
	n := len(c.reps)
	if h := n / 2; n-h >= 10 {
		j.z = mannKendallZ(c.reps[h:], mkMaxPoints)
	} else {
		j.z = mannKendallZ(c.reps, mkMaxPoints)
	}
	// Only a curve that rose above its best asks the diverging rule's
	// tests (the rest of the time they would cost as much as the whole
	// judgement): whether the loss is still rising is asked of the climb
	// itself, the raw points since the best, not of a second half it may
	// share with the fall before it; whether it is falling now, of the
	// last 30%.
	if j.endOverBest >= 1+stayShare*(divergeRisingRate-1) {
		if n-j.bestIdx >= 10 {
			j.zClimb = mannKendallZ(c.reps[j.bestIdx:], mkMaxPoints)
		}
		j.zRecent = mannKendallZ(c.reps[recentFrom(n):], mkMaxPoints)
	}
}

// convergence finds the convergence point: the first step after which the
// smoothed loss stays in its band, and whether it has held it long enough.
func (j *judgement) convergence(c *curve, sm []float64) {
	drop, n := j.start-j.end, len(sm)
	if drop <= 0 {
		return
	}
	j.band = bandShare * drop
	i := n - 1
	for i >= 0 && math.Abs(sm[i]-j.end) <= j.band {
		i--
	}
	j.convStep = c.firsts[min(i+1, n-1)]
	held := n - 1 - i
	// the band held only if it is wider than the uncertainty of the level it
	// is held around: the end of the running median has half a window, √2
	// times the standard error of a smoothed value inside the curve
	j.settled = held >= minHeldPoints && j.lastStep-j.convStep >= holdShare*(j.convStep-j.firstStep) &&
		j.band >= 2*math.Sqrt2*j.blur
	j.converged = j.progress >= bigProgress
}

// onset finds where a climb began: where the smoothed loss first leaves its
// best by 10% (whatever the verdict: a live diverging verdict may stand on
// hysteresis).
func (j *judgement) onset(c *curve, sm []float64) {
	j.onsetStep = j.bestStep
	for i := j.bestIdx; i < len(sm); i++ {
		if sm[i] > j.best+0.1*math.Abs(j.best) {
			j.onsetStep = c.firsts[i]
			return
		}
	}
}

// periodic looks for swings that repeat with a period in the residuals of
// the second half.
func (j *judgement) periodic(c *curve, sm []float64, h int, sc *scratch) {
	n := len(sm)
	if n-h < 32 {
		return
	}
	sc.res = sc.res[:0]
	for i := h; i < n; i++ {
		sc.res = append(sc.res, c.reps[i]-sm[i])
	}
	lag, peak := acfPeak(sc.res)
	if lag > 0 && peak >= 0.3 {
		j.periodSteps = float64(lag) * (c.steps[n-1] - c.steps[h]) / float64(n-1-h)
		j.periodACF = peak
	}
}

// validation judges the validation curve against the training curve.
func (j *judgement) validation(c, vc *curve, sc *scratch) {
	nv := len(vc.means)
	w := max(3, nv/50) | 1
	if nv < 10 {
		w = 1 // a handful of evaluations: every one counts
	}
	sc.vsm = sc.vmed.of(vc.means, w)
	mi := 0
	for i, v := range sc.vsm {
		if v < sc.vsm[mi] {
			mi = i
		}
	}
	j.hasVal, j.valN = true, nv
	j.valMin, j.valMinStep, j.valEnd = sc.vsm[mi], vc.firsts[mi], sc.vsm[nv-1]
	j.valRatio = 1
	if j.valMin > 0 {
		j.valRatio = j.valEnd / j.valMin
	}
	j.valRiseZ = math.Inf(1) // too few points since the minimum to show a trend: every one counts
	if nv-mi >= overfitTrendPoints {
		j.valRiseZ = mannKendallZ(vc.means[mi:], mkMaxPoints)
	}
	if span := j.lastStep - j.firstStep; span > 0 {
		j.valMinFrac = (j.valMinStep - j.firstStep) / span
	}
	// the smoothed training loss at the step nearest the validation minimum
	lo, hi := 0, len(c.steps)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if c.steps[mid] < j.valMinStep {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo > 0 && math.Abs(c.steps[lo-1]-j.valMinStep) < math.Abs(c.steps[lo]-j.valMinStep) {
		lo--
	}
	j.trainAtValMin = sc.sm[lo]
}
