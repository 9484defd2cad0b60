package demo

import (
	"math"
	"math/rand/v2"
	"sort"
)

// dataset is a classification data set: inputs x and class labels y.
type dataset struct {
	x       [][]float64
	y       []int
	classes int
}

// blobs draws n points from k Gaussian clusters of standard deviation
// spread, their centres evenly spaced on the unit circle... scaled by radius.
func blobs(rng *rand.Rand, n, k int, radius, spread float64) dataset {
	d := dataset{classes: k}
	for i := 0; i < n; i++ {
		c := i % k
		a := 2 * math.Pi * float64(c) / float64(k)
		d.x = append(d.x, []float64{radius*math.Cos(a) + spread*rng.NormFloat64(), radius*math.Sin(a) + spread*rng.NormFloat64()})
		d.y = append(d.y, c)
	}
	return d
}

// spirals draws n points on k interleaved spiral arms (the classic toy
// problem that a linear model cannot solve), with angular noise.
func spirals(rng *rand.Rand, n, k int, noise float64) dataset {
	d := dataset{classes: k}
	for i := 0; i < n; i++ {
		c := i % k
		r := rng.Float64()
		t := 2*math.Pi*float64(c)/float64(k) + 3.5*r + noise*rng.NormFloat64()
		d.x = append(d.x, []float64{r * math.Sin(t), r * math.Cos(t)})
		d.y = append(d.y, c)
	}
	return d
}

// corrupt replaces each label, with probability p, by a uniformly drawn one.
func (d dataset) corrupt(rng *rand.Rand, p float64) dataset {
	y := append([]int(nil), d.y...)
	for i := range y {
		if rng.Float64() < p {
			y[i] = rng.IntN(d.classes)
		}
	}
	return dataset{x: d.x, y: y, classes: d.classes}
}

// sortedByClass returns the order of d's samples grouped by class, as a
// data set written class after class would be read without shuffling.
func (d dataset) sortedByClass() []int {
	idx := make([]int, len(d.y))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.y[idx[a]] < d.y[idx[b]] })
	return idx
}

// rings draws n points on k concentric noisy rings, class = ring: no single
// direction of the plane tells the classes apart.
func rings(rng *rand.Rand, n, k int, noise float64) dataset {
	d := dataset{classes: k}
	for i := 0; i < n; i++ {
		c := i % k
		r := (float64(c) + 1) / float64(k)
		a := 2 * math.Pi * rng.Float64()
		r += noise * rng.NormFloat64()
		d.x = append(d.x, []float64{r * math.Cos(a), r * math.Sin(a)})
		d.y = append(d.y, c)
	}
	return d
}
