package ui

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth returns the cells s takes on a terminal. The screen is made
// of ASCII, box drawing, block elements, braille and a few marks, each one
// cell wide and none combining: those it counts rune by rune, skipping SGR
// sequences (ESC [ … m); anything else (a run's name in CJK, an emoji)
// goes to ansi.StringWidth, which clusters graphemes and costs ten times
// as much. Measuring is most of what drawing a screen costs.
func cellWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			j, ok := skipCSI(s, i)
			if !ok {
				return ansi.StringWidth(s)
			}
			i = j
			continue
		case c >= 0x20 && c < 0x7f:
			n++
			i++
			continue
		case c < 0x80:
			return ansi.StringWidth(s) // a control character
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !narrow(r) {
			return ansi.StringWidth(s)
		}
		n++
		i += size
	}
	return n
}

// skipCSI returns the index after the CSI sequence at s[i] (ESC [ params
// final byte), or false when it is not one.
func skipCSI(s string, i int) (int, bool) {
	if i+1 >= len(s) || s[i+1] != '[' {
		return 0, false
	}
	for j := i + 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= 0x40 && c <= 0x7e:
			return j + 1, true
		case c < 0x20 || c > 0x3f:
			return 0, false
		}
	}
	return 0, false
}

// narrow reports whether r is one of the one-cell runes the screen is made
// of (TestCellWidthAgreesWithAnsi checks each against ansi.StringWidth).
func narrow(r rune) bool {
	switch {
	case r >= 0x2500 && r <= 0x25fc: // box drawing, blocks, geometric shapes: ─╭▁█▲△▸● (◽◾ are wide)
		return true
	case r >= 0x2800 && r <= 0x28ff: // braille
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullet, ellipsis
		return true
	case r >= 0x2190 && r <= 0x21ff: // arrows: ←→↑↓↘⇧
		return true
	case r >= 0xa1 && r <= 0xff && r != 0xad: // Latin-1 letters and signs: ±·×
		return true
	}
	switch r {
	case '✓', '✕', '≈', '∞', '−':
		return true
	}
	return false
}
