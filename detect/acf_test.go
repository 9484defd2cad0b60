package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// plainACFPeak is acfPeak as first written: the mean subtracted in every
// term of every sum.
func plainACFPeak(r []float64) (lag int, peak float64) {
	n := len(r)
	if n < 16 {
		return 0, 0
	}
	var mean, v float64
	for _, x := range r {
		mean += x
	}
	mean /= float64(n)
	for _, x := range r {
		v += (x - mean) * (x - mean)
	}
	if v == 0 {
		return 0, 0
	}
	at := func(k int) float64 {
		var s float64
		for i := k; i < n; i++ {
			s += (r[i] - mean) * (r[i-k] - mean)
		}
		return s / v
	}
	prev, cur := 1.0, at(1)
	for k := 2; k <= min(n/4, maxACFLag+1); k++ {
		next := at(k)
		if cur >= prev && cur >= next && k-1 >= 2 && cur > peak {
			lag, peak = k-1, cur
		}
		prev, cur = cur, next
	}
	return lag, peak
}

// TestACFPeakIsThePlainComputation expects the centred-in-place acfPeak to
// give the very bits the plain computation gives, on noise, on periodic
// swings of several periods, on constant and short series.
func TestACFPeakIsThePlainComputation(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var cases [][]float64
	for _, n := range []int{0, 15, 16, 17, 40, 64, 200, 513} {
		noise := make([]float64, n)
		swing := make([]float64, n)
		flat := make([]float64, n)
		for i := range n {
			noise[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-6))
			swing[i] = math.Sin(2*math.Pi*float64(i)/float64(3+n%11)) + 0.3*rng.NormFloat64() + 1e3
			flat[i] = 0.25
		}
		cases = append(cases, noise, swing, flat)
	}
	for _, r := range cases {
		wantLag, wantPeak := plainACFPeak(r)
		gotLag, gotPeak := acfPeak(slices.Clone(r))
		if gotLag != wantLag || math.Float64bits(gotPeak) != math.Float64bits(wantPeak) {
			t.Errorf("%d points: lag %d, peak %v; plain lag %d, peak %v", len(r), gotLag, gotPeak, wantLag, wantPeak)
		}
	}
}
