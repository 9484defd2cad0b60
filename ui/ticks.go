package ui

import (
	"math"
	"strconv"
)

// yTicks returns the y ticks and their labels. Ticks a whole step apart
// (a linear scale, or whole decades of a log scale over three or more) are
// placed on whole rows the same number of rows apart: the y range is
// stretched to make it so (see evenTicks). A log scale over less than three
// decades is ticked at 1, 2 and 5 times its powers of ten, and within one
// decade at round values.
func (p *painter) yTicks() ([]float64, []string) {
	if p.in.logY || !(p.hi > p.lo) {
		p.roundRange()
	}
	if p.in.logY {
		if p.hi-p.lo >= 2.5 {
			if t, l, ok := p.evenTicks(true); ok {
				return t, l
			}
		}
		t, l := p.logMantissaTicks()
		if len(t) >= 3 {
			return t, l
		}
		if dt, dl := p.logTicksInDecade(max(2, p.gh/3)); len(dt) > len(t) {
			return dt, dl
		}
		return t, l
	}
	if t, l, ok := p.evenTicks(false); ok {
		return t, l
	}
	p.roundRange()
	ticks := niceTicks(p.lo, p.hi, max(2, p.gh/3))
	step := 1.0
	if len(ticks) > 1 {
		step = ticks[1] - ticks[0]
	}
	labels := make([]string, len(ticks))
	for i, t := range ticks {
		labels[i] = tickLabel(t, step)
	}
	return ticks, labels
}

// roundRange rounds the y range out to a nice step.
func (p *painter) roundRange() {
	step := niceStep(p.hi-p.lo, 8)
	p.lo, p.hi = math.Floor(p.lo/step)*step, math.Ceil(p.hi/step)*step
}

// evenTicks picks the nice tick step, and the rows between two ticks,
// that let the data fill most of the chart, and sets the y range so that
// tick i lies exactly i·rows rows above the bottom one. Ticks at least two
// rows apart, unless the chart is very short. decades: whole steps only
// (a log scale's powers of ten). ok is false when no step fits.
func (p *painter) evenTicks(decades bool) ([]float64, []string, bool) {
	dlo, dhi := p.lo, p.hi
	gh := p.gh
	if gh < 2 || !(dhi > dlo) {
		return nil, nil, false
	}
	// A label every two to five rows: denser crowds the axis, sparser
	// leaves values hard to read off.
	minRows, maxRows := 2, max(3, min(5, gh/4))
	if gh <= 5 {
		minRows = 1
	}
	var best struct {
		step, lo, top, fill float64
		rows                int
	}
	for n := 1; n <= gh; n++ {
		s := niceStep(dhi-dlo, n)
		if decades && (s < 1 || s != math.Trunc(s)) {
			continue
		}
		lo, hi := math.Floor(dlo/s)*s, math.Ceil(dhi/s)*s
		k := max(1, int(math.Round((hi-lo)/s)))
		rows := min((gh-1)/k, maxRows)
		if rows < minRows {
			continue
		}
		top := lo + s*float64(4*gh-1)/float64(4*rows)
		fill := (dhi - dlo) / (top - lo)
		if fill > best.fill+1e-9 || math.Abs(fill-best.fill) <= 1e-9 && rows > best.rows {
			best.step, best.lo, best.top, best.fill, best.rows = s, lo, top, fill, rows
		}
	}
	if best.rows == 0 {
		return nil, nil, false
	}
	p.lo, p.hi = best.lo, best.top
	var ticks []float64
	var labels []string
	for i := 0; i*best.rows <= gh-1; i++ {
		t := best.lo + float64(i)*best.step
		if math.Abs(t) < best.step*1e-9 {
			t = 0
		}
		ticks = append(ticks, t)
		if decades {
			labels = append(labels, decadeLabel(t))
		} else {
			labels = append(labels, tickLabel(t, best.step))
		}
	}
	return ticks, labels, true
}

// decadeLabel is the label of the power of ten 10^e: 0.01, 1000, 1e-06.
func decadeLabel(e float64) string {
	if e >= -3 && e <= 4 {
		return strconv.FormatFloat(math.Pow(10, e), 'f', -1, 64)
	}
	return "1e" + strconv.Itoa(int(e))
}

// logMantissaTicks returns the ticks of a log scale over less than three
// decades: 1, 2 and 5 times the powers of ten in range (0.05 0.1 0.2 0.5
// for a loss from 0.04 to 0.7), or 1 and 3 times, or the powers alone,
// whichever is the densest that leaves a row between labels.
func (p *painter) logMantissaTicks() ([]float64, []string) {
	for _, set := range [][]float64{{1, 2, 5}, {1, 3}, {1}} {
		var ticks []float64
		var labels []string
		lastRow := -1 << 20
		crowded := false
		for e := math.Floor(p.lo); e <= math.Ceil(p.hi); e++ {
			for _, m := range set {
				t := e + math.Log10(m)
				if t < p.lo-1e-9 || t > p.hi+1e-9 {
					continue
				}
				row := p.rowOf(t) / 4
				if row-lastRow < 2 {
					crowded = true
				}
				lastRow = row
				ticks = append(ticks, t)
				labels = append(labels, mantissaLabel(m, int(e)))
			}
		}
		if !crowded && len(ticks) >= 2 {
			return ticks, labels
		}
	}
	return nil, nil
}

// mantissaLabel prints m·10^e: 0.05, 0.2, 500, 2e-05.
func mantissaLabel(m float64, e int) string {
	v := m * math.Pow(10, float64(e))
	if e >= -4 && e <= 4 {
		return strconv.FormatFloat(v, 'f', max(0, -e), 64)
	}
	return formatNum(v)
}

// logTicksInDecade returns, for a log scale spanning less than a decade,
// round values (5, 6, 7 …) placed at their logarithms, rather than evenly
// spaced logarithms that read 7.08, 7.94, 8.91.
func (p *painter) logTicksInDecade(want int) ([]float64, []string) {
	a, b := math.Pow(10, p.lo), math.Pow(10, p.hi)
	lin := niceTicks(a, b, want)
	if len(lin) < want {
		if finer := niceTicks(a, b, 2*want); len(finer) <= 2*want {
			lin = finer
		}
	}
	step := 1.0
	if len(lin) > 1 {
		step = lin[1] - lin[0]
	}
	var ticks []float64
	var labels []string
	for _, v := range lin {
		if v > 0 {
			ticks = append(ticks, math.Log10(v))
			labels = append(labels, tickLabel(v, step))
		}
	}
	return ticks, labels
}
