package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/detect"
)

// Palette names the colours the monitor uses. lipgloss degrades them to the
// terminal's profile (256 or 16 colours) and drops them under NO_COLOR.
type Palette struct {
	Accent, Muted, Good, Warn, Bad, Info, Raw, Smooth, Val, Span, Cursor lipgloss.TerminalColor
}

// DefaultPalette is the palette of the monitor.
func DefaultPalette() Palette {
	return Palette{
		Accent: lipgloss.Color("12"), Muted: lipgloss.Color("8"),
		Good: lipgloss.Color("10"), Warn: lipgloss.Color("11"), Bad: lipgloss.Color("9"), Info: lipgloss.Color("14"),
		Raw: lipgloss.Color("8"), Smooth: lipgloss.Color("12"), Val: lipgloss.Color("13"),
		Span: lipgloss.Color("3"), Cursor: lipgloss.Color("15"),
	}
}

// Styles is every style of the monitor, built once from a palette.
type Styles struct {
	Title, Header, Muted, Bold, Badge, Error    lipgloss.Style
	Border, PanelTitle, Selected, Snippet       lipgloss.Style
	Axis, Label, Raw, Smooth, Val, Span, Cursor lipgloss.Style
	Converged, Marker                           lipgloss.Style
	VerdictGood, VerdictBad, VerdictWarn        lipgloss.Style
	Critical, Warning, Info                     lipgloss.Style
	Help                                        help.Styles
	// Plain is set when the terminal shows no colour (NO_COLOR, a dumb
	// terminal): the chart then tells its lines apart by their pattern —
	// raw dotted, smoothed solid, validation dashed — and says so.
	Plain bool
	Runs  []lipgloss.Style // a colour per run of the overlay (sweepstyles.go)
}

// NewStyles builds the styles for a renderer (which knows the terminal's
// colour profile) from a palette.
func NewStyles(r *lipgloss.Renderer, p Palette) Styles {
	n := r.NewStyle
	s := Styles{
		Title:       n().Bold(true).Foreground(p.Accent),
		Header:      n(),
		Muted:       n().Foreground(p.Muted),
		Bold:        n().Bold(true),
		Badge:       n().Bold(true).Reverse(true),
		Error:       n().Foreground(p.Bad),
		Border:      n().Foreground(p.Muted),
		PanelTitle:  n().Bold(true),
		Selected:    n().Reverse(true),
		Snippet:     n().Foreground(p.Info),
		Axis:        n().Foreground(p.Muted),
		Label:       n().Foreground(p.Muted),
		Raw:         n().Foreground(p.Raw).Faint(true),
		Smooth:      n().Foreground(p.Smooth).Bold(true),
		Val:         n().Foreground(p.Val),
		Span:        n().Foreground(p.Span),
		Cursor:      n().Foreground(p.Cursor),
		Converged:   n().Foreground(p.Good).Bold(true),
		Marker:      n().Foreground(p.Bad).Bold(true),
		VerdictGood: n().Foreground(p.Good).Bold(true),
		VerdictBad:  n().Foreground(p.Bad).Bold(true),
		VerdictWarn: n().Foreground(p.Warn).Bold(true),
		Critical:    n().Foreground(p.Bad),
		Warning:     n().Foreground(p.Warn),
		Info:        n().Foreground(p.Info),
	}
	s.Plain = r.ColorProfile() == termenv.Ascii
	s.Runs = runStyles(r)
	s.Help = help.Styles{
		ShortKey: n().Bold(true), ShortDesc: n().Foreground(p.Muted), ShortSeparator: n().Foreground(p.Muted),
		Ellipsis: n().Foreground(p.Muted), FullKey: n().Bold(true), FullDesc: n().Foreground(p.Muted),
		FullSeparator: n().Foreground(p.Muted),
	}
	return s
}

// verdict returns the style of a verdict.
func (s Styles) verdict(v detect.Verdict) lipgloss.Style {
	switch {
	case v == detect.VerdictConverged || v == detect.VerdictConverging:
		return s.VerdictGood
	case v == detect.VerdictDiverging:
		return s.VerdictBad
	case v.Failing():
		return s.VerdictWarn
	}
	return s.Muted
}

// severity returns the style and the glyph of a severity.
func (s Styles) severity(sev detect.Severity) (lipgloss.Style, string) {
	switch sev {
	case detect.SeverityCritical:
		return s.Critical, "▲"
	case detect.SeverityWarning:
		return s.Warning, "△"
	}
	return s.Info, "·"
}
