package detect

// maxBuckets bounds the decimated history of one metric.
const maxBuckets = 1024

// bucket summarises consecutive points of one metric (40 bytes).
type bucket struct {
	first, last float64 // steps of its first and last point
	sum, n      float64
	rep         float64 // its last raw value: keeps the noise a mean averages away
}

func (b *bucket) mean() float64 { return b.sum / b.n }

// history is the whole run of one metric at bounded resolution: between
// maxBuckets/2 and maxBuckets buckets of width points each (the last one
// possibly partial). Adding a point is O(1) amortised; memory is fixed.
type history struct {
	buckets []bucket
	width   float64
}

func newHistory() history {
	return history{width: 1}
}

func (h *history) add(step, v float64) {
	if n := len(h.buckets); n > 0 && h.buckets[n-1].n < h.width {
		b := &h.buckets[n-1]
		b.last, b.rep = step, v
		b.sum += v
		b.n++
		return
	}
	if len(h.buckets) == maxBuckets {
		h.halve()
	}
	h.buckets = append(h.buckets, bucket{first: step, last: step, sum: v, n: 1, rep: v})
}

// halve merges neighbouring buckets pairwise and doubles the width.
func (h *history) halve() {
	n := len(h.buckets) / 2
	for i := 0; i < n; i++ {
		a, b := h.buckets[2*i], h.buckets[2*i+1]
		h.buckets[i] = bucket{first: a.first, last: b.last, sum: a.sum + b.sum, n: a.n + b.n, rep: b.rep}
	}
	if len(h.buckets)%2 == 1 {
		h.buckets[n] = h.buckets[len(h.buckets)-1]
		n++
	}
	h.buckets = h.buckets[:n]
	h.width *= 2
}

func (h *history) reset() {
	h.buckets = h.buckets[:0]
	h.width = 1
}

// curve fills c's slices with the history: middle and first step of each
// bucket, its mean and its raw representative.
func (h *history) curve(c *curve) {
	c.steps, c.firsts, c.means, c.reps = c.steps[:0], c.firsts[:0], c.means[:0], c.reps[:0]
	c.width = h.width
	for i := range h.buckets {
		b := &h.buckets[i]
		c.steps = append(c.steps, (b.first+b.last)/2)
		c.firsts = append(c.firsts, b.first)
		c.means = append(c.means, b.mean())
		c.reps = append(c.reps, b.rep)
	}
}
