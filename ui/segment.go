package ui

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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
	RelChange      float64 // of the least-squares line over the segment, relative to its start
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
	first, last := math.NaN(), math.NaN() // the steps of the first and last points
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
			first = x
		}
		last = x
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
	// The change is the fitted line's, from the segment's first step to
	// its last: the same line as the slope, so the two never disagree in
	// sign (the first and last points alone may, on a noisy curve).
	st.RelChange = math.NaN()
	from := (sy-slope*sx)/n + slope*first
	if from != 0 {
		st.RelChange = slope * (last - first) / math.Abs(from)
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
		fmt.Sprintf("slope %s/1k %ss", formatNum(x.SlopePer1k), m.xUnit()),
		"fitted change " + rel,
		noise,
		"detector: " + string(rep.verdict),
	}
	return rep
}

// exportCmd writes what the chart shows as CSV: the visible stretch of the
// charted metric (one row per point where the points are still held, else
// one per bucket), its smoothed curve and the validation overlay when they
// are drawn. It never overwrites a file: a second export of the same view
// gets a new name.
func (m *Model) exportCmd() tea.Cmd {
	s := m.series()
	if s == nil {
		return nil
	}
	xa, xb := m.chart.visibleRange(s)
	t := exportTable{name: m.metric(), weight: m.chart.weight, origin: *m.data.origin}
	t.cols = s.DownsampleUpTo(xa, xb, m.chart.lastStep(s), segmentResolution, nil)
	if t.weight > 0 {
		t.smooth = smoothedColumns(s, xa, t.cols, t.weight)
	}
	if v := m.valMetric(); v != nil && m.chart.showVal {
		t.valName = m.valName()
		t.val = v.DownsampleUpTo(xa, xb, m.chart.lastStep(s), segmentResolution, nil)
	}
	step := func(x float64) string { return t.origin.text(math.Round(x)) }
	base := filepath.Join(m.cfg.exportDir, fmt.Sprintf("losswatch-%s-%s-%s", fileSafe(t.name), step(xa), step(xb)))
	return func() tea.Msg {
		file, n, err := t.writeNew(base)
		if err != nil {
			return flashMsg{err: err}
		}
		abs, _ := filepath.Abs(file)
		// The file's name first: a long folder is what the width cuts.
		return flashMsg{text: fmt.Sprintf("exported %s to %s in %s", countOf(n, "row"), filepath.Base(abs), filepath.Dir(abs))}
	}
}

// smoothedColumns is the chart's smoothed curve over cols: the EMA carried
// in from the points before xa.
func smoothedColumns(s *Series, xa float64, cols []Column, weight float64) []float64 {
	e := ema{weight: weight}
	if xa > s.First() {
		for _, c := range s.Downsample(s.First(), math.Nextafter(xa, math.Inf(-1)), 256, nil) {
			e.add(c)
		}
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i], _ = e.add(c)
	}
	return out
}

// exportTable is the series of one export, on one column grid.
type exportTable struct {
	name, valName string
	origin        xOrigin // the steps are origin + x
	weight        float64
	cols, val     []Column
	smooth        []float64
}

// writeNew writes the table to base.csv, or base-2.csv, base-3.csv … when
// that exists, and returns the file written and the number of rows.
func (t exportTable) writeNew(base string) (string, int, error) {
	for i := 1; i < 1000; i++ {
		file := base + ".csv"
		if i > 1 {
			file = fmt.Sprintf("%s-%d.csv", base, i)
		}
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return file, 0, err
		}
		n, err := t.write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return file, n, err
	}
	return "", 0, fmt.Errorf("%s.csv: 999 exports of this view already", base)
}

// write writes the header and one row per column with a point in any
// series; a series without a point there leaves its cell empty.
func (t exportTable) write(w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	at := num // a step: as it is, or origin + x
	if t.origin.far() {
		at = t.origin.text
	}
	header := []string{"step", t.name, t.name + "_min", t.name + "_max", "points"}
	if t.smooth != nil {
		header = append(header, fmt.Sprintf("%s_ema_%g", t.name, t.weight))
	}
	if t.val != nil {
		header = append(header, t.valName)
	}
	_ = cw.Write(header)
	rows := 0
	for i, c := range t.cols {
		var v Column
		if t.val != nil {
			v = t.val[i]
		}
		if c.Count == 0 && v.Count == 0 {
			continue
		}
		row := make([]string, len(header))
		row[0] = at(c.X1)
		if c.Count == 0 {
			row[0] = at(v.X1)
		}
		if c.Count > 0 {
			row[1], row[2], row[3], row[4] = num(c.Mean()), num(c.Min), num(c.Max), strconv.Itoa(int(c.Count))
			if c.N == 0 {
				row[1], row[2], row[3] = "NaN", "NaN", "NaN"
			}
		}
		if t.smooth != nil && c.N > 0 {
			row[5] = num(t.smooth[i])
		}
		if t.val != nil && v.N > 0 {
			row[len(row)-1] = num(v.Mean())
		}
		_ = cw.Write(row)
		rows++
	}
	cw.Flush()
	return rows, cw.Error()
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
