package ui

import (
	"fmt"
	"io"
	"math"
	"os"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// modelWithPoints returns a 200x50 model whose chart holds n points, put
// straight into the series store (the detector is measured elsewhere).
func modelWithPoints(b *testing.B, n int) Model {
	m := testModel(b, 200, 50)
	s := NewSeries(m.cfg.capacity)
	for i := 0; i < n; i++ {
		x := float64(i)
		s.Add(x, 0.05+2*math.Exp(-x/float64(n/5+1))+0.01*math.Sin(x))
	}
	m.data.series["loss"] = s
	m.data.order = append(m.data.order, "loss")
	return m
}

// BenchmarkView measures what a frame costs: drawing the chart and the
// screen, then View (which only returns the prepared screen). The cost must
// not depend on the number of points: compare 1e3 with 1e7.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{1_000, 10_000_000} {
		b.Run(fmt.Sprintf("200x50/%d-points", n), func(b *testing.B) {
			m := modelWithPoints(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.rebuild()
				_ = m.View()
			}
		})
	}
}

// BenchmarkSeriesAdd measures adding one point and the memory each point
// retains.
func BenchmarkSeriesAdd(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 10_000_000} {
		b.Run(fmt.Sprintf("%d-points", n), func(b *testing.B) {
			var bytes int
			for i := 0; i < b.N; i++ {
				s := NewSeries(4096)
				for j := 0; j < n; j++ {
					s.Add(float64(j), float64(j%97))
				}
				bytes = s.Bytes()
			}
			b.ReportMetric(float64(bytes)/float64(n), "B/point")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/point")
		})
	}
}

// countingWriter counts the bytes sent to the "terminal".
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}

// BenchmarkTerminalBytes runs the program against a byte-counting terminal
// (256 colours, 200x50 and 100x30) and reports the bytes per second written while the
// log is idle and while it grows by 10 points a second. It takes about ten
// seconds of wall time per size; run it with -benchtime 1x.
func BenchmarkTerminalBytes(b *testing.B) {
	if os.Getenv("LOSSWATCH_MEASURE") == "" {
		b.Skip("set LOSSWATCH_MEASURE=1 to measure (takes ~10 s)")
	}
	for _, size := range [][2]int{{200, 50}, {100, 30}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) { measureBytes(b, size[0], size[1]) })
	}
}

func measureBytes(b *testing.B, w, h int) {
	for i := 0; i < b.N; i++ {
		out := &countingWriter{}
		r := lipgloss.NewRenderer(out)
		r.SetColorProfile(termenv.ANSI256)
		batches := make(chan monitor.Update)
		errc := make(chan error, 1)
		m := New(batches, errc, withRenderer(r), WithPath("train.log"))
		p := tea.NewProgram(paced(m, out, time.Now), tea.WithoutRenderer(), tea.WithInput(nil), tea.WithoutSignals())
		done := make(chan struct{})
		go func() { _, _ = p.Run(); close(done) }()
		p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		for _, msg := range convergedRun.batches(100) {
			batches <- monitor.Update(msg.(updateMsg))
		}
		time.Sleep(3 * time.Second) // let the last frame and the idle notice show
		before := out.n.Load()
		time.Sleep(3 * time.Second)
		idle := float64(out.n.Load()-before) / 3
		step := 1500.0
		pl := monitor.NewPipeline(nil, monitor.WithSnapshots(StateEvery))
		before = out.n.Load()
		start := time.Now()
		for time.Since(start) < 5*time.Second {
			batches <- pl.Ingest(monitor.Batch{Records: []decode.Record{{Step: step, Metrics: []decode.Metric{{Name: "loss", Value: 0.05 + 0.005*math.Sin(step)}}}}, Format: "jsonl"})
			step += 3
			time.Sleep(100 * time.Millisecond)
		}
		following := float64(out.n.Load()-before) / time.Since(start).Seconds()
		p.Quit()
		<-done
		b.ReportMetric(idle, "idle-B/s")
		b.ReportMetric(following, "following-B/s")
	}
}

var _ io.Writer = (*countingWriter)(nil)
