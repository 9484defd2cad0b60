package ui

import (
	"fmt"
	"math"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// sweepWithRuns returns a 200x50 sweep monitor of n runs of points points
// each, put straight into the series stores, with verdicts of every kind.
func sweepWithRuns(b testing.TB, n, points int) SweepModel {
	s := testSweep(b, 200, 50)
	verdicts := []detect.Verdict{detect.VerdictConverged, detect.VerdictDiverging, detect.VerdictPlateau, detect.VerdictConverging}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("sweep/lr-%03d", i)
		m := New(nil, nil, append([]Option{withCapacity(sweepCapacity)}, s.opts...)...)
		ser := NewSeries(sweepCapacity)
		for j := 0; j < points; j++ {
			x := float64(j)
			ser.Add(x, 0.05+2*math.Exp(-x/float64(points/5+1))+0.01*math.Sin(x+float64(i)))
		}
		m.data.series["loss"] = ser
		m.data.order = append(m.data.order, "loss")
		last, _ := ser.Last()
		m.live.lastStep, m.live.format = detect.FloatStep(last.X), "jsonl"
		m.latest = detect.State{Primary: "loss", Verdict: verdicts[i%len(verdicts)],
			Metrics: map[string]detect.Summary{"loss": {Points: int64(points), Last: last.Y, Min: 0.05}}}
		s.runs[name] = &sweepRun{m: m, colour: i}
	}
	return s
}

// BenchmarkSweepView measures a frame of the runs view and of the overlay
// (of the runs marked: 5) with 5, 46 (a screenful) and 200 runs of
// 100,000 points each, and 200 of 1,000, as a live sweep makes it: one run
// has a new point (in turn: the one on screen or not), then the screen is
// prepared and drawn. The cost must not depend on the points, and the runs
// view's must stay within 2x from 5 to 200 runs (rows whose run did not
// change are not drawn again).
func BenchmarkSweepView(b *testing.B) {
	for _, screen := range []string{"runs", "overlay"} {
		for _, sz := range [][2]int{{5, 100_000}, {46, 100_000}, {200, 1_000}, {200, 100_000}} {
			n := sz[0]
			b.Run(fmt.Sprintf("%s/%d-runs/%d-points", screen, n, sz[1]), func(b *testing.B) {
				s := sweepWithRuns(b, n, sz[1])
				s.rebuild()
				if screen == "overlay" {
					for _, name := range s.table.Shown()[:5] {
						s.runs[name].marked = true
					}
					s.screen = screenOverlay
				}
				names := s.table.Shown()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					advance(&s, names[i%n], i)
					s.overlay.chart.stale = true
					s.rebuild()
					_ = s.View()
				}
			})
		}
	}
}

// advance gives run name of s a new point as its log's update does,
// through the sweep's ingest: one step further, a slightly lower loss,
// the detector's summary with it.
func advance(s *SweepModel, name string, i int) {
	m := &s.runs[name].m
	last, _ := m.data.series["loss"].Last()
	y := last.Y * (1 - 1e-4*float64(i%7))
	st := m.latest
	st.Metrics = map[string]detect.Summary{"loss": st.Metrics["loss"]}
	sum := st.Metrics["loss"]
	sum.Points++
	sum.Last, sum.Min = y, math.Min(sum.Min, y)
	st.Metrics["loss"] = sum
	rec := decode.Record{Step: last.X + 1, Metrics: []decode.Metric{{Name: "loss", Value: y}}}
	s.ingest(monitor.RunUpdate{Run: name, Update: monitor.Update{
		Batch: &monitor.Batch{Records: []decode.Record{rec}, Format: "jsonl", Live: true}, State: &st}})
}
