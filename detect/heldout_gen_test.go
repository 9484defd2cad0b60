package detect

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// A held-out set of synthetic but realistic runs, labelled by
// construction, to measure the detector on curves none of its rules were
// tuned to: power-law pre-training, schedules, warm-ups, per-epoch logs,
// noisy and negative losses, and the usual failures. Every run is
// deterministic (seeded), so the table it gives is reproducible.

// heldRun is one synthetic run and the verdicts that are right for it.
type heldRun struct {
	kind    string // the family of curves it belongs to
	name    string
	healthy bool
	accept  []Verdict
	pts     []point
}

// healthyVerdicts are the fair readings of a healthy run.
var healthyVerdicts = []Verdict{VerdictConverged, VerdictConverging}

// gen draws the runs of one kind.
type gen struct {
	kind    string
	healthy bool
	accept  []Verdict
	make    func(r *rand.Rand, v int) (name string, pts []point)
}

// uniform draws from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// logUniform draws from [lo, hi) evenly on a log scale.
func logUniform(r *rand.Rand, lo, hi float64) float64 {
	return math.Exp(uniform(r, math.Log(lo), math.Log(hi)))
}

// sample logs f at n points every k steps with multiplicative Gaussian
// noise of relative size noise (additive, relative to scale, when scale > 0).
func sample(r *rand.Rand, metric string, n, k int, f func(x float64) float64, noise, scale float64) []point {
	out := make([]point, 0, n)
	for i := 1; i <= n; i++ {
		x := float64(i) / float64(n) // share of the run
		v := f(x)
		if scale > 0 {
			v += noise * scale * r.NormFloat64()
		} else {
			v *= 1 + noise*r.NormFloat64()
		}
		out = append(out, point{metric, float64(i * k), v})
	}
	return out
}

// every keeps one point in k of pts, renamed to metric.
func every(pts []point, k int, metric string) []point {
	var out []point
	for i := k - 1; i < len(pts); i += k {
		out = append(out, point{metric, pts[i].step, pts[i].value})
	}
	return out
}

// sizes are the run lengths (points) the generators draw from.
var sizes = []int{300, 1500, 5000, 15000}

func heldGens() []gen {
	return append(healthyGens(), failingGens()...)
}

func healthyGens() []gen {
	return []gen{
		{"power-law pre-training", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := []int{2000, 10000, 50000, 200000}[v%4]
			a, c, noise := uniform(r, 1.5, 3.5), uniform(r, 0.3, 0.7), []float64{0.01, 0.03, 0.08}[v%3]
			k := []int{1, 10}[v%2]
			t0 := uniform(r, 0.001, 0.01)
			b := (uniform(r, 8, 11) - a) * math.Pow(t0, c)
			return fmt.Sprintf("n=%d c=%.2f noise=%.2f", n, c, noise),
				sample(r, "loss", n, k, func(x float64) float64 { return a + b*math.Pow(x+t0, -c) }, noise, 0)
		}},
		{"fine-tune, converges then flat", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			tau, floor, noise := uniform(r, 0.01, 0.05), uniform(r, 0.1, 0.5), uniform(r, 0.02, 0.1)
			return fmt.Sprintf("n=%d tau=%.3f", n, tau),
				sample(r, "loss", n, 1, func(x float64) float64 { return floor + (1-floor)*math.Exp(-x/tau) }, noise, 0)
		}},
		{"step-decay schedule", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			noise := uniform(r, 0.02, 0.06)
			f := func(x float64) float64 {
				l := 0.6 + 1.4*math.Exp(-x/0.08)
				for _, at := range []float64{0.5, 0.75} {
					l -= 0.15 / (1 + math.Exp(-(x-at)/0.004))
				}
				return l
			}
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, noise, 0)
		}},
		{"warm-up + cosine", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			warm, noise := uniform(r, 0.02, 0.1), uniform(r, 0.02, 0.08)
			f := func(x float64) float64 {
				lr := 0.5 * (1 + math.Cos(math.Pi*math.Max(0, x-warm)/(1-warm)))
				if x < warm {
					lr = x / warm
				}
				// progress follows the learning rate spent; the noise floor
				// of SGD shrinks with the rate: a drop at the end
				spent := math.Min(x, warm)/2 + math.Max(0, x-warm)/2 + (1-warm)/(2*math.Pi)*math.Sin(math.Pi*math.Max(0, x-warm)/(1-warm))
				return 1.2 + 2.5*math.Pow(1+spent/0.01, -0.6) + 0.25*lr
			}
			return fmt.Sprintf("n=%d warm=%.2f", n, warm), sample(r, "loss", n, 1, f, noise, 0)
		}},
		{"per-epoch with validation", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			e := []int{10, 30, 100, 300}[v%4]
			tau, floor := uniform(r, 0.1, 0.25), uniform(r, 0.05, 0.3)
			f := func(x float64) float64 { return floor + (1-floor)*math.Exp(-x/tau) }
			train := sample(r, "loss", e, 1, f, 0.02, 0)
			val := sample(r, "val_loss", e, 1, func(x float64) float64 { return 1.15 * f(x) }, 0.03, 0)
			return fmt.Sprintf("epochs=%d", e), merge(train, val)
		}},
		{"warm-up plateau, then a fall", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := []int{1500, 3000, 10000, 20000}[v%4]
			flat := uniform(r, 0.05, 0.2)
			f := func(x float64) float64 { return 0.3 + 2/(1+math.Exp((x-flat-0.05)/0.03)) }
			return fmt.Sprintf("n=%d flat=%.2f", n, flat), sample(r, "loss", n, 1, f, 0.03, 0)
		}},
		{"noisy, RL-like", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			noise := uniform(r, 0.15, 0.3)
			return fmt.Sprintf("n=%d noise=%.2f", n, noise),
				sample(r, "loss", n, 1, func(x float64) float64 { return 0.3 + 0.7*math.Exp(-x/0.2) }, noise, 0)
		}},
		{"detection, sum of terms", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			f := func(x float64) float64 {
				return 0.9 + 0.5*math.Exp(-x/0.05) + 0.6 + 0.4*math.Pow(1+x/0.02, -0.7) + 0.3 + 0.3*math.Exp(-x/0.3)
			}
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, 0.04, 0)
		}},
		{"negative loss (ELBO)", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			f := func(x float64) float64 { return -150 + 350*math.Exp(-x/0.1) }
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, 0.01, 200)
		}},
		{"tiny loss (1e-5)", true, healthyVerdicts, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			f := func(x float64) float64 { return 1e-5 * (0.1 + math.Exp(-x/0.1)) }
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, 0.05, 0)
		}},
	}
}

