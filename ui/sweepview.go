package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// View returns the screen: the open run's own, or what the sweep last
// prepared.
func (s SweepModel) View() string {
	if r := s.runs[s.open]; s.screen == screenRun && r != nil {
		return r.m.View()
	}
	return s.text
}

// rebuild prepares the runs view or the overlay. The rows are made again
// from every run (cheap: numbers the runs keep); sparklines and charts are
// drawn only for what is on screen.
func (s *SweepModel) rebuild() {
	s.dirty = false
	rows := s.refreshRows()
	if s.screen == screenRun {
		return
	}
	if s.width < minWidth || s.height < minHeight {
		s.text = strings.Join(fitLines(tooSmall(s.width, s.height), s.width, s.height), "\n")
		return
	}
	lines := []string{s.statusLine(rows)}
	bodyH := s.height - 3
	var info string
	var exact [2]int // the lines, from..to, that are s.width cells wide already
	switch {
	case s.showHelp:
		hm := Model{keys: s.keys, st: s.st}
		lines = append(lines, box("keys", hm.helpLines(s.width-2, bodyH-2), s.width, bodyH, s.st.Border)...)
	case s.screen == screenOverlay:
		var body []string
		body, info = s.overlayBody(bodyH)
		lines = append(lines, body...)
	default:
		title := s.st.Bold.Render(fmt.Sprintf("runs  %d", len(rows)))
		if n := len(s.table.shown); n != len(rows) {
			title += s.st.Muted.Render(fmt.Sprintf("  %d shown", n))
		}
		body := boxFitted(title, s.table.View(&s.st, s.width-2, bodyH-2), s.width, bodyH, s.st.Border)
		exact = [2]int{len(lines), len(lines) + len(body)}
		lines = append(lines, body...)
		info = s.table.filter.View(&s.st)
	}
	switch {
	case s.flash != "":
		info = s.st.Title.Render(decode.Sanitize(s.flash))
	case s.errText != "":
		info = s.st.Error.Render("error: " + s.errText)
	}
	lines = append(lines, " "+info, " "+s.help.ShortHelpView(s.shortHelp()))
	s.text = strings.Join(fitLinesExcept(lines, s.width, s.height, exact), "\n")
}

// refreshRows makes the table's rows again from the runs, in the table's
// last order (new runs after): rows seldom move, so they are mostly sorted
// already and SetRows need not sort them.
func (s *SweepModel) refreshRows() []runRow {
	rows := make([]runRow, 0, len(s.runs))
	for _, old := range s.table.rows {
		if r := s.runs[old.name]; r != nil {
			rows = append(rows, r.row(old.name))
		}
	}
	if len(rows) < len(s.runs) {
		listed := make(map[string]bool, len(rows))
		for _, r := range rows {
			listed[r.name] = true
		}
		for name, r := range s.runs {
			if !listed[name] {
				rows = append(rows, r.row(name))
			}
		}
	}
	s.table.SetRows(rows)
	return rows
}

