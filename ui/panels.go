package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// findings returns the active findings newest first.
func findings(st detect.State) []detect.Finding {
	fs := append([]detect.Finding(nil), st.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Step > fs[j].Step })
	return fs
}

// selectedFinding returns the finding the panels and the chart highlight.
func (m *Model) selectedFinding() (detect.Finding, bool) {
	fs := findings(m.state)
	if len(fs) == 0 {
		return detect.Finding{}, false
	}
	return fs[min(max(m.findings.sel, 0), len(fs)-1)], true
}

// selectedRemedy returns the remedy whose snippet `c` copies.
func (m *Model) selectedRemedy() (detect.Remedy, bool) {
	f, ok := m.selectedFinding()
	if !ok || len(f.Remedies) == 0 {
		return detect.Remedy{}, false
	}
	return f.Remedies[min(max(m.remedies.sel, 0), len(f.Remedies)-1)], true
}

// findingsPanel lists the convergence and the findings, newest first, each
// with its one-sentence message.
func (m *Model) findingsPanel(w, h int) []string {
	var out []string
	if c := m.state.Convergence; c != nil {
		out = append(out, m.st.Converged.Render("✓ converged at step "+formatStep(c.Step)))
		out = append(out, wrapIndent(fmt.Sprintf("loss holds %s ±%.0f%% since step %s", formatNum(c.Level), 100*c.BandRel, formatStep(c.Step)), w)...)
	}
	fs := findings(m.state)
	for i, f := range fs {
		style, glyph := m.st.severity(f.Severity)
		head := fmt.Sprintf("%s %s", glyph, monitor.Sanitize(f.Kind))
		if f.SinceStep != f.Step {
			head += " since " + formatStep(f.SinceStep)
		} else {
			head += " at " + formatStep(f.Step)
		}
		sel := i == min(m.findings.sel, len(fs)-1)
		switch {
		case sel && m.view.focus == focusFindings:
			head = m.st.Selected.Render(fit("▸"+head, w))
		case sel && len(fs) > 1:
			head = style.Render("▸" + head)
		default:
			head = style.Render(" " + head)
		}
		out = append(out, head)
		out = append(out, wrapIndent(monitor.Sanitize(f.Message), w)...)
	}
	if len(out) == 0 {
		out = append(out, m.st.Muted.Render("no findings yet"))
	}
	// Keep the selected finding in view.
	if len(out) > h && m.findings.sel > 0 {
		skip := min(len(out)-h, 2*m.findings.sel)
		out = out[skip:]
	}
	return out
}

// remediesPanel shows the remedies of the selected finding, with the
// selected remedy's why and snippet.
func (m *Model) remediesPanel(w, h int) []string {
	f, ok := m.selectedFinding()
	if !ok || len(f.Remedies) == 0 {
		if m.state.Convergence != nil {
			return wrap("nothing to fix: consider stopping, further steps buy little.", w)
		}
		return []string{m.st.Muted.Render("no remedies")}
	}
	var out []string
	sel := min(max(m.remedies.sel, 0), len(f.Remedies)-1)
	for i, r := range f.Remedies {
		title := monitor.Sanitize(r.Title)
		if i != sel {
			out = append(out, "  "+title)
			continue
		}
		if m.view.focus == focusRemedies {
			out = append(out, m.st.Selected.Render(fit("▸ "+title, w)))
		} else {
			out = append(out, m.st.Bold.Render("▸ "+title))
		}
		out = append(out, wrapIndent(monitor.Sanitize(r.Why), w)...)
		for _, l := range strings.Split(r.Snippet, "\n") {
			if l = monitor.Sanitize(l); l != "" {
				out = append(out, m.st.Snippet.Render("  "+l))
			}
		}
	}
	if len(out) > h {
		out = out[max(0, min(sel, len(out)-h)):]
	}
	return out
}

// wrapIndent wraps text to w cells with a two-space indent.
func wrapIndent(text string, w int) []string {
	lines := wrap(text, w-2)
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return lines
}

// verdictLine is the verdict in words and colour, the convergence step, the
// best value and where it was, and the trend.
func (m *Model) verdictLine() string {
	st := m.state
	v := st.Verdict
	if v == "" {
		v = detect.VerdictInsufficientData
	}
	text := " " + m.st.verdict(v).Render(strings.ToUpper(string(v)))
	if f, ok := m.selectedFinding(); ok && v.Failing() {
		text += m.st.Muted.Render(fmt.Sprintf(" (%s) since %s", f.Severity, formatStep(f.SinceStep)))
	}
	if c := st.Convergence; c != nil {
		text += fmt.Sprintf(" at step %s", formatStep(c.Step))
	}
	if name := m.metric(); name == st.Primary && st.Best == st.Best && st.BestStep != 0 {
		text += m.st.Muted.Render(" · ") + fmt.Sprintf("best %s @ %s", formatNum(st.Best), formatStep(st.BestStep))
	} else if s, ok := st.Metrics[name]; ok && s.Points > 0 {
		text += m.st.Muted.Render(" · ") + fmt.Sprintf("best %s @ %s", formatNum(s.Min), formatStep(s.MinStep))
	}
	if s, ok := st.Metrics[m.metric()]; ok && s.Points > 0 {
		text += m.st.Muted.Render(" · ") + "last " + formatNum(s.Last)
	}
	if m.metric() == st.Primary && st.Trend == st.Trend && st.Trend != 0 {
		text += m.st.Muted.Render(" · ") + fmt.Sprintf("trend %+.1f%%/1k steps", 100*st.Trend)
	} else if tr, ok := m.trend(); ok {
		text += m.st.Muted.Render(" · ") + fmt.Sprintf("trend %+.1f%%/1k steps", tr)
	}
	return text
}

// trend is the relative change per 1,000 steps of the smoothed curve over
// the last quarter of the view.
func (m *Model) trend() (float64, bool) {
	fr := &m.chart.frame
	sm, cols := fr.smooth, fr.cols
	n := len(sm)
	if n < 8 || fr.xb <= fr.xa {
		return 0, false
	}
	last := -1
	for i := n - 1; i >= 0; i-- {
		if cols[i].N > 0 && sm[i] == sm[i] {
			last = i
			break
		}
	}
	if last < 0 {
		return 0, false
	}
	first := -1
	for i := last - max(2, last/4); i >= 0 && i < last; i++ {
		if cols[i].N > 0 && sm[i] == sm[i] {
			first = i
			break
		}
	}
	if first < 0 || sm[first] == 0 {
		return 0, false
	}
	dx := cols[last].X1 - cols[first].X1
	if dx <= 0 {
		return 0, false
	}
	return 100 * (sm[last] - sm[first]) / abs(sm[first]) / dx * 1000, true
}