func failingGens() []gen {
	diverging := []Verdict{VerdictDiverging}
	return []gen{
		{"lr too high: explosion, NaN", false, diverging, func(r *rand.Rand, v int) (string, []point) {
			n, at := sizes[v%4], uniform(r, 0.3, 0.7)
			f := func(x float64) float64 {
				l := 0.2 + math.Exp(-x/0.1)
				if x > at {
					l *= math.Exp((x - at) / 0.02)
				}
				if l > 1e4 {
					return math.NaN()
				}
				return l
			}
			return fmt.Sprintf("n=%d onset=%.2f", n, at), sample(r, "loss", n, 1, f, 0.03, 0)
		}},
		{"lr too high: climbing", false, diverging, func(r *rand.Rand, v int) (string, []point) {
			n, at := sizes[v%4], uniform(r, 0.3, 0.6)
			f := func(x float64) float64 { return 0.5 + math.Exp(-x/0.1) + 3*math.Max(0, x-at) }
			return fmt.Sprintf("n=%d onset=%.2f", n, at), sample(r, "loss", n, 1, f, 0.03, 0)
		}},
		{"oscillating", false, []Verdict{VerdictOscillating}, func(r *rand.Rand, v int) (string, []point) {
			n, period := sizes[v%4], uniform(r, 0.01, 0.05)
			f := func(x float64) float64 { return 1.2 - 0.2*x + 0.6*math.Sin(2*math.Pi*x/period) }
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, 0.2, 0)
		}},
		{"plateau at chance", false, []Verdict{VerdictPlateau}, func(r *rand.Rand, v int) (string, []point) {
			n, c := sizes[v%4], []float64{2, 10, 100}[v%3]
			return fmt.Sprintf("n=%d C=%v", n, c),
				sample(r, "loss", n, 1, func(x float64) float64 { return math.Log(c) }, uniform(r, 0.005, 0.05), 0)
		}},
		{"slow linear creep", false, []Verdict{VerdictSlow}, func(r *rand.Rand, v int) (string, []point) {
			n := sizes[v%4]
			f := func(x float64) float64 { return 1 - 0.2*x }
			return fmt.Sprintf("n=%d", n), sample(r, "loss", n, 1, f, 0.02, 0)
		}},
		{"overfitting", false, []Verdict{VerdictOverfitting}, func(r *rand.Rand, v int) (string, []point) {
			e := []int{20, 50, 100, 300}[v%4]
			turn := uniform(r, 0.25, 0.5)
			f := func(x float64) float64 { return 0.05 + math.Exp(-x/0.15) }
			g := func(x float64) float64 { return 0.5 + 0.6*math.Exp(-x/0.1) + 1.5*math.Pow(math.Max(0, x-turn), 2) }
			return fmt.Sprintf("epochs=%d turn=%.2f", e, turn),
				merge(sample(r, "loss", e, 1, f, 0.02, 0), sample(r, "val_loss", e, 1, g, 0.02, 0))
		}},
	}
}

// heldOut draws perKind runs of every kind.
func heldOut(perKind int) []heldRun {
	var runs []heldRun
	for gi, g := range heldGens() {
		for v := 0; v < perKind; v++ {
			r := rand.New(rand.NewPCG(uint64(1000+gi), uint64(v)))
			name, pts := g.make(r, v)
			runs = append(runs, heldRun{kind: g.kind, name: name, healthy: g.healthy, accept: g.accept, pts: pts})
		}
	}
	return runs
}
