package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// findingsPanel is the findings panel: the convergence and the detector's
// findings, newest first, each with its one-sentence message, one of them
// selected. The root gives it the state to show (SetState) and its size.
type findingsPanel struct {
	sel     int
	list    []detect.Finding    // newest first
	conv    *detect.Convergence // shown when no converged finding says more
	focused bool
	w, h    int
	// other is the metric shown when it is not the one judged, primary
	// the one judged.
	other, primary string
	// unit is what the log's steps count ("step", "epoch").
	unit string
}

// SetState shows the findings of st about the metric on the chart: all of
// them on the metric judged (the run's diagnosis: a validation loss's
// overfitting, a grad norm's spikes), only its own on another.
func (p *findingsPanel) SetState(st detect.State, metric string) {
	p.list, p.conv, p.other = p.list[:0:0], nil, ""
	judged := metric == "" || st.Primary == "" || metric == st.Primary
	for _, f := range st.Findings {
		if judged || f.Metric == metric {
			p.list = append(p.list, f)
		}
	}
	sort.SliceStable(p.list, func(i, j int) bool { return p.list[j].Step.Less(p.list[i].Step) })
	if judged {
		p.conv = st.Convergence
	} else {
		p.other, p.primary = metric, st.Primary
	}
}

// SetSize sets the panel's inside size.
func (p *findingsPanel) SetSize(w, h int) { p.w, p.h = w, h }

// Len returns the number of findings.
func (p findingsPanel) Len() int { return len(p.list) }

// Selected returns the finding the panels and the chart highlight.
func (p findingsPanel) Selected() (detect.Finding, bool) {
	if len(p.list) == 0 {
		return detect.Finding{}, false
	}
	return p.list[min(max(p.sel, 0), len(p.list)-1)], true
}

// Update moves the selection with ↑/↓.
func (p findingsPanel) Update(msg tea.KeyMsg, k KeyMap) (findingsPanel, bool) {
	var ok bool
	p.sel, ok = moveSelection(p.sel, msg, k, len(p.list))
	return p, ok
}

// View draws the panel's lines (at most its height unless a message is
// longer).
func (p findingsPanel) View(st *Styles) []string {
	var out []string
	if c := p.conv; c != nil && !hasKind(p.list, detect.KindConverged) {
		// The detector's own converged finding says more; this is for a
		// convergence without one.
		out = append(out, st.Converged.Render("✓ converged at "+p.at(c.Step)))
		out = append(out, wrapIndent(fmt.Sprintf("loss holds %s %s since %s", formatNum(c.Level), band(c.Level, c.BandRel), p.at(c.Step)), p.w)...)
	}
	a, b := 0, 0 // the selected finding's lines
	for i, f := range p.list {
		if i == min(p.sel, len(p.list)-1) {
			a = len(out)
		}
		out = append(out, p.head(st, i, f))
		out = append(out, wrapIndent(decode.Sanitize(f.Message), p.w)...)
		if i == min(p.sel, len(p.list)-1) {
			b = len(out)
		}
	}
	if len(out) == 0 && p.other != "" {
		out = append(out, wrap("no findings on "+decode.Sanitize(p.other)+"; the run is judged on "+decode.Sanitize(p.primary)+" (tab)", p.w)...)
	}
	if len(out) == 0 {
		out = append(out, st.Muted.Render("no findings yet"))
	}
	hint := "f: read all"
	if p.focused {
		hint = "↑/↓: more"
	}
	return scrollTo(st, out, a, b, p.h, hint)
}

// scrollTo returns the h lines of out that show lines [a, b) (the selected
// item; its start when it is taller than h), with a last line saying how
// many more there are below when out is cut.
func scrollTo(st *Styles, out []string, a, b, h int, hint string) []string {
	if len(out) <= h || h <= 0 {
		return out
	}
	off := max(0, b-(h-1))
	if off > a {
		off = a
	}
	out = out[off:]
	if len(out) <= h || h < 3 { // too short for a line of its own to say so
		return out
	}
	more := len(out) - (h - 1)
	return append(out[:h-1:h-1], st.Muted.Render(fmt.Sprintf("  ⋯ %d more lines (%s)", more, hint)))
}

// at names step s in the log's unit: "step 1,200", "epoch 2.5".
func (p findingsPanel) at(s detect.Step) string {
	if p.unit == "" {
		return "step " + exactStep(s)
	}
	return p.unit + " " + exactStep(s)
}

