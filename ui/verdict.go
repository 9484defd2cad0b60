package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/losswatch/losswatch/detect"
)

// verdictLine is the verdict in words and colour, the convergence step, the
// best value and where it was, and the trend.
func (m *Model) verdictLine() string {
	st := m.state
	v := st.Verdict
	if v == "" {
		v = detect.VerdictInsufficientData
	}
	text := " " + m.st.verdict(v).Render(verdictWords(v))
	if f, ok := m.selectedFinding(); ok && v.Failing() {
		text += m.st.Muted.Render(fmt.Sprintf(" (%s) since %s", f.Severity, formatStep(f.SinceStep)))
	}
	if c := st.Convergence; c != nil {
		text += fmt.Sprintf(" at step %s", formatStep(c.Step))
	}
	sep := m.st.Muted.Render(" · ")
	name := m.metric()
	s, ok := st.Metrics[name]
	// The primary's best and now are both of the smoothed curve (a raw
	// last value below the smoothed best would read as a contradiction).
	if name == st.Primary && st.Best == st.Best && st.BestStep != 0 {
		text += sep + fmt.Sprintf("best %s @ %s", formatNum(st.Best), formatStep(st.BestStep))
		if st.Smoothed == st.Smoothed && st.Smoothed != 0 {
			text += sep + "now " + formatNum(st.Smoothed)
		}
	} else if ok && s.Points > 0 {
		text += sep + fmt.Sprintf("best %s @ %s", formatNum(s.Min), formatStep(s.MinStep)) + sep + "last " + formatNum(s.Last)
	}
	unit := m.xUnit()
	if name == st.Primary && st.Trend == st.Trend && st.Trend != 0 && ok {
		text += sep + trendWords(st.Trend/1000, 0.3*(s.LastStep-s.FirstStep), unit)
	} else if tr, span, ok := m.trend(); ok {
		text += sep + trendWords(tr, span, unit)
	}
	return text
}

// verdictWords is the verdict as the verdict line shouts it.
func verdictWords(v detect.Verdict) string {
	if v == detect.VerdictInsufficientData {
		return "NOT ENOUGH DATA YET"
	}
	return strings.ToUpper(string(v))
}

// trendWords says how fast a curve moves, given its relative change per
// step and the stretch it was measured over: per a round number of steps
// near that stretch (per 100 steps for a few hundred), so that a short run
// does not read "-35983%/1k steps".
func trendWords(perStep, window float64, unit string) string {
	per := 1.0
	if window >= 10 {
		per = math.Pow(10, math.Floor(math.Log10(window)))
	}
	rel := 100 * perStep * per
	word := "falling"
	if rel > 0 {
		word = "rising"
	}
	unitText := unit
	if per > 1 {
		unitText = formatStep(per) + " " + unit + "s"
	}
	switch a := abs(rel); {
	case a != a || math.IsInf(a, 0):
		return "trend ?"
	case a < 0.05:
		return "flat"
	case a < 10:
		return fmt.Sprintf("%s %.1f%%/%s", word, a, unitText)
	default:
		return fmt.Sprintf("%s %.0f%%/%s", word, a, unitText)
	}
}

// trend is the relative change per step of the smoothed curve over the
// last quarter of the view, and the steps it spans.
func (m *Model) trend() (float64, float64, bool) {
	fr := &m.chart.frame
	sm, cols := fr.smooth, fr.cols
	n := len(sm)
	if n < 8 || fr.xb <= fr.xa {
		return 0, 0, false
	}
	last := -1
	for i := n - 1; i >= 0; i-- {
		if cols[i].N > 0 && sm[i] == sm[i] {
			last = i
			break
		}
	}
	if last < 0 {
		return 0, 0, false
	}
	first := -1
	for i := last - max(2, last/4); i >= 0 && i < last; i++ {
		if cols[i].N > 0 && sm[i] == sm[i] {
			first = i
			break
		}
	}
	if first < 0 || sm[first] == 0 {
		return 0, 0, false
	}
	dx := cols[last].X1 - cols[first].X1
	if dx <= 0 {
		return 0, 0, false
	}
	return (sm[last] - sm[first]) / abs(sm[first]) / dx, dx, true
}
