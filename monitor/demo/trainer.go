package demo

import "math/rand/v2"

// trainer runs mini-batch SGD over a recipe's data, one step at a time.
type trainer struct {
	r          recipe
	rng        *rand.Rand
	net        *mlp
	train, val dataset
	order      []int
	pos, epoch int
	steps      int
}

func newTrainer(r recipe, rng *rand.Rand, steps int) *trainer {
	train, val := r.data(rng)
	sizes := append(append([]int{len(train.x[0])}, r.hidden...), train.classes)
	t := &trainer{r: r, rng: rng, net: newMLP(rng, sizes, r.act, r.init), train: train, val: val, epoch: 1, steps: steps}
	if r.ordered {
		t.order = train.sortedByClass()
	} else {
		t.order = make([]int, len(train.y))
		for i := range t.order {
			t.order[i] = i
		}
	}
	return t
}

// step trains on the next batch and returns what the step logs.
func (t *trainer) step(step int) point {
	if t.pos == 0 && !t.r.ordered {
		t.rng.Shuffle(len(t.order), func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
	}
	end := min(t.pos+t.r.batch, len(t.order))
	batch := t.order[t.pos:end]
	t.net.zeroGrad()
	loss := 0.0
	w := 1 / float64(len(batch))
	for _, i := range batch {
		loss += w * t.net.accumulate(t.train.x[i], t.train.y[i], w)
	}
	p := point{step: step, epoch: t.epoch, loss: loss, lr: t.r.lr(step, t.steps), gn: t.net.gradNorm()}
	t.net.step(p.lr, t.r.momentum)
	t.pos = end
	if t.pos == len(t.order) {
		p.val, p.hasVal = t.net.meanLoss(t.val), true
		t.pos = 0
		t.epoch++
	}
	return p
}
