package decode

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize returns s without control characters (C0, C1, DEL, and the
// bidirectional controls) and with invalid UTF-8 replaced, so that text
// from a log can never steer the terminal.
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unsafeRune(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SanitizeName returns a file name with each control character (C0, C1,
// DEL, the bidirectional controls) and each run of invalid UTF-8 replaced
// by U+FFFD: like Sanitize, safe for a terminal and for JSON read by one,
// but a name that held such characters shows that it did instead of
// passing for another name.
func SanitizeName(name string) string {
	if Sanitize(name) == name {
		return name
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
		if unsafeRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unsafeRune reports a control character: C0, DEL, C1 (unicode.IsControl)
// and the bidirectional controls (ALM, LRM, RLM, the embeddings, overrides
// and isolates), which reorder the text after them.
func unsafeRune(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}
