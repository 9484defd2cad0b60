package monitor

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// writeSweep writes runs CSV logs of points steps each into dir (skipping
// those present): a falling noisy loss, every tenth run diverging halfway.
func writeSweep(tb testing.TB, dir string, runs, points int) {
	tb.Helper()
	for r := 0; r < runs; r++ {
		path := filepath.Join(dir, fmt.Sprintf("lr%03d", r), "metrics.csv")
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString("step,loss\n")
		var line []byte
		for i := 1; i <= points; i++ {
			v := 0.3 + 2/math.Sqrt(float64(i)) + 0.02*math.Sin(float64(i*(r+7)))
			if r%10 == 0 && i > points/2 {
				v += float64(i-points/2) / float64(points) * 10
			}
			line = strconv.AppendInt(line[:0], int64(i), 10)
			line = append(line, ',')
			line = strconv.AppendFloat(line, v, 'g', 6, 64)
			w.Write(append(line, '\n'))
		}
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkSweepFirstJudgement measures how long a following sweep of 200
// runs takes until every run has published its judgement of its whole
// history (the state a runs view shows), with the heap, open files and
// CPU time it takes; at 10,000 and 100,000 points a run, so that the heap
// per run can be seen not to grow with the points.
func BenchmarkSweepFirstJudgement(b *testing.B) {
	for _, points := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("runs=200/points=%d", points), func(b *testing.B) {
			const runs = 200
			dir := sweepBenchDir(b, runs, points)
			var peak uint64
			fds := 0
			cpu0 := cpuSeconds()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				heap, n := firstJudgement(b, dir, runs)
				peak, fds = max(peak, heap), max(fds, n)
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sweep")
			if cpu := cpuSeconds(); cpu > 0 {
				b.ReportMetric((cpu-cpu0)/float64(b.N), "cpu-s/sweep")
			}
			b.ReportMetric(float64(peak)/(1<<20), "MB-heap")
			b.ReportMetric(float64(peak)/runs/(1<<10), "KB-heap/run")
			if fds > 0 {
				b.ReportMetric(float64(fds), "open-fds")
			}
		})
	}
}

// sweepBenchDir is the folder of a benchmark sweep, kept between runs of
// the benchmark under $LOSSWATCH_SWEEP_BENCH_DIR (it takes 280 MB at
// 100,000 points a run) or made in a temporary one.
func sweepBenchDir(b *testing.B, runs, points int) string {
	dir := os.Getenv("LOSSWATCH_SWEEP_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	} else {
		dir = filepath.Join(dir, fmt.Sprintf("%dx%d", runs, points))
	}
	writeSweep(b, dir, runs, points)
	return dir
}

// firstJudgement follows dir until each of its runs published a state
// after its history, and returns the heap in use and the open files then.
func firstJudgement(b *testing.B, dir string, runs int) (heap uint64, fds int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := NewSweep(dir, WithRunSource(WithFollow(true)), WithRunPipeline(WithSnapshots(time.Second)))
	out := make(chan RunUpdate, 64)
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, out) }()
	live := map[string]bool{}
	judged := map[string]bool{}
	for u := range out {
		if u.Batch != nil && u.Batch.Live {
			live[u.Run] = true
		}
		if u.State != nil && live[u.Run] {
			judged[u.Run] = true
		}
		if len(judged) == runs {
			break
		}
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	if entries, err := os.ReadDir("/proc/self/fd"); err == nil {
		fds = len(entries)
	}
	cancel()
	for range out {
	}
	if err := <-errc; err != nil && ctx.Err() == nil {
		b.Fatal(err)
	}
	return ms.HeapInuse, fds
}

// BenchmarkSweepCheck measures check over 200 runs of 100,000 points: every
// run read to its end and judged, two at a time (GOMAXPROCS here).
func BenchmarkSweepCheck(b *testing.B) {
	const runs, points = 200, 100_000
	dir := sweepBenchDir(b, runs, points)
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := make(chan RunUpdate, 64)
		errc := make(chan error, 1)
		go func() { errc <- NewSweep(dir).Run(context.Background(), out) }()
		ended := 0
		for u := range out {
			if u.End != nil && u.End.State != nil {
				ended++
			}
		}
		if err := <-errc; err != nil || ended != runs {
			b.Fatalf("%d runs judged (%v)", ended, err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/sweep")
	if cpu := cpuSeconds(); cpu > 0 {
		b.ReportMetric((cpu-cpu0)/float64(b.N), "cpu-s/sweep")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(runs*points), "ns/point")
}
