package ui

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
)

// segmentResolution is how many buckets a segment is summarised into for
// its statistics, its detector verdict and its CSV export.
const segmentResolution = 4096

// segmentStats describes a stretch of a metric.
type segmentStats struct {
	Min, Max, Mean float64
	SlopePer1k     float64 // change per 1,000 steps of the least-squares line
	RelChange      float64 // (last − first) / |first|
	Noise          float64 // the detector's: deviation around the smoothed curve, relative to the level
	Points         int64
}

// segmentReport is a zoomed segment's statistics and what the detector
// says about that stretch alone.
type segmentReport struct {
	stats   segmentStats
	verdict detect.Verdict
	parts   []string // the report in phrases, packed into lines to fit
}

// computeSegment summarises the points of s in [a, b].
func computeSegment(s *Series, a, b float64) segmentStats {
	cols := s.Downsample(a, b, segmentResolution, nil)
	st := segmentStats{Min: math.Inf(1), Max: math.Inf(-1)}
	var sum, n, sx, sy, sxx, sxy float64
	first, last := math.NaN(), math.NaN()
	for _, c := range cols {
		if c.N == 0 {
			continue
		}
		st.Points += int64(c.N)
		st.Min, st.Max = math.Min(st.Min, c.Min), math.Max(st.Max, c.Max)
		sum += c.Sum
		w, x, y := float64(c.N), (c.X0+c.X1)/2, c.Mean()
		n += w
		sx, sy, sxx, sxy = sx+w*x, sy+w*y, sxx+w*x*x, sxy+w*x*y
		if math.IsNaN(first) {
			first = y
		}
		last = y
	}
	if n == 0 {
		return segmentStats{Min: math.NaN(), Max: math.NaN(), Mean: math.NaN(), SlopePer1k: math.NaN(), RelChange: math.NaN(), Noise: math.NaN()}
	}
	st.Mean = sum / n
	slope := 0.0
	if d := n*sxx - sx*sx; d > 0 {
		slope = (n*sxy - sx*sy) / d
	}
	st.SlopePer1k = slope * 1000
	st.RelChange = math.NaN()
	if first != 0 {
		st.RelChange = (last - first) / math.Abs(first)
	}
	st.Noise = math.NaN()
	return st
}

// segmentReport summarises the segment and asks the detector to judge the
// stretch on its own (detect.Analyze) from its bucket means.
func (m *Model) segmentReport(s *Series, a, b float64) *segmentReport {
	rep := &segmentReport{stats: computeSegment(s, a, b)}
	var steps, values []float64
	for _, c := range s.Downsample(a, b, segmentResolution, nil) {
		if c.Count > 0 {
			v := c.Mean()
			if c.N == 0 {
				v = math.NaN()
			}
			steps, values = append(steps, c.X1), append(values, v)
		}
	}
	an := detect.Analyze(steps, values)
	rep.verdict = an.Verdict
	if an.Points >= 8 {
		rep.stats.Noise = an.Noise
	}
	x := rep.stats
	noise := "noise n/a"
	if x.Noise == x.Noise {
		noise = fmt.Sprintf("noise %.1f%% of level", 100*x.Noise)
	}
	rel := "n/a"
	if !math.IsNaN(x.RelChange) {
		rel = fmt.Sprintf("%+.0f%%", 100*x.RelChange)
	}
	rep.parts = []string{
		fmt.Sprintf("segment %s pts", formatStep(float64(x.Points))),
		fmt.Sprintf("min %s max %s mean %s", formatNum(x.Min), formatNum(x.Max), formatNum(x.Mean)),
		fmt.Sprintf("slope %s/1k steps", formatNum(x.SlopePer1k)),
		"change " + rel,
		noise,
		"detector: " + string(rep.verdict),
	}
	return rep
}

// exportCmd writes the visible stretch of the charted metric as CSV, one row
// per point where the points are still held, else one per bucket.
func (m *Model) exportCmd() tea.Cmd {
	s := m.series()
	if s == nil {
		return nil
	}
	xa, xb := m.chart.visibleRange(s)
	cols := s.DownsampleUpTo(xa, xb, m.chart.lastStep(s), segmentResolution, nil)
	name := m.metric()
	file := filepath.Join(m.cfg.exportDir, fmt.Sprintf("losswatch-%s-%s-%s.csv", fileSafe(name), fileSafe(formatNum(xa)), fileSafe(formatNum(xb))))
	return func() tea.Msg {
		n, err := writeCSV(file, name, cols)
		if err != nil {
			return flashMsg{err: err}
		}
		abs, _ := filepath.Abs(file)
		return flashMsg{text: fmt.Sprintf("exported %d rows to %s", n, abs)}
	}
}

func writeCSV(file, name string, cols []Column) (int, error) {
	f, err := os.Create(file)
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(f)
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	_ = w.Write([]string{"step", name, "min", "max", "points"})
	rows := 0
	for _, c := range cols {
		if c.Count == 0 {
			continue
		}
		v, lo, hi := c.Mean(), c.Min, c.Max
		if c.N == 0 {
			v, lo, hi = math.NaN(), math.NaN(), math.NaN()
		}
		_ = w.Write([]string{num(c.X1), num(v), num(lo), num(hi), strconv.Itoa(int(c.Count))})
		rows++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return rows, err
	}
	return rows, f.Close()
}

func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