// statusLine is the sweep's top line: the directory, how many runs and how
// many fail, whether it still follows them.
func (s *SweepModel) statusLine(rows []runRow) string {
	failing, ended := 0, 0
	for _, r := range rows {
		if r.verdict.Failing() {
			failing++
		}
	}
	for _, r := range s.runs {
		if r.ended {
			ended++
		}
	}
	left := s.st.Title.Render(" losswatch ") + " " + decode.Sanitize(s.dir) + s.st.Muted.Render(" · ") +
		countOf(len(rows), "run")
	if failing > 0 {
		left += s.st.Muted.Render(" · ") + s.st.VerdictBad.Render(fmt.Sprintf("%d failing", failing))
	}
	state := "following"
	switch {
	case s.done || len(rows) > 0 && ended == len(rows):
		state = "ended"
	case len(rows) == 0:
		state = "looking for runs"
	}
	left += s.st.Muted.Render(" · ") + state
	right := ""
	if n := s.markedCount(); n > 0 {
		right = fmt.Sprintf("%d marked ", n)
	}
	if s.screen == screenOverlay && s.overlay.chart.paused {
		right = s.st.Badge.Render(" PAUSED ") + " "
	}
	gap := s.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return fit(left, s.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

func (s *SweepModel) markedCount() int {
	n := 0
	for _, r := range s.runs {
		if r.marked {
			n++
		}
	}
	return n
}

// overlayBody draws the overlay chart and its legend (beside the chart on
// a wide terminal, under it on a narrow one) in h rows; it returns the
// lines and the info line.
func (s *SweepModel) overlayBody(h int) ([]string, string) {
	runs := s.marked()
	c := &s.overlay.chart
	title := s.st.Bold.Render("overlay") + s.st.Muted.Render("  "+countOf(len(runs), "run"))
	if n := len(s.table.shown); s.markedCount() == 0 && n > len(runs) {
		title += s.st.Muted.Render(fmt.Sprintf(" (the worst of %d; space marks others)", n))
	}
	if w := c.weight; w > 0 {
		title += s.st.Muted.Render(fmt.Sprintf("  EMA %g", w))
	}
	if c.logY {
		title += s.st.Muted.Render("  log")
	}
	if z := c.zoom; z != nil {
		title += s.st.Span.Render(fmt.Sprintf("  [zoom %s–%s]", s.origin.label(math.Round(z[0])), s.origin.label(math.Round(z[1]))))
	}
	// The legend goes beside the chart when it has room for names, verdicts
	// and values there, else under it, full width.
	chartW, chartH, sideW := s.width, h, 0
	if s.width >= 140 {
		sideW = min(max(s.width/3, 30), 56)
		chartW = s.width - sideW
	} else {
		chartH = max(h-min(len(runs), 6)-2, min(h, 8))
	}
	s.overlay.draw(runs, "step", *s.origin, chartW-2, chartH-2, &s.st)
	c.top, c.height = 1, chartH
	c.left = 1 + (chartW - 2 - c.frame.graphWidth)
	chart := box(title, strings.Split(c.View(), "\n"), chartW, chartH, s.st.Border)
	info := s.st.Muted.Render("the runs' judged loss; legend: value at the end")
	if c.cursorOn {
		info = s.st.Muted.Render("legend: value at step " + s.origin.label(math.Round(c.cursor)))
	}
	if sideW > 0 {
		return beside(chart, box("legend", s.legend(runs, sideW-2), sideW, chartH, s.st.Border)), info
	}
	if h-chartH < 3 {
		return chart, info
	}
	return append(chart, box("legend", s.legendColumns(runs, s.width-2, h-chartH-2), s.width, h-chartH, s.st.Border)...), info
}

// legendColumns lays the legend out in w cells and at most rows lines:
// in as many columns side by side as it takes, so that no run is left out
// of it (ten runs under a 100x30 chart).
func (s *SweepModel) legendColumns(runs []overlayRun, w, rows int) []string {
	if rows <= 0 || len(runs) <= rows {
		return s.legend(runs, w)
	}
	ncol := (len(runs) + rows - 1) / rows
	colW := w / ncol
	lines := s.legend(runs, colW-2) // a line takes a cell more than it is given
	out := make([]string, rows)
	for i, l := range lines {
		r := i % rows
		if i >= rows {
			out[r] += " "
		}
		out[r] += l + strings.Repeat(" ", max(0, colW-1-ansi.StringWidth(l)))
	}
	return out
}

// legend lists the overlaid runs: number, colour, name, verdict and the
// value at the cursor (or the last).
func (s *SweepModel) legend(runs []overlayRun, w int) []string {
	longest := 4
	for _, r := range runs {
		longest = max(longest, ansi.StringWidth(decode.Sanitize(r.name)))
	}
	// A narrow legend gives up the value, then the verdict's words (its
	// mark stays), before it cuts the names.
	verdictW, valueW := 16, 9
	if w-6-verdictW-valueW < min(longest, 16) {
		valueW = 0
	}
	if w-6-verdictW-valueW < min(longest, 12) {
		verdictW = 2
	}
	nameW := max(1, min(longest, w-6-verdictW-valueW))
	out := make([]string, 0, len(runs))
	for i, r := range runs {
		v := r.verdict
		if v == "" {
			v = detect.VerdictInsufficientData
		}
		style, glyph := s.st.verdictMark(v, r.severity)
		val := "–"
		if i < len(s.overlay.values) && !math.IsNaN(s.overlay.values[i]) {
			val = formatNum(s.overlay.values[i])
		}
		words := string(v)
		if v == detect.VerdictInsufficientData {
			words = "no verdict"
		}
		name := decode.Sanitize(r.name)
		if ansi.StringWidth(name) > nameW {
			name = "…" + ansi.TruncateLeft(name, ansi.StringWidth(name)-nameW+1, "")
		}
		mark := glyph + " " + words
		if verdictW == 2 {
			mark = glyph
		}
		line := " " + string(legendNumber(i)) + " " + s.st.runColour(r.colour).Render("━━") + " " + pad(name, nameW+1) +
			style.Render(pad(mark, verdictW)) + lpad(val, valueW)
		out = append(out, line)
	}
	return out
}

// shortHelp is the help bar of the screen shown.
func (s *SweepModel) shortHelp() []key.Binding {
	k := s.keys
	k.Up.SetHelp("↑/↓", "select")
	k.Back.SetHelp("esc", "back")
	switch {
	case s.showHelp:
		return []key.Binding{k.Help, k.Quit}
	case s.screen == screenOverlay:
		if s.overlay.chart.paused {
			k.Pause.SetHelp("p", "resume")
		}
		return []key.Binding{k.Back, k.Left, k.ZoomIn, k.Pause, k.Smooth, k.Log, k.Help, k.Quit}
	case s.table.filter.editing:
		return nil
	}
	return []key.Binding{k.Up, k.Open, k.MarkRun, k.Overlay, k.Filter, k.Grid, k.Help, k.Quit}
}
