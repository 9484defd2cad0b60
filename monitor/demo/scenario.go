package demo

import "math/rand/v2"

// Scenario is one way a training run can go, set up by a real cause.
type Scenario struct {
	// Name is what --scenario takes.
	Name string
	// Description says what was set up and what the curve shows.
	Description string
	// Expect lists the verdicts the cause implies, best first, as the
	// detector spells them ("converged", "diverging", ...).
	Expect []string
}

// recipe is everything that sets up one scenario's training run.
type recipe struct {
	Scenario
	data     func(rng *rand.Rand) (train, val dataset)
	hidden   []int
	act      activation
	init     initSpec
	lr       func(step, steps int) float64 // step is 1-based
	momentum float64
	batch    int
	ordered  bool // feed the training set class after class, never shuffled
	steps    int
}

// DefaultScenario is the scenario `losswatch demo` runs when none is named:
// a learning-rate warm-up that overshoots, so the curve first falls, then
// explodes, and the detector's diverging finding with its remedies appears.
const DefaultScenario = "lr-too-high"

// Scenarios lists every scenario, healthy first.
func Scenarios() []Scenario {
	rs := recipes()
	out := make([]Scenario, len(rs))
	for i, r := range rs {
		out[i] = r.Scenario
	}
	return out
}

func constant(lr float64) func(int, int) float64 { return func(int, int) float64 { return lr } }

// warmup rises linearly from lo to hi over the whole run.
func warmup(lo, hi float64) func(int, int) float64 {
	return func(step, steps int) float64 { return lo + (hi-lo)*float64(step)/float64(steps) }
}

// blobTask is a four-class problem that a small network solves well.
func blobTask(n int) func(*rand.Rand) (dataset, dataset) {
	return func(rng *rand.Rand) (dataset, dataset) {
		return blobs(rng, n, 4, 1.5, 0.45), blobs(rng, 400, 4, 1.5, 0.45)
	}
}

// overlapTask is four blobs that overlap: no boundary gets every point right.
func overlapTask(n int) func(*rand.Rand) (dataset, dataset) {
	return func(rng *rand.Rand) (dataset, dataset) {
		return blobs(rng, n, 4, 1.0, 0.8), blobs(rng, 200, 4, 1.0, 0.8)
	}
}

// ringTask is two concentric rings: the classes differ only in radius.
func ringTask(n int) func(*rand.Rand) (dataset, dataset) {
	return func(rng *rand.Rand) (dataset, dataset) {
		return rings(rng, n, 2, 0.08), rings(rng, 300, 2, 0.08)
	}
}

// spiralTask is the three-arm spiral problem, which needs hidden units.
func spiralTask(n int) func(*rand.Rand) (dataset, dataset) {
	return func(rng *rand.Rand) (dataset, dataset) {
		return spirals(rng, n, 3, 0.15), spirals(rng, 300, 3, 0.15)
	}
}

