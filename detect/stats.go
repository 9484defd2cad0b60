package detect

import (
	"math"
	"slices"
	"sort"
)

// runningMedian writes into dst the median of src over a centred window of
// w points (truncated at the ends), keeping a sorted copy of the window in
// win: O(len(src)·w) without allocating once dst and win have capacity.
func runningMedian(dst, src []float64, w int, win []float64) ([]float64, []float64) {
	dst, win = dst[:0], win[:0]
	n, h := len(src), w/2
	for i := 0; i < n && i < h; i++ {
		win = insertSorted(win, src[i])
	}
	for i := 0; i < n; i++ {
		if j := i + h; j < n {
			win = insertSorted(win, src[j])
		}
		if j := i - h - 1; j >= 0 {
			win = removeSorted(win, src[j])
		}
		dst = append(dst, medianSorted(win))
	}
	return dst, win
}

func insertSorted(s []float64, v float64) []float64 {
	i := sort.SearchFloat64s(s, v)
	s = append(s, 0)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}

func removeSorted(s []float64, v float64) []float64 {
	i := sort.SearchFloat64s(s, v)
	if i < len(s) && s[i] == v {
		return append(s[:i], s[i+1:]...)
	}
	return s
}

func medianSorted(s []float64) float64 {
	n := len(s)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// median returns the median of xs, using scratch (which it may grow).
func median(xs []float64, scratch *[]float64) float64 {
	s := append((*scratch)[:0], xs...)
	slices.Sort(s)
	*scratch = s
	return medianSorted(s)
}

// mannKendallZ is the Mann–Kendall trend statistic of xs (in order),
// computed on at most maxPts points taken at an even stride: negative and
// below -3 is a significant fall.
func mannKendallZ(xs []float64, maxPts int) float64 {
	stride := 1
	if len(xs) > maxPts {
		stride = (len(xs) + maxPts - 1) / maxPts
	}
	var s float64
	n := 0
	for i := 0; i < len(xs); i += stride {
		n++
		for j := i + stride; j < len(xs); j += stride {
			switch d := xs[j] - xs[i]; {
			case d > 0:
				s++
			case d < 0:
				s--
			}
		}
	}
	if n < 3 {
		return 0
	}
	nf := float64(n)
	sd := math.Sqrt(nf * (nf - 1) * (2*nf + 5) / 18)
	switch {
	case s > 0:
		return (s - 1) / sd
	case s < 0:
		return (s + 1) / sd
	}
	return 0
}

// olsSlope is the least-squares slope of ys over xs.
func olsSlope(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for i := range xs {
		dx := xs[i] - mx
		sxy += dx * (ys[i] - my)
		sxx += dx * dx
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

// maxACFLag bounds the lags acfPeak tries: a period longer than that many
// buckets repeats fewer than about ten times in a history, which is a trend,
// not a pattern.
const maxACFLag = 64

// acfPeak returns the lag (≥ 2, ≤ len/4 and maxACFLag) with the highest autocorrelation of
// the residuals r and that autocorrelation. A strong peak away from lag 1
// means swings that repeat with a period.
func acfPeak(r []float64) (lag int, peak float64) {
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
	// Only a local maximum of the ACF counts, so that the slow decay of
	// correlated noise after lag 1 is not mistaken for a period.
	prev, cur := 1.0, acf(r, mean, v, 1)
	for k := 2; k <= min(n/4, maxACFLag+1); k++ {
		next := acf(r, mean, v, k)
		if cur >= prev && cur >= next && k-1 >= 2 && cur > peak {
			lag, peak = k-1, cur
		}
		prev, cur = cur, next
	}
	return lag, peak
}

func acf(r []float64, mean, v float64, k int) float64 {
	var s float64
	for i := k; i < len(r); i++ {
		s += (r[i] - mean) * (r[i-k] - mean)
	}
	return s / v
}

// chanceClasses returns C when level is close to ln C: the loss of a
// C-class cross-entropy model that predicts uniformly (0.693 for 2 classes,
// 2.303 for 10). Only small C and the usual 100 and 1000 are considered:
// above 20 classes every level is near some ln C.
func chanceClasses(level float64) int {
	if !(level > 0.5) || level > 7.5 {
		return 0
	}
	c := math.Round(math.Exp(level))
	if c < 2 || c > 20 && c != 100 && c != 1000 {
		return 0
	}
	tol := 0.01
	if c <= 10 {
		tol = 0.03
	}
	if math.Abs(level-math.Log(c)) <= tol*math.Log(c) {
		return int(c)
	}
	return 0
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
