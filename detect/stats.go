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

// slidingMedian is runningMedian remembering its last input and output. A
// judgement's curve differs from the one before it only at its end (a few
// new buckets; all of it once the history merges its buckets), so only the
// medians whose window reaches a changed value are computed again: the
// same numbers, from a tenth of the work or less.
type slidingMedian struct {
	src, out, win []float64
	w             int
}

// of returns the running median of src over windows of w points; the
// result is valid until the next call.
func (m *slidingMedian) of(src []float64, w int) []float64 {
	keep := 0
	if w == m.w {
		for n := min(len(src), len(m.src)); keep < n && src[keep] == m.src[keep]; keep++ {
		}
	}
	m.src, m.w = append(m.src[:0], src...), w
	if slices.ContainsFunc(src, math.IsNaN) { // a NaN sorts unlike a number: the plain way
		m.out, m.win = runningMedian(m.out, src, w, m.win)
		return m.out
	}
	h := w / 2
	from := max(0, keep-h) // the medians before it read only values that did not change
	m.out, m.win = m.out[:from], m.win[:0]
	for j := max(0, from-h); j < min(len(src), from+h); j++ {
		m.win = insertSorted(m.win, src[j])
	}
	for i := from; i < len(src); i++ {
		if j := i + h; j < len(src) {
			m.win = insertSorted(m.win, src[j])
		}
		if j := i - h - 1; j >= 0 && i > from {
			m.win = removeSorted(m.win, src[j])
		}
		m.out = append(m.out, medianSorted(m.win))
	}
	return m.out
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

// median returns the median of xs, using scratch (which it may grow): by
// selection, in linear time, the value a sort would put in the middle.
func median(xs []float64, scratch *[]float64) float64 {
	s := append((*scratch)[:0], xs...)
	*scratch = s
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	for _, x := range s {
		if x != x { // NaNs sort first: leave their order to the sort
			slices.Sort(s)
			return medianSorted(s)
		}
	}
	hi := selectKth(s, n/2)
	if n%2 == 1 {
		return hi
	}
	return (slices.Max(s[:n/2]) + hi) / 2 // the rest of the lower half is below
}

// selectKth reorders s (without NaNs) so that s[k] holds the value sorting
// would put there, none before it greater and none after it smaller, and
// returns it (Hoare's selection with a median-of-three pivot).
func selectKth(s []float64, k int) float64 {
	lo, hi := 0, len(s)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for s[j] > pivot {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	return s[k]
}

// mannKendallZ is the Mann–Kendall trend statistic of xs (in order),
// computed on at most maxPts points (no more than mkMaxPoints) taken at an
// even stride: negative and below -3 is a significant fall.
func mannKendallZ(xs []float64, maxPts int) float64 {
	stride := 1
	if len(xs) > maxPts {
		stride = (len(xs) + maxPts - 1) / maxPts
	}
	var buf, tmp [mkMaxPoints]float64
	pts := buf[:0]
	for i := 0; i < len(xs) && len(pts) < len(buf); i += stride {
		pts = append(pts, xs[i])
	}
	n := len(pts)
	if n < 3 {
		return 0
	}
	s := kendallS(pts, tmp[:n])
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

// kendallS is the Mann–Kendall S of xs: over every pair i < j, +1 where
// xs[j] > xs[i] and -1 where xs[j] < xs[i] (0 for ties and NaNs). It
// counts in O(n log n) rather than over the n²/2 pairs: the pairs in
// descending order are the inversions a merge sort of xs finds, the tied
// pairs the runs of equal values it leaves, and the rest ascend. It sorts
// xs, using tmp (as long as xs) as scratch.
func kendallS(xs, tmp []float64) float64 {
	n := len(xs)
	for _, x := range xs {
		if x != x { // a NaN compares as neither: count the pairs one by one
			return kendallSPairs(xs)
		}
	}
	desc := mergeCount(xs, tmp)
	var ties int64
	for i := 0; i < n; {
		j := i + 1
		for j < n && xs[j] == xs[i] {
			j++
		}
		g := int64(j - i)
		ties += g * (g - 1) / 2
		i = j
	}
	pairs := int64(n) * int64(n-1) / 2
	return float64(pairs - ties - 2*desc)
}

// mergeCount sorts xs (stably, by merging runs bottom-up through tmp) and
// returns the number of pairs i < j with xs[i] > xs[j] it had.
func mergeCount(xs, tmp []float64) int64 {
	var inv int64
	src, dst := xs, tmp
	n := len(xs)
	for width := 1; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if src[j] < src[i] { // every left one still waiting is greater
					inv += int64(mid - i)
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if n > 0 && &src[0] != &xs[0] {
		copy(xs, src)
	}
	return inv
}

// kendallSPairs is kendallS counted pair by pair.
func kendallSPairs(xs []float64) float64 {
	var s float64
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			switch d := xs[j] - xs[i]; {
			case d > 0:
				s++
			case d < 0:
				s--
			}
		}
	}
	return s
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
// means swings that repeat with a period. It centres r in place (the
// caller's scratch): each product of the sums then costs one
// multiplication, with the same terms, in the same order, as subtracting
// the mean in every one (a tenth of check's CPU on a 200k-record log went
// to those subtractions).
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
	for i, x := range r {
		r[i] = x - mean
		v += r[i] * r[i]
	}
	if v == 0 {
		return 0, 0
	}
	// Only a local maximum of the ACF counts, so that the slow decay of
	// correlated noise after lag 1 is not mistaken for a period.
	prev, cur := 1.0, acf(r, v, 1)
	for k := 2; k <= min(n/4, maxACFLag+1); k++ {
		next := acf(r, v, k)
		if cur >= prev && cur >= next && k-1 >= 2 && cur > peak {
			lag, peak = k-1, cur
		}
		prev, cur = cur, next
	}
	return lag, peak
}

// acf returns the autocorrelation at lag k of the centred series d, whose
// sum of squares is v.
func acf(d []float64, v float64, k int) float64 {
	var s float64
	for i, x := range d[k:] {
		s += x * d[i]
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
