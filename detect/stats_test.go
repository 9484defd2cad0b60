package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRunningMedianIsMedianOfWindow checks the running median against the
// median of each centred window computed from scratch.
func TestRunningMedianIsMedianOfWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, w := range []int{1, 2, 3, 8, 31} {
		src := make([]float64, 200)
		for i := range src {
			src[i] = math.Round(r.NormFloat64()*4) / 2 // ties on purpose
		}
		got, _ := runningMedian(nil, src, w, nil)
		h := w / 2
		for i := range src {
			win := slices.Clone(src[max(0, i-h):min(len(src), i+h+1)])
			slices.Sort(win)
			if want := medianSorted(win); got[i] != want {
				t.Fatalf("w=%d i=%d: running median %v, window's median %v", w, i, got[i], want)
			}
		}
	}
}

// BenchmarkRunningMedian is the running median a judgement takes of a full
// history: 1024 buckets, a window of 41.
func BenchmarkRunningMedian(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, 1024)
	for i := range src {
		src[i] = 2*math.Exp(-float64(i)/300) + 0.1*r.NormFloat64()
	}
	var dst, win []float64
	for b.Loop() {
		dst, win = runningMedian(dst, src, 41, win)
	}
}

// TestKendallSCountsEveryPair checks the merge-sort count of the
// Mann–Kendall S against the count over every pair, with ties, infinities
// and NaNs.
func TestKendallSCountsEveryPair(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 500; trial++ {
		n := r.IntN(mkMaxPoints + 1)
		xs := make([]float64, n)
		for i := range xs {
			switch k := r.IntN(20); {
			case k == 0:
				xs[i] = math.Inf(1 - 2*r.IntN(2))
			case k == 1 && trial%10 == 0:
				xs[i] = math.NaN()
			case k < 8:
				xs[i] = float64(r.IntN(5)) // ties
			default:
				xs[i] = r.NormFloat64()
			}
		}
		want := kendallSPairs(slices.Clone(xs))
		if got := kendallS(slices.Clone(xs), make([]float64, n)); got != want {
			t.Fatalf("kendallS(%v) = %v, pair by pair %v", xs, got, want)
		}
	}
}

func BenchmarkMannKendallZ(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = 2*math.Exp(-float64(i)/300) + 0.1*r.NormFloat64()
	}
	for b.Loop() {
		mannKendallZ(xs, mkMaxPoints)
	}
}

// TestMedianIsSortsMiddle checks the median by selection against the
// middle of a sorted copy, with ties, odd and even lengths, infinities and
// NaNs.
func TestMedianIsSortsMiddle(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var scratch []float64
	for trial := 0; trial < 2000; trial++ {
		xs := make([]float64, r.IntN(300))
		for i := range xs {
			switch k := r.IntN(30); {
			case k == 0:
				xs[i] = math.Inf(1 - 2*r.IntN(2))
			case k == 1 && trial%7 == 0:
				xs[i] = math.NaN()
			case k < 12:
				xs[i] = float64(r.IntN(4))
			default:
				xs[i] = r.NormFloat64()
			}
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		want := medianSorted(sorted)
		if got := median(xs, &scratch); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("median(%v) = %v, sort's middle %v", xs, got, want)
		}
	}
}

// TestSlidingMedianIsRunningMedian feeds a sliding median the curves a
// history gives over a run (growing at the end, its last value changing,
// merged now and then, the window changing with the length) and checks
// each result against the running median computed afresh.
func TestSlidingMedianIsRunningMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var m slidingMedian
	var src []float64
	for step := 0; step < 3000; step++ {
		switch k := r.IntN(40); {
		case k == 0 && len(src) > 8: // the history merges pairs of buckets
			for i := 0; i < len(src)/2; i++ {
				src[i] = (src[2*i] + src[2*i+1]) / 2
			}
			src = src[:len(src)/2]
		case k < 10 && len(src) > 0: // the last bucket takes another point
			src[len(src)-1] += r.NormFloat64() / 10
		case k == 11 && len(src) > 0:
			src[r.IntN(len(src))] = math.Inf(1) // an overflowed bucket
		case k == 12 && step%500 == 0:
			src = append(src, math.NaN())
		default:
			src = append(src, math.Round(r.NormFloat64()*8)/4)
		}
		w := max(5, len(src)/25) | 1
		want, _ := runningMedian(nil, src, w, nil)
		got := m.of(src, w)
		if !slices.EqualFunc(got, want, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
			t.Fatalf("step %d (n=%d, w=%d): sliding %v, afresh %v", step, len(src), w, got, want)
		}
	}
}
