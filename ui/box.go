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
	if sw := ansi.StringWidth(s); sw > w {
		s = ansi.Truncate(s, w, "…")
	}
	if sw := ansi.StringWidth(s); sw < w {
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
	for i := range out {
		if i < len(a) {
			out[i] = a[i]
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
	return strings.Split(ansi.Wrap(text, w, " /"), "\n")
}

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
