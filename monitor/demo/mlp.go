package demo

import (
	"math"
	"math/rand/v2"
)

// activation is the non-linearity of the hidden layers.
type activation int

const (
	actReLU activation = iota
	actTanh
	actSigmoid
)

// apply returns the activation of z.
func (a activation) apply(z float64) float64 {
	switch a {
	case actTanh:
		return math.Tanh(z)
	case actSigmoid:
		return 1 / (1 + math.Exp(-z))
	}
	if z > 0 {
		return z
	}
	return 0
}

// slope returns the derivative of the activation at z, given y = apply(z).
func (a activation) slope(z, y float64) float64 {
	switch a {
	case actTanh:
		return 1 - y*y
	case actSigmoid:
		return y * (1 - y)
	}
	if z > 0 {
		return 1
	}
	return 0
}

// dense is one fully connected layer: z = W·x + b, W stored row-major
// (out rows of in columns). g* hold the gradients of one batch, v* the
// momentum buffers.
type dense struct {
	in, out int
	w, b    []float64
	gw, gb  []float64
	vw, vb  []float64
}

// mlp is a multilayer perceptron with one activation for every hidden layer
// and a softmax cross-entropy output. Scratch buffers make a step allocation-free.
type mlp struct {
	layers []*dense
	act    activation
	z, a   [][]float64 // per layer: pre-activation and activation of the current sample
	delta  [][]float64
}

// initSpec says how a network's weights start.
type initSpec struct {
	// scale multiplies the usual standard deviation (He for ReLU, Xavier
	// for tanh and sigmoid); 1 is a sound start, 20 saturates.
	scale float64
	// hiddenScaleOnly keeps the output layer at the usual scale.
	hiddenScaleOnly bool
	// hiddenBias is the initial bias of every hidden unit (-8 kills ReLUs).
	hiddenBias float64
}

// newMLP builds a network of the given layer sizes (input first, classes last).
func newMLP(rng *rand.Rand, sizes []int, act activation, init initSpec) *mlp {
	n := &mlp{act: act}
	for i := 0; i+1 < len(sizes); i++ {
		in, out := sizes[i], sizes[i+1]
		l := &dense{in: in, out: out, w: make([]float64, in*out), b: make([]float64, out),
			gw: make([]float64, in*out), gb: make([]float64, out), vw: make([]float64, in*out), vb: make([]float64, out)}
		std := math.Sqrt(2 / float64(in)) // He
		if act != actReLU {
			std = math.Sqrt(2 / float64(in+out)) // Xavier/Glorot
		}
		last := i+2 == len(sizes)
		if init.scale > 0 && !(last && init.hiddenScaleOnly) {
			std *= init.scale
		}
		for j := range l.w {
			l.w[j] = rng.NormFloat64() * std
		}
		if !last {
			for j := range l.b {
				l.b[j] = init.hiddenBias
			}
		}
		n.layers = append(n.layers, l)
		n.z = append(n.z, make([]float64, out))
		n.a = append(n.a, make([]float64, out))
		n.delta = append(n.delta, make([]float64, out))
	}
	return n
}

// forward computes the logits of x into n.z[last] and returns them.
func (n *mlp) forward(x []float64) []float64 {
	in := x
	last := len(n.layers) - 1
	for li, l := range n.layers {
		z, a := n.z[li], n.a[li]
		for o := 0; o < l.out; o++ {
			s := l.b[o]
			row := l.w[o*l.in : (o+1)*l.in]
			for i, v := range in {
				s += row[i] * v
			}
			z[o] = s
			if li < last {
				a[o] = n.act.apply(s)
			} else {
				a[o] = s
			}
		}
		in = a
	}
	return n.a[last]
}

// crossEntropy returns −log softmax(logits)[label], computed stably, and
// writes softmax − onehot (the gradient of the loss by the logits) to grad
// when grad is not nil.
func crossEntropy(logits []float64, label int, grad []float64) float64 {
	m := math.Inf(-1)
	for _, v := range logits {
		m = math.Max(m, v)
	}
	sum := 0.0
	for _, v := range logits {
		sum += math.Exp(v - m)
	}
	lse := m + math.Log(sum)
	if grad != nil {
		for k, v := range logits {
			grad[k] = math.Exp(v - lse)
		}
		grad[label]--
	}
	return lse - logits[label]
}

// zeroGrad clears the gradients before a batch.
func (n *mlp) zeroGrad() {
	for _, l := range n.layers {
		clear(l.gw)
		clear(l.gb)
	}
}

// accumulate runs one sample forward and backward, adds its gradient scaled
// by weight to the layers' gradients, and returns its loss.
func (n *mlp) accumulate(x []float64, label int, weight float64) float64 {
	logits := n.forward(x)
	last := len(n.layers) - 1
	loss := crossEntropy(logits, label, n.delta[last])
	for li := last; li >= 0; li-- {
		l := n.layers[li]
		d := n.delta[li]
		in := x
		if li > 0 {
			in = n.a[li-1]
		}
		for o := 0; o < l.out; o++ {
			g := d[o] * weight
			l.gb[o] += g
			row := l.gw[o*l.in : (o+1)*l.in]
			for i, v := range in {
				row[i] += g * v
			}
		}
		if li == 0 {
			break
		}
		prev := n.delta[li-1]
		clear(prev)
		for o := 0; o < l.out; o++ {
			row := l.w[o*l.in : (o+1)*l.in]
			for i := range prev {
				prev[i] += row[i] * d[o]
			}
		}
		for i := range prev {
			prev[i] *= n.act.slope(n.z[li-1][i], n.a[li-1][i])
		}
	}
	return loss
}

// gradNorm is the L2 norm of the whole gradient.
func (n *mlp) gradNorm() float64 {
	s := 0.0
	for _, l := range n.layers {
		for _, g := range l.gw {
			s += g * g
		}
		for _, g := range l.gb {
			s += g * g
		}
	}
	return math.Sqrt(s)
}

// step applies SGD with momentum: v = μv + g; θ −= lr·v.
func (n *mlp) step(lr, momentum float64) {
	for _, l := range n.layers {
		sgd(l.w, l.gw, l.vw, lr, momentum)
		sgd(l.b, l.gb, l.vb, lr, momentum)
	}
}

func sgd(p, g, v []float64, lr, momentum float64) {
	for i := range p {
		v[i] = momentum*v[i] + g[i]
		p[i] -= lr * v[i]
	}
}

// meanLoss is the average loss over a data set, without touching gradients.
func (n *mlp) meanLoss(d dataset) float64 {
	s := 0.0
	for i := range d.y {
		s += crossEntropy(n.forward(d.x[i]), d.y[i], nil)
	}
	return s / float64(len(d.y))
}