// head is the first line of the i-th finding: its mark, kind and steps.
func (p findingsPanel) head(st *Styles, i int, f detect.Finding) string {
	style, glyph := st.severity(f.Severity)
	if f.Kind == detect.KindConverged {
		style, glyph = st.Converged, "✓"
	}
	head := fmt.Sprintf("%s %s", glyph, decode.Sanitize(string(f.Kind)))
	switch {
	case f.Kind == detect.KindConverged:
		head += " at " + p.at(f.SinceStep)
	case f.SinceStep != f.Step:
		head += " since " + p.at(f.SinceStep)
	default:
		head += " at " + p.at(f.Step)
	}
	sel := i == min(p.sel, len(p.list)-1)
	switch {
	case sel && p.focused:
		return st.Selected.Render(fit("▸"+head, p.w))
	case sel && len(p.list) > 1:
		return style.Render("▸" + head)
	}
	return style.Render(" " + head)
}

// remediesPanel shows the remedies of the selected finding, with the
// selected remedy's why and snippet.
type remediesPanel struct {
	sel       int
	finding   detect.Finding
	has       bool // a finding is selected
	converged bool // the run converged: nothing to fix
	focused   bool
	w, h      int
}

// SetFinding shows the remedies of f (ok: there is one); converged says
// the run converged.
func (p *remediesPanel) SetFinding(f detect.Finding, ok, converged bool) {
	p.finding, p.has, p.converged = f, ok, converged
}

// SetSize sets the panel's inside size.
func (p *remediesPanel) SetSize(w, h int) { p.w, p.h = w, h }

// Selected returns the remedy whose snippet `c` copies.
func (p remediesPanel) Selected() (detect.Remedy, bool) {
	rs := p.finding.Remedies
	if !p.has || len(rs) == 0 {
		return detect.Remedy{}, false
	}
	return rs[min(max(p.sel, 0), len(rs)-1)], true
}

// Update moves the selection with ↑/↓.
func (p remediesPanel) Update(msg tea.KeyMsg, k KeyMap) (remediesPanel, bool) {
	var ok bool
	p.sel, ok = moveSelection(p.sel, msg, k, len(p.finding.Remedies))
	return p, ok
}

// View draws the panel's lines.
func (p remediesPanel) View(st *Styles) []string {
	rs := p.finding.Remedies
	if !p.has || len(rs) == 0 {
		if p.converged {
			return wrap("nothing to fix: consider stopping, further steps buy little.", p.w)
		}
		return []string{st.Muted.Render("no remedies")}
	}
	var out []string
	sel := min(max(p.sel, 0), len(rs)-1)
	a, b := 0, 0 // the selected remedy's lines: title, why, snippet
	for i, r := range rs {
		title := decode.Sanitize(r.Title)
		if i != sel {
			out = append(out, fit("  "+title, p.w))
			continue
		}
		a = len(out)
		out = append(out, p.selected(st, title, r)...)
		b = len(out)
	}
	hint := "r: read all"
	if p.focused {
		hint = "↑/↓: more"
	}
	return scrollTo(st, out, a, b, p.h, hint)
}

// selected draws the chosen remedy: its title wrapped, never cut (it is the
// advice), its why and its snippet.
func (p remediesPanel) selected(st *Styles, title string, r detect.Remedy) []string {
	style := st.Bold
	if p.focused {
		style = st.Selected
	}
	var out []string
	for j, l := range wrap(title, p.w-2) {
		prefix := "  "
		if j == 0 {
			prefix = "▸ "
		}
		out = append(out, style.Render(fit(prefix+l, p.w)))
	}
	out = append(out, wrapIndent(decode.Sanitize(r.Why), p.w)...)
	// The snippet whole, wrapped: it is what c copies.
	for _, l := range strings.Split(r.Snippet, "\n") {
		if l = decode.Sanitize(l); l == "" {
			continue
		}
		for j, part := range strings.Split(ansi.Wrap(l, max(p.w-4, 8), " ,("), "\n") {
			indent := "  "
			if j > 0 {
				indent = "    "
			}
			out = append(out, st.Snippet.Render(indent+part))
		}
	}
	return out
}

// moveSelection moves a selection among n items with ↑/↓; it reports
// whether msg was one of them.
func moveSelection(sel int, msg tea.KeyMsg, k KeyMap, n int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		sel--
	case key.Matches(msg, k.Down):
		sel++
	default:
		return sel, false
	}
	return min(max(sel, 0), max(n-1, 0)), true
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
