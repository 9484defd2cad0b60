package decode

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

// leanCases are rows and cells that the lean helpers must treat exactly as
// package bytes and the quote-aware split do: blanks of every kind at
// either end (ASCII, NBSP, NEL, ideographic space), quotes, empty fields.
var leanCases = []string{
	"", " ", "\t", "\r\n", "1,2,3", " 1 , 2 ,3 ", "a,\"b,c\",d", "\"x\"", "\u00a01.5\u00a0", "\u00851\u0085",
	"\u30002\u3000", "9007199254740993,1.5,1700000000.25,.5", "1,2,3,4,5,6", "1,-0,+2,1e400", "5.,1e5,1E-5,0x10", "0,0.11689069867134094,2.6493279933929443,,-0.05973116680979729,2.6954665184020996", "12345678,12345678\t,,,,,,,,,,,,,,,,x", "1,,", ",,", "\"unterminated,a,b", "\xff,\xc2", "epoch\tloss\tacc", "3.5\r\r", " \t\"name\"",
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
		checkPlainRow(t, b, delim)
	}
}

// checkPlainRow checks that a row the one-pass reader takes gives the
// record that reading it cell by cell gives, under a header with a step
// column, a time column and metrics.
func checkPlainRow(t *testing.T, row []byte, delim byte) {
	d := string(delim)
	h, ok := csvHeader([]byte("step" + d + "loss" + d + "timestamp" + d + "acc"))
	if !ok {
		t.Fatal("header not recognised")
	}
	p := &csvParser{head: h, have: true, stepCol: h.stepColumn(FormatCSV), timeCol: h.timeColumn()}
	for _, n := range h.names {
		p.roles = append(p.roles, roleOfString(n))
	}
	plain := Record{Step: math.NaN()}
	nPlain, ok := p.plainRow(row, &plain)
	if !ok {
		return
	}
	plain.Metrics = slices.Clone(p.arena)
	p.arena = p.arena[:0]
	cells := Record{Step: math.NaN()}
	nCells := p.cells(row, &cells)
	cells.Metrics = slices.Clone(p.arena)
	if !sameRecord(plain, cells) || plain.HasEpoch != cells.HasEpoch || plain.Epoch != cells.Epoch || (nPlain > 1) != (nCells > 1) {
		t.Errorf("row %q: one pass read %+v (%d cells), cell by cell %+v (%d cells)", row, plain, nPlain, cells, nCells)
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
