package ui

import (
	"math"
	"strings"
)

// sparkRunes are the eight heights of a sparkline cell, lowest first.
var sparkRunes = [...]rune{'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'}

// sparkLogRatio is the ratio of highest to lowest value from which a
// positive sparkline is drawn on a log scale: a loss that falls from 2.3 to
// 0.05 and then blows up to 1e4 would otherwise be a flat line and a wall.
const sparkLogRatio = 20

// sparkline draws s over its whole range in w cells, one block per cell at
// the height of the mean of the points that fall into it; cells without a
// finite point are blank (a cell without any point, when the run has
// fewer points than cells, repeats the one before). It reads O(w) buckets of the series store, so its
// cost does not depend on how many points the run has. buf is reused.
func sparkline(s *Series, w int, buf []Column) (string, []Column) {
	if s == nil || w <= 0 || s.Len() == 0 {
		return strings.Repeat(" ", max(w, 0)), buf
	}
	last, _ := s.Last()
	buf = s.Downsample(s.First(), last.X, w, buf)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range buf {
		if v := c.Mean(); !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	tf := func(v float64) float64 { return v }
	if lo > 0 && hi/lo > sparkLogRatio {
		tf = math.Log10
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	var b strings.Builder
	prev := math.NaN()
	for _, c := range buf {
		v := c.Mean()
		if c.Count == 0 {
			v = prev // fewer points than cells: the line goes on
		}
		if math.IsNaN(v) {
			b.WriteByte(' ')
			continue
		}
		prev = v
		i := 0
		if hi > lo {
			i = int(math.Round((tf(v) - lo) / (hi - lo) * float64(len(sparkRunes)-1)))
		}
		b.WriteRune(sparkRunes[max(0, min(len(sparkRunes)-1, i))])
	}
	return b.String(), buf
}
