package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fit cuts or pads a (possibly styled) line to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s) // the costly part of a frame: measured once unless cut
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitLines returns exactly h lines of exactly w cells.
func fitLines(lines []string, w, h int) []string {
	out := make([]string, 0, h)
	for i := 0; i < h; i++ {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, fit(l, w))
	}
	return out
}

// box draws a rounded frame of w×h cells with a title in its top border.
// The content is cut to fit: nothing wraps or spills.
func box(title string, content []string, w, h int, border lipgloss.Style) []string {
	if w < 4 || h < 2 {
		return fitLines(nil, max(w, 0), max(h, 0))
	}
	top := border.Render("╭")
	if title != "" {
		top = border.Render("╭─") + ansi.Truncate(" "+title+" ", w-4, "…")
	}
	if rest := w - 1 - ansi.StringWidth(top); rest > 0 {
		top += border.Render(strings.Repeat("─", rest))
	}
	top = fit(top, w-1) + border.Render("╮")
	out := []string{top}
	side := border.Render("│")
	for _, l := range fitLines(content, w-2, h-2) {
		out = append(out, side+l+side)
	}
	return append(out, border.Render("╰"+strings.Repeat("─", w-2)+"╯"))
}

// beside joins two blocks of lines left and right.
func beside(a, b []string) []string {
	n := max(len(a), len(b))
	out := make([]string, n)
	aw := 0
	if len(a) < n && len(a) > 0 {
		aw = ansi.StringWidth(a[0]) // a shorter left block keeps its width
	}
	for i := range out {
		if i < len(a) {
			out[i] = a[i]
		} else {
			out[i] = strings.Repeat(" ", aw)
		}
		if i < len(b) {
			out[i] += b[i]
		}
	}
	return out
}

// wrap word-wraps text to w cells and returns its lines.
func wrap(text string, w int) []string {
	if w <= 0 {
		return nil
	}
	// ansi.Wrap always breaks after a hyphen, which tears "z = -17.2" or
	// "keras-stdout" in two: a non-breaking hyphen stands in meanwhile.
	text = strings.ReplaceAll(text, "-", nbHyphen)
	return strings.Split(strings.ReplaceAll(ansi.Wrap(text, w, " /"), nbHyphen, "-"), "\n")
}

// nbHyphen is U+2011, the non-breaking hyphen.
const nbHyphen = "\u2011"

// pack joins phrases with sep into as few lines of at most w cells as it
// can, breaking only between phrases (a phrase longer than w is cut later).
func pack(parts []string, sep string, w int) []string {
	var out []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur)+ansi.StringWidth(sep)+ansi.StringWidth(p) <= w:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// helpLines lays out the full key list in titled groups side by side, or
// stacked when they do not fit in w, in at most h lines if it can.
func (m *Model) helpLines(w, h int) []string {
	if out := m.helpLayout(w, true); len(out) <= h {
		return out
	}
	return m.helpLayout(w, false) // a small terminal: the short wording
}

// helpLayout lays out the key list with the long wording or the short.
func (m *Model) helpLayout(w int, long bool) []string {
	var blocks [][]string
	for _, section := range m.keys.helpSections() {
		kw := 0
		for _, e := range section.entries {
			kw = max(kw, ansi.StringWidth(e.binding.Help().Key))
		}
		block := []string{m.st.PanelTitle.Render(section.title)}
		for _, e := range section.entries {
			desc := e.binding.Help().Desc
			if long {
				desc = e.long
			}
			block = append(block, m.st.Help.FullKey.Render(fit(e.binding.Help().Key, kw))+"  "+m.st.Help.FullDesc.Render(desc))
		}
		bw := 0
		for _, l := range block {
			bw = max(bw, ansi.StringWidth(l))
		}
		for j := range block {
			block[j] = fit(block[j], bw+4)
		}
		blocks = append(blocks, block)
	}
	var out []string
	var row []string
	for _, b := range blocks {
		if len(row) > 0 && ansi.StringWidth(row[0])+ansi.StringWidth(b[0]) > w {
			out = append(append(out, row...), "")
			row = nil
		}
		row = beside(padBlock(row), b)
	}
	out = append(out, row...)
	return append(out, "", m.st.Muted.Render("? or esc closes this help"))
}

// padBlock makes every line of a block as wide as its widest.
func padBlock(b []string) []string {
	w := 0
	for _, l := range b {
		w = max(w, ansi.StringWidth(l))
	}
	out := make([]string, len(b))
	for i, l := range b {
		out[i] = fit(l, w)
	}
	return out
}
