package decode

import (
	"bytes"
	"slices"
	"testing"
)

// leanCases are rows and cells that the lean helpers must treat exactly as
// package bytes and the quote-aware split do: blanks of every kind at
// either end (ASCII, NBSP, NEL, ideographic space), quotes, empty fields.
var leanCases = []string{
	"", " ", "\t", "\r\n", "1,2,3", " 1 , 2 ,3 ", "a,\"b,c\",d", "\"x\"", "\u00a01.5\u00a0", "\u00851\u0085",
	"\u30002\u3000", "0,0.11689069867134094,2.6493279933929443,,-0.05973116680979729,2.6954665184020996", "12345678,12345678\t,,,,,,,,,,,,,,,,x", "1,,", ",,", "\"unterminated,a,b", "\xff,\xc2", "epoch\tloss\tacc", "3.5\r\r", " \t\"name\"",
}

func checkLean(t *testing.T, s string) {
	b := []byte(s)
	if got, want := trimSpace(b), bytes.TrimSpace(b); !bytes.Equal(got, want) {
		t.Errorf("trimSpace(%q) = %q, bytes.TrimSpace %q", s, got, want)
	}
	if got, want := trimRightBlanks(b), bytes.TrimRight(b, "\r \t"); !bytes.Equal(got, want) {
		t.Errorf("trimRightBlanks(%q) = %q, want %q", s, got, want)
	}
	if got, want := trimLeftHeaderBlanks(b), bytes.TrimLeft(b, " \t\""); !bytes.Equal(got, want) {
		t.Errorf("trimLeftHeaderBlanks(%q) = %q, want %q", s, got, want)
	}
	for _, delim := range []byte{',', '\t'} {
		got, want := splitFields(b, delim, nil), splitQuoted(b, delim, nil)
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("splitFields(%q, %q) = %q, quote-aware split %q", s, delim, got, want)
		}
	}
}

func TestLeanHelpersAgreeWithPackageBytes(t *testing.T) {
	for _, s := range leanCases {
		checkLean(t, s)
	}
}

func FuzzLeanHelpers(f *testing.F) {
	for _, s := range leanCases {
		f.Add(s)
	}
	f.Fuzz(checkLean)
}
