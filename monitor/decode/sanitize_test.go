package decode

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSanitizeNameReplacesWhatItWouldRemove(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"train.log", "train.log"},
		{"run\x1b]0;PWNED\x07\x1b[2J\u202egol.jsonl", "run\uFFFD]0;PWNED\uFFFD\uFFFD[2J\uFFFDgol.jsonl"},
		{"a\u061Cb\u200Ec\u2067d\x7fe\u0085f", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf"},
		{"bad\xff\xfebytes", "bad\uFFFDbytes"},
		{"ünïcödé 日本 \uFFFD", "ünïcödé 日本 \uFFFD"},
	} {
		if got := SanitizeName(tc.in); got != tc.want {
			t.Errorf("SanitizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSanitizeRemovesEveryBidiControl(t *testing.T) {
	for _, r := range []rune{0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069} {
		if got := Sanitize("a" + string(r) + "b"); got != "ab" {
			t.Errorf("Sanitize kept %U: %q", r, got)
		}
	}
}

// safe reports whether s can go to a terminal: valid UTF-8 without
// control or bidi characters.
func safe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unsafeRune(r) })
}

func FuzzSanitizeName(f *testing.F) {
	for _, s := range []string{"train.log", "run\x1b]0;x\x07\u202e.jsonl", "\xff\xfe", "a\u061Cb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, text := SanitizeName(s), Sanitize(s)
		if !safe(name) || !safe(text) {
			t.Fatalf("SanitizeName(%q) = %q, Sanitize = %q: not safe", s, name, text)
		}
		if SanitizeName(name) != name || Sanitize(text) != text {
			t.Fatalf("not idempotent on %q", s)
		}
		if safe(s) && (name != s || text != s) {
			t.Fatalf("changed the safe %q to %q / %q", s, name, text)
		}
	})
}
