package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// drawnFresh returns the runs view as drawn with nothing cached: every
// row, name, filter match and sparkline made again.
func drawnFresh(s SweepModel) string {
	s.table.cache = rowCache{}
	for _, r := range s.runs {
		r.cached = nil
	}
	s.rebuild()
	return s.View()
}

// TestRunsViewCacheDrawsWhatAFreshTableDraws changes the sweep the ways a
// row can change (a new point, a verdict that re-sorts the rows, the
// selection, a mark, the filter, the width) and checks after each that the
// view drawn from the caches is the one drawn from nothing, and that the
// change shows.
func TestRunsViewCacheDrawsWhatAFreshTableDraws(t *testing.T) {
	s := sweepWithRuns(t, 8, 300)
	s.rebuild()
	names := s.table.Shown()
	steps := []struct {
		name   string
		change func(s *SweepModel)
	}{
		{"a new point", func(s *SweepModel) { advance(s, names[3], 1) }},
		{"a verdict that re-sorts", func(s *SweepModel) {
			st := s.runs[names[len(names)-1]].m.latest
			st.Verdict = detect.VerdictDiverging
			st.Findings = []detect.Finding{{Kind: detect.KindDiverging, Severity: detect.SeverityCritical}}
			s.ingest(monitor.RunUpdate{Run: names[len(names)-1], Update: monitor.Update{State: &st}})
		}},
		{"the selection", func(s *SweepModel) { s.table.Move(2) }},
		{"a mark", func(s *SweepModel) { s.runs[names[0]].marked = true }},
		{"the filter", func(s *SweepModel) { s.table.filter.set("lr-00[1-4]"); s.table.refilter() }},
		{"the width", func(s *SweepModel) { *s = send(t, *s, tea.WindowSizeMsg{Width: 120, Height: 30}) }},
	}
	for _, step := range steps {
		before := s.View()
		step.change(&s)
		s.rebuild()
		got := s.View()
		if got == before {
			t.Errorf("%s: the view did not change", step.name)
		}
		if want := drawnFresh(s); got != want {
			t.Errorf("%s: the cached view differs from a fresh one:\n%s\nwant:\n%s", step.name, got, want)
		}
	}
}