func recipes() []recipe {
	return []recipe{
		{Scenario: Scenario{Name: "healthy", Expect: []string{"converged", "converging"},
			Description: "noisy three-arm spirals, 2-32-32-3 ReLU MLP, SGD lr 0.01 momentum 0.9, batches of 64: the loss falls over a few hundred steps, then holds a low level — converged"},
			data: func(rng *rand.Rand) (dataset, dataset) {
				return spirals(rng, 900, 3, 0.3), spirals(rng, 300, 3, 0.3)
			}, hidden: []int{32, 32}, act: actReLU, lr: constant(0.01), momentum: 0.9, batch: 64, steps: 2000},
		{Scenario: Scenario{Name: "lr-too-high", Expect: []string{"diverging"},
			Description: "spirals, tanh MLP whose learning-rate warm-up climbs from 0.01 to 2: the loss first falls, then climbs far above its best once lr passes what the network can take — diverging"},
			data: spiralTask(900), hidden: []int{32, 32}, act: actTanh, lr: warmup(0.01, 2), momentum: 0.9, batch: 32, steps: 2000},
		{Scenario: Scenario{Name: "lr-unstable", Expect: []string{"oscillating", "diverging"},
			Description: "overlapping blobs, tanh MLP, plain SGD at lr 0.3 on batches of 2: a step this large on one or two samples throws the weights back and forth, so the loss jumps up and down like a hair comb and never settles — oscillating (diverging when the swings grow)"},
			data: overlapTask(800), hidden: []int{32, 32}, act: actTanh, lr: constant(0.3), momentum: 0, batch: 2, steps: 2000},
		{Scenario: Scenario{Name: "lr-too-low", Expect: []string{"slow"},
			Description: "blobs, tanh MLP, plain SGD at lr 0.0001: the loss creeps down steadily and is not halfway down after the whole run — slow"},
			data: blobTask(800), hidden: []int{32, 32}, act: actTanh, lr: constant(0.0001), momentum: 0, batch: 32, steps: 2000},
		{Scenario: Scenario{Name: "too-few-nodes", Expect: []string{"plateau"},
			Description: "two concentric rings with a single hidden unit: one unit cannot draw a circle, so the loss barely moves below chance (ln 2 = 0.69) — plateau"},
			data: ringTask(900), hidden: []int{1}, act: actTanh, lr: constant(0.1), momentum: 0.9, batch: 64, steps: 2000},
		{Scenario: Scenario{Name: "dead-relu", Expect: []string{"plateau"},
			Description: "blobs, ReLU MLP whose hidden biases start at -8: every unit outputs 0 and passes no gradient, so the loss sits at chance (ln 4 = 1.39) — plateau"},
			data: blobTask(800), hidden: []int{32, 32}, act: actReLU, init: initSpec{hiddenBias: -8}, lr: constant(0.1), momentum: 0.9, batch: 32, steps: 2000},
		{Scenario: Scenario{Name: "bad-init", Expect: []string{"slow", "plateau"},
			Description: "spirals, sigmoid MLP with initial weights 30x too large: the loss starts far above chance (ln 3 = 1.10), the saturated units pass almost no gradient, and only the output layer learns, so the loss creeps — slow (plateau when it stalls)"},
			data: spiralTask(900), hidden: []int{32, 32}, act: actSigmoid, init: initSpec{scale: 30}, lr: constant(0.0001), momentum: 0, batch: 32, steps: 2000},
		{Scenario: Scenario{Name: "no-shuffle", Expect: []string{"oscillating"},
			Description: "overlapping blobs read class after class without shuffling: each batch holds one class, the network chases it and forgets the others, so the loss swings in the same pattern every epoch (20 steps, 5 per class) — oscillating"},
			data: overlapTask(400), hidden: []int{32, 32}, act: actReLU, lr: constant(0.5), momentum: 0, batch: 20, ordered: true, steps: 2000},
		{Scenario: Scenario{Name: "overfit", Expect: []string{"overfitting"},
			Description: "40 noisy training points and a 2-64-64-4 MLP: training loss keeps falling while validation loss bottoms out early and then rises far above its minimum — overfitting"},
			data: func(rng *rand.Rand) (dataset, dataset) {
				return blobs(rng, 40, 4, 1.0, 0.6), blobs(rng, 100, 4, 1.0, 0.6)
			}, hidden: []int{64, 64}, act: actReLU, lr: constant(0.02), momentum: 0.9, batch: 20, steps: 2000},
		{Scenario: Scenario{Name: "corrupt-labels", Expect: []string{"overfitting", "plateau"},
			Description: "100 training points, 60% of their labels redrawn at random: the network learns the true classes, then memorises the wrong labels, so validation loss (on clean labels) turns up while training loss still falls — overfitting"},
			data: func(rng *rand.Rand) (dataset, dataset) {
				tr := blobs(rng, 100, 4, 1.5, 0.45)
				return tr.corrupt(rng, 0.6), blobs(rng, 200, 4, 1.5, 0.45)
			}, hidden: []int{64, 64}, act: actReLU, lr: constant(0.02), momentum: 0.9, batch: 10, steps: 2000},
	}
}

// lookup finds a recipe by name.
func lookup(name string) (recipe, bool) {
	for _, r := range recipes() {
		if r.Name == name {
			return r, true
		}
	}
	return recipe{}, false
}
