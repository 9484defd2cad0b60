package detect

import "math"

// spikeZ is how many mean absolute deviations above the running level a
// point must jump to count as a spike (about 6.4 standard deviations for
// Gaussian noise).
const spikeZ = 8

// spikeState flags isolated upward jumps with a robust z-score: the
// residual from an exponential average over the exponential average of the
// absolute residuals, both fed winsorised values so that a spike does not
// drag them along.
type spikeState struct {
	ema, dev  float64
	n         int64
	total     int64   // spikes seen
	recent    int     // spikes in the current stretch
	lastStep  float64 // step of the last spike
	lastPoint int64   // point count at the last spike
	lastValue float64
	lastZ     float64
	lastLevel float64
	sinceStep float64 // first spike of the current stretch
}

// spikeWindow is how many points a spike stays news.
func spikeWindow(points int64) int64 { return max(50, points/50) }

// observe feeds one finite value and reports whether it is a spike.
func (sp *spikeState) observe(v, step float64, points int64) bool {
	sp.n++
	if sp.n == 1 {
		sp.ema = v
		return false
	}
	r := v - sp.ema
	spike := sp.n > 20 && sp.dev > 0 && r > spikeZ*sp.dev
	if spike {
		if sp.total == 0 || points-sp.lastPoint > spikeWindow(points) {
			sp.recent, sp.sinceStep = 0, step
		}
		sp.total++
		sp.recent++
		sp.lastStep, sp.lastPoint, sp.lastValue, sp.lastZ, sp.lastLevel = step, points, v, r/sp.dev, sp.ema
	}
	if sp.dev > 0 {
		r = math.Max(-3*sp.dev, math.Min(3*sp.dev, r))
	}
	a := math.Max(0.05, 1/float64(sp.n))
	sp.ema += a * r
	sp.dev += a * (math.Abs(r) - sp.dev)
	return spike
}

// expired reports whether the last spike is no longer news.
func (sp *spikeState) expired(points int64) bool {
	return sp.total > 0 && points-sp.lastPoint > spikeWindow(points)
}

// spiked raises the spike finding when a stretch of spikes begins.
func (t *Tracker) spiked(s *series, step float64) {
	if !t.active[KindSpike] {
		t.raise(KindSpike, s, step)
	}
}

// The streaming explosion rule: the loss and its fast average both more
// than explodeRatio times the best slow average for explodeRun points in a
// row is an explosion, raised at once without waiting for the whole-run
// judgement (whose smoothing lags by a share of the run's length).
const (
	explodeRatio = 4
	explodeRun   = 20
)

// explosion is a divergence seen by the streaming rule.
type explosion struct {
	since, best, value float64
}

// stream updates the per-point averages and reports whether the value looks
// like the start of a climb far above the best level so far, which is worth
// judging the whole run again at once.
func (s *series) stream(v, step float64) bool {
	if s.sum.Points == 1 || s.sum.Points-s.sum.Nonfinite == 1 {
		s.fast, s.slow, s.bestSlow = v, v, v
		return false
	}
	s.fast += 0.2 * (v - s.fast)
	s.slow += 0.05 * (v - s.slow)
	if s.sum.Points < 20 {
		return false
	}
	s.bestSlow = min(s.bestSlow, s.slow)
	if s.bestSlow > 0 && s.fast > explodeRatio*s.bestSlow && v > explodeRatio*s.bestSlow {
		if s.hot == 0 {
			s.hotSince = step
		}
		s.hot++
	} else {
		s.hot = 0
	}
	return s.bestSlow > 0 && s.fast > 2*s.bestSlow
}
