package ui

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// niceStep returns a step of 1, 2 or 5 times a power of ten close to
// span/count, so that axis ticks read well.
func niceStep(span float64, count int) float64 {
	if span <= 0 || count <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(count)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f <= 1:
		return p
	case f <= 2:
		return 2 * p
	case f <= 5:
		return 5 * p
	default:
		return 10 * p
	}
}

// niceTicks returns the multiples of a nice step inside [lo, hi].
func niceTicks(lo, hi float64, count int) []float64 {
	step := niceStep(hi-lo, count)
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9 && len(out) < 64; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, v)
	}
	return out
}

// niceCeil rounds x up to the next multiple of a nice step for span, so that
// a growing axis changes rarely.
func niceCeil(x, span float64) float64 {
	step := niceStep(span, 8)
	return math.Ceil(x/step) * step
}

// formatNum prints a value in at most about 7 characters: 0.052, 1.2e-05,
// 2.30, 14.1k.
func formatNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	switch {
	case a >= 1e5 || a < 1e-3:
		s := strconv.FormatFloat(v, 'e', 1, 64)
		return strings.Replace(strings.Replace(s, "e+0", "e", 1), "e-0", "e-", 1)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
}

// formatStep prints a step with thousands separators: 1,482.
func formatStep(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return formatNum(x)
	}
	if math.Abs(x) >= 100 && math.Abs(x) < 1e15 {
		x = math.Round(x) // a step the detector interpolated: 829.2 reads as 829
	}
	if x != math.Trunc(x) || math.Abs(x) >= 1e15 {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return groupedInt(int64(x))
}

// groupedInt writes n with its digits grouped by thousands: 1,482.
func groupedInt(n int64) string { return message.NewPrinter(language.English).Sprintf("%d", n) }

// countOf is n things in words, grouped by thousands: "1 run", "2,000 rows".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return formatStep(float64(n)) + " " + thing + "s"
}

// ema is TensorBoard's debiased exponential moving average, fed buckets:
// a bucket of n points with mean m counts as n points of value m.
type ema struct {
	weight float64
	acc    float64
	n      float64
}

func (e *ema) add(b Bucket) (float64, bool) {
	if b.N == 0 {
		return math.NaN(), false
	}
	if e.weight <= 0 {
		return b.Mean(), true
	}
	wn := math.Pow(e.weight, float64(b.N))
	e.acc = e.acc*wn + (1-wn)*b.Mean()
	e.n += float64(b.N)
	return e.acc / (1 - math.Pow(e.weight, e.n)), true
}

// tickLabel prints an axis tick with the decimals its step needs, so that
// the labels of one axis line up: 0.50, 1.00, 1.50.
func tickLabel(v, step float64) string {
	a := math.Max(math.Abs(v), step)
	if a >= 1e5 || a < 1e-3 || step <= 0 {
		return formatNum(v)
	}
	d := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	return strconv.FormatFloat(v, 'f', d, 64)
}
