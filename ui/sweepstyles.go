package ui

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/losswatch/losswatch/detect"
)

// runColours tell the runs of an overlay apart: distinct hues that read on
// dark and light backgrounds, none of them the verdicts' red and green
// first. A run keeps its colour (by the order runs were found) for the
// whole session; past ten they repeat, and the legend's numbers still tell
// them apart.
var runColours = [...]string{"12", "11", "13", "14", "208", "141", "39", "10", "9", "250"}

// runStyles returns the style of each run colour.
func runStyles(r *lipgloss.Renderer) []lipgloss.Style {
	out := make([]lipgloss.Style, len(runColours))
	for i, c := range runColours {
		out[i] = r.NewStyle().Foreground(lipgloss.Color(c))
	}
	return out
}

// runColour returns the style of the i-th run colour.
func (s Styles) runColour(i int) lipgloss.Style {
	if len(s.Runs) == 0 {
		return s.Header
	}
	return s.Runs[((i%len(s.Runs))+len(s.Runs))%len(s.Runs)]
}

// verdictMark returns the style and the mark of a run's verdict: ✓ for a
// converged run, the severity glyph of its most important finding for a
// failing one (▲ critical, △ warning), · otherwise.
func (s Styles) verdictMark(v detect.Verdict, sev detect.Severity) (lipgloss.Style, string) {
	style := s.verdict(v)
	switch {
	case v == detect.VerdictConverged:
		return style, "✓"
	case v == detect.VerdictConverging:
		return style, "↘"
	case v.Failing() && sev == "":
		if v == detect.VerdictDiverging {
			return style, "▲"
		}
		return style, "△"
	case v.Failing():
		_, glyph := s.severity(sev)
		return style, glyph
	}
	return style, "·"
}
