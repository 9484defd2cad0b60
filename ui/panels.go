package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
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
	fs := findings(m.state)
	if c := m.state.Convergence; c != nil && !hasKind(fs, detect.KindConverged) {
		// The detector's own converged finding says more; this is for a
		// convergence without one.
		out = append(out, m.st.Converged.Render("✓ converged at step "+formatStep(c.Step)))
		out = append(out, wrapIndent(fmt.Sprintf("loss holds %s %s since step %s", formatNum(c.Level), band(c.Level, c.BandRel), formatStep(c.Step)), w)...)
	}
	for i, f := range fs {
		style, glyph := m.st.severity(f.Severity)
		if f.Kind == detect.KindConverged {
			style, glyph = m.st.Converged, "✓"
		}
		head := fmt.Sprintf("%s %s", glyph, decode.Sanitize(string(f.Kind)))
		switch {
		case f.Kind == detect.KindConverged:
			head += " at step " + formatStep(f.SinceStep)
		case f.SinceStep != f.Step:
			head += " since step " + formatStep(f.SinceStep)
		default:
			head += " at step " + formatStep(f.Step)
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
		out = append(out, wrapIndent(decode.Sanitize(f.Message), w)...)
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
	selLine := 0 // where the selected remedy's title is
	for i, r := range f.Remedies {
		title := decode.Sanitize(r.Title)
		if i != sel {
			out = append(out, "  "+title)
			continue
		}
		style := m.st.Bold
		if m.view.focus == focusRemedies {
			style = m.st.Selected
		}
		// The chosen remedy's title is wrapped, never cut: it is the advice.
		selLine = len(out)
		for j, l := range wrap(title, w-2) {
			prefix := "  "
			if j == 0 {
				prefix = "▸ "
			}
			out = append(out, style.Render(fit(prefix+l, w)))
		}
		out = append(out, wrapIndent(decode.Sanitize(r.Why), w)...)
		for _, l := range strings.Split(r.Snippet, "\n") {
			if l = decode.Sanitize(l); l != "" {
				out = append(out, m.st.Snippet.Render("  "+l))
			}
		}
	}
	if len(out) > h && selLine > 0 {
		// Scroll just enough to show the selected remedy's title and as
		// much of its why and snippet as fit.
		out = out[max(0, min(selLine, len(out)-h)):]
	}
	return out
}

// hasKind reports whether a finding of kind k is among fs.
func hasKind(fs []detect.Finding, k detect.Kind) bool {
	for _, f := range fs {
		if f.Kind == k {
			return true
		}
	}
	return false
}

// band is the width of a convergence band: in percent of the level when
// that reads well (±3%), else in the loss's own units (±0.04), as a
// percentage of a level near zero says little.
func band(level, rel float64) string {
	if rel <= 0.25 {
		return fmt.Sprintf("±%.0f%%", 100*rel)
	}
	return "±" + formatNum(abs(level)*rel)
}

// wrapIndent wraps text to w cells with a two-space indent.
func wrapIndent(text string, w int) []string {
	lines := wrap(text, w-2)
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return lines
}
