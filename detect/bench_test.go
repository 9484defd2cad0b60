package detect

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// noiseTable is a fixed cycle of multiplicative noise, so that benchmarks
// spend their time in the tracker, not in the random generator.
func noiseTable(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	t := make([]float64, n)
	for i := range t {
		t[i] = 1 + 0.05*r.NormFloat64()
	}
	return t
}

// healthy is the loss of a long healthy run at step i.
func healthy(i int, noise []float64) float64 {
	return (0.1 + 1/(1+float64(i)*1e-4)) * noise[i&(len(noise)-1)]
}

func BenchmarkObserve(b *testing.B) {
	noise := noiseTable(4096)
	tr := New()
	const warm = 1 << 20
	for i := 0; i < warm; i++ {
		tr.Observe("loss", float64(i), healthy(i, noise))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := warm; i < warm+b.N; i++ {
		tr.Observe("loss", float64(i), healthy(i, noise))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/point")
}

// BenchmarkObserveStep is BenchmarkObserve through ObserveStep, with the
// exact integer steps monitor gives (the pipeline's path).
func BenchmarkObserveStep(b *testing.B) {
	noise := noiseTable(4096)
	tr := New()
	const warm = 1 << 20
	for i := 0; i < warm; i++ {
		tr.ObserveStep("loss", IntStep(int64(i)), healthy(i, noise))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := warm; i < warm+b.N; i++ {
		tr.ObserveStep("loss", IntStep(int64(i)), healthy(i, noise))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/point")
}

// BenchmarkObserveRecord feeds records of four metrics (loss, lr, grad norm
// and an evaluation every 100 steps), as a real log has them.
func BenchmarkObserveRecord(b *testing.B) {
	noise := noiseTable(4096)
	tr := New()
	points := 0
	step := func(i int) {
		v := healthy(i, noise)
		tr.Observe("loss", float64(i), v)
		tr.Observe("lr", float64(i), 3e-4)
		tr.Observe("grad_norm", float64(i), v*noise[(i+7)&4095])
		points += 3
		if i%100 == 0 {
			tr.Observe("val_loss", float64(i), v*1.1)
			points++
		}
	}
	const warm = 1 << 18
	for i := 0; i < warm; i++ {
		step(i)
	}
	points = 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := warm; i < warm+b.N; i++ {
		step(i)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(points), "ns/point")
}

// BenchmarkRetainedBytes measures the heap a tracker keeps after n points
// per metric: bounded, the same at 1e3 and 1e7. B/metric is the cost of one
// more metric (its summary and history), B/tracker that of a tracker with
// one metric (including the judgement's scratch buffers, shared by all).
func BenchmarkRetainedBytes(b *testing.B) {
	noise := noiseTable(4096)
	retained := func(n, metrics int) float64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		tr := New()
		names := []string{"loss", "val_loss", "lr"}[:metrics]
		for i := 0; i < n; i++ {
			v := healthy(i, noise)
			for _, m := range names {
				tr.Observe(m, float64(i), v)
			}
		}
		tr.State()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(tr)
		return float64(after.HeapAlloc) - float64(before.HeapAlloc)
	}
	for _, n := range []int{1e3, 1e7} {
		b.Run(map[int]string{1e3: "1e3", 1e7: "1e7"}[n], func(b *testing.B) {
			var one, many float64
			for it := 0; it < b.N; it++ {
				one, many = retained(n, 1), retained(n, 3)
			}
			b.ReportMetric(one, "B/tracker")
			b.ReportMetric((many-one)/2, "B/metric")
		})
	}
}

// BenchmarkDetectionDelay reports how many steps after the onset of a
// divergence (the loss growing 1% per step from a converged level, or
// climbing linearly to twice its level in 250 steps) and of a NaN the
// tracker raises a critical finding, for a short and a long run.
func BenchmarkDetectionDelay(b *testing.B) {
	noise := noiseTable(4096)
	for _, onset := range []int{2000, 1_000_000} {
		name := map[int]string{2000: "onset=2e3", 1_000_000: "onset=1e6"}[onset]
		b.Run("diverging/"+name, func(b *testing.B) {
			var delay float64
			for it := 0; it < b.N; it++ {
				delay = detectionDelay(onset, noise, func(k int) float64 { return math.Pow(1.01, float64(k)) })
			}
			b.ReportMetric(delay, "steps_to_detect")
		})
		b.Run("climb/"+name, func(b *testing.B) {
			var delay float64
			for it := 0; it < b.N; it++ {
				// a warm-up overshoot: the loss doubles over 250 steps and keeps climbing
				delay = detectionDelay(onset, noise, func(k int) float64 { return 1 + float64(k)/250 })
			}
			b.ReportMetric(delay, "steps_to_detect")
		})
		b.Run("nan/"+name, func(b *testing.B) {
			var delay float64
			for it := 0; it < b.N; it++ {
				delay = detectionDelay(onset, noise, func(k int) float64 { return math.NaN() })
			}
			b.ReportMetric(delay, "steps_to_detect")
		})
	}
}

// detectionDelay runs a healthy run to onset, then multiplies the loss by
// after(k) at k steps past the onset, and returns k at the first critical
// finding (-1 if none within 100000 steps).
func detectionDelay(onset int, noise []float64, after func(k int) float64) float64 {
	tr := New()
	level := func(i int) float64 { return (0.1 + math.Exp(-float64(i)/float64(onset/10))) * noise[i&4095] }
	for i := 0; i < onset; i++ {
		tr.Observe("loss", float64(i), level(i))
	}
	for k := 0; k < 100000; k++ {
		v := level(onset+k) * after(k)
		for _, e := range tr.Observe("loss", float64(onset+k), v) {
			if e.Kind == EventFinding && e.Finding.Severity == SeverityCritical {
				return float64(k)
			}
		}
	}
	return -1
}
