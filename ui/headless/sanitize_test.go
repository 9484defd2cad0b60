package headless

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzLineSanitizer: whatever a command prints and however it is split
// into writes, what reaches the terminal is valid UTF-8 without control or
// bidi characters but newlines and tabs, in lines made of at most
// maxOutputLine bytes of it, and holds every safe character of the input in order.
func FuzzLineSanitizer(f *testing.F) {
	f.Add([]byte("plain line\n"), uint8(3))
	f.Add([]byte("title \x1b]0;PWNED\x07 \x1b[2J\u202eturned\r\nno newline"), uint8(7))
	f.Add(append(bytes.Repeat([]byte("é"), maxOutputLine/2), "\xe9\x80\x80\x80 cut\n"...), uint8(200))
	f.Fuzz(func(t *testing.T, in []byte, chunk uint8) {
		var out bytes.Buffer
		s := &lineSanitizer{w: &out}
		n := int(chunk) + 1
		for p := in; len(p) > 0; {
			k := min(n, len(p))
			if w, err := s.Write(p[:k]); err != nil || w != k {
				t.Fatalf("Write = %d, %v", w, err)
			}
			p = p[k:]
		}
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
			if len(l) > 3*maxOutputLine { // an invalid byte becomes U+FFFD, 3 bytes
				t.Fatalf("a line of %d bytes", len(l))
			}
			if i := strings.IndexFunc(l, func(r rune) bool {
				return (unicode.IsControl(r) && r != '\t') || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
			}); i >= 0 {
				t.Fatalf("unsafe character in %q (from %q)", l, in)
			}
		}
		// A run of invalid bytes cut in two by an overlong line's cut gives
		// two U+FFFD instead of one.
		want := collapseReplacements(keepSafe(string(in)))
		if flat := collapseReplacements(strings.ReplaceAll(got, "\n", "")); flat != want {
			t.Fatalf("characters lost or added:\n got %q\nwant %q", flat, want)
		}
	})
}

// keepSafe is the input as the sanitizer should pass it on, newlines aside.
func keepSafe(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(sanitizeLine(strings.TrimSuffix(l, "\r")))
	}
	return b.String()
}

func collapseReplacements(s string) string {
	for strings.Contains(s, "\uFFFD\uFFFD") {
		s = strings.ReplaceAll(s, "\uFFFD\uFFFD", "\uFFFD")
	}
	return s
}
