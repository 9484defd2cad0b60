package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// verdictLine is the verdict in words and colour, the convergence step, the
// best value and where it was, and the detector's trend. On another metric
// than the one judged it gives that metric's own numbers and names the
// metric the verdict is about, so that no number reads as the verdict's.
func (m *Model) verdictLine() string {
	st := m.state
	name := m.metric()
	if name != "" && st.Primary != "" && name != st.Primary {
		return m.otherMetricLine(name)
	}
	v := st.Verdict
	if v == "" {
		v = detect.VerdictInsufficientData
	}
	text := " " + m.st.verdict(v).Render(verdictWords(v))
	if f, ok := verdictFinding(st); ok && v.Failing() {
		text += m.st.Muted.Render(fmt.Sprintf(" (%s) since %s", f.Severity, exactStep(f.SinceStep)))
	}
	now := "now "
	if st.EarlierStretch {
		// The run restarted and the stretch since is too short to judge:
		// every number here is the stretch's before it.
		text += m.st.Muted.Render(" (the run before the restart)")
		now = "end "
	}
	if c := st.Convergence; c != nil {
		text += fmt.Sprintf(" at %s %s", m.xUnit(), exactStep(c.Step))
	}
	sep := m.st.Muted.Render(" · ")
	s, ok := st.Metrics[name]
	// The primary's lowest single value, which never rises within a segment
	// (the smoothed best moves as the smoothing is re-evaluated), and its
	// smoothed level now, which is never below it.
	if st.Lowest == st.Lowest && st.Best == st.Best && st.BestStep != (detect.Step{}) {
		text += sep + fmt.Sprintf("%s %s @ %s", extremeWord(s.HigherIsBetter), formatNum(st.Lowest), exactStep(st.LowestStep))
		if st.Smoothed == st.Smoothed && st.Smoothed != 0 {
			text += sep + now + formatNum(st.Smoothed)
		}
	} else if ok && s.Points > 0 {
		best, at := s.Best()
		text += sep + fmt.Sprintf("best %s @ %s", formatNum(best), exactStep(at)) + sep + "last " + formatNum(s.Last)
	}
	// The trend is the detector's, of the metric it judges: the view does
	// not re-derive one of its own.
	if st.Trend == st.Trend && st.Trend != 0 && st.TrendSpan > 0 {
		text += sep + trendWords(st.Trend/1000, st.TrendSpan, m.xUnit())
	}
	if ok && s.Restarts > 0 {
		text += sep + m.st.Warning.Render(restartWords(s.Restarts, s.FirstStep, m.xUnit()))
	}
	return text
}

// otherMetricLine is the verdict line over a metric that is not judged:
// its last value and range, then the verdict with the metric it is about.
func (m *Model) otherMetricLine(name string) string {
	st := m.state
	sep := m.st.Muted.Render(" · ")
	text := " " + m.st.Bold.Render(decode.Sanitize(name))
	if s, ok := st.Metrics[name]; ok && s.Points > 0 {
		text += sep + "last " + formatNum(s.Last) + sep + fmt.Sprintf("min %s @ %s", formatNum(s.Min), exactStep(s.MinStep))
		if s.HigherIsBetter {
			text += sep + fmt.Sprintf("max %s @ %s", formatNum(s.Max), exactStep(s.MaxStep))
		}
	}
	v := st.Verdict
	if v == "" {
		v = detect.VerdictInsufficientData
	}
	return text + sep + m.st.Muted.Render("verdict on "+decode.Sanitize(st.Primary)+": ") + m.st.verdict(v).Render(verdictWords(v))
}

// verdictFinding returns the finding the verdict stands on: of the
// verdict's kind (a NaN for diverging), the most important first.
func verdictFinding(st detect.State) (detect.Finding, bool) {
	for _, f := range st.Findings {
		if string(f.Kind) == string(st.Verdict) || st.Verdict == detect.VerdictDiverging && f.Kind == detect.KindNonfinite {
			return f, true
		}
	}
	return detect.Finding{}, false

}

// restartWords says that the log started again (steps went back: a resumed
// run, a second train() or fit()) and that what is shown is the latest run,
// so that the earlier one is not hidden without a word.
func restartWords(restarts int, from detect.Step, unit string) string {
	times := "restarted"
	if restarts > 1 {
		times = fmt.Sprintf("restarted %d×", restarts)
	}
	return fmt.Sprintf("%s: showing the run from %s %s", times, unit, exactStep(from))
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

// extremeWord names the primary's best single value: its lowest, or its
// highest for a metric better when higher.
func extremeWord(higher bool) string {
	if higher {
		return "highest"
	}
	return "lowest"
}
