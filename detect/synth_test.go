package detect

import (
	"math"
	"math/rand/v2"
)

// point is one synthetic observation.
type point struct {
	metric      string
	step, value float64
}

// curveFunc gives the noiseless loss at step i of n.
type curveFunc func(i, n int) float64

func decay(scale, tau, floor float64) curveFunc {
	return func(i, n int) float64 { return scale * (floor + math.Exp(-float64(i)/tau)) }
}

// synth makes n points of f with multiplicative Gaussian noise of relative
// size noise, deterministically.
func synth(metric string, n int, f curveFunc, noise float64, seed uint64) []point {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]point, 0, n)
	for i := 0; i < n; i++ {
		v := f(i, n) * (1 + noise*r.NormFloat64())
		out = append(out, point{metric, float64(i + 1), v})
	}
	return out
}

// feed observes every point and collects the events.
func feed(t *Tracker, pts []point) []Event {
	var evs []Event
	for _, p := range pts {
		for _, e := range t.Observe(p.metric, p.step, p.value) {
			if e.Finding != nil {
				f := *e.Finding
				e.Finding = &f
			}
			evs = append(evs, e)
		}
	}
	return evs
}

// merge interleaves several series by step, keeping the order of equal steps.
func merge(series ...[]point) []point {
	var out []point
	idx := make([]int, len(series))
	for {
		best := -1
		for s, pts := range series {
			if idx[s] < len(pts) && (best < 0 || pts[idx[s]].step < series[best][idx[best]].step) {
				best = s
			}
		}
		if best < 0 {
			return out
		}
		out = append(out, series[best][idx[best]])
		idx[best]++
	}
}

func findingOf(st State, kind string) *Finding {
	for i := range st.Findings {
		if string(st.Findings[i].Kind) == kind {
			return &st.Findings[i]
		}
	}
	return nil
}
