package ui

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
)

// writeSweepFolder writes runs CSV logs of points steps each (step,loss),
// one folder per run as a sweep tool does.
func writeSweepFolder(b *testing.B, dir string, runs, points int) {
	for i := 0; i < runs; i++ {
		d := filepath.Join(dir, fmt.Sprintf("lr-%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		f, err := os.Create(filepath.Join(d, "train.csv"))
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		fmt.Fprintln(w, "step,loss")
		for j := 0; j < points; j++ {
			fmt.Fprintf(w, "%d,%.4f\n", j, 0.05+2*math.Exp(-float64(j)/float64(points/5))+0.01*math.Sin(float64(j+i)))
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkSweepFirstScreen measures, on a folder of 200 runs of 100,000
// points each, how long the runs view takes to list every run (the first
// screen) and to have read all of them, and the heap then. It writes about
// 300 MB to a temporary folder and takes a minute: run it with
// LOSSWATCH_MEASURE=1 and -benchtime 1x.
func BenchmarkSweepFirstScreen(b *testing.B) {
	if os.Getenv("LOSSWATCH_MEASURE") == "" {
		b.Skip("set LOSSWATCH_MEASURE=1 to measure (writes ~300 MB, takes a minute)")
	}
	const runs, points = 200, 100_000
	dir := b.TempDir()
	writeSweepFolder(b, dir, runs, points)
	for i := 0; i < b.N; i++ {
		first, all, heap := measureSweep(b, dir, runs)
		b.ReportMetric(first.Seconds(), "first-screen-s")
		b.ReportMetric(all.Seconds(), "all-read-s")
		b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	}
}

func measureSweep(b *testing.B, dir string, runs int) (first, all time.Duration, heap uint64) {
	sw := monitor.NewSweep(dir, monitor.WithRunPipeline(monitor.WithSnapshots(StateEvery)))
	updates := make(chan monitor.RunUpdate, 64)
	errc := make(chan error, 1)
	start := time.Now()
	go func() { errc <- sw.Run(context.Background(), updates) }()
	s := testSweep(b, 200, 50)
	s.list = sw.Runs
	want := fmt.Sprintf("%d runs", runs)
	for u := range updates {
		nm, _ := s.Update(runMsg(u))
		s = nm.(SweepModel)
		if first == 0 {
			s.rebuild() // what the next frame draws
			if strings.Contains(plainS(s), want) {
				first = time.Since(start)
			}
		}
	}
	all = time.Since(start)
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	nm, _ := s.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	s = nm.(SweepModel)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if n := len(s.runs); n != runs {
		b.Errorf("%d runs read, want %d", n, runs)
	}
	return first, all, ms.HeapAlloc
}
