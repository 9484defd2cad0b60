package decode

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// csvWithHeaders writes a CSV log of n rows whose header changes where
// at says (a share of the rows: a resumed run writing a new header), the
// columns of each header in another order, with blank and garbage lines
// among the rows.
func csvWithHeaders(n int, at ...float64) []byte {
	headers := []string{"epoch,loss,accuracy", "epoch,val_loss,loss", "step,accuracy,loss,val_loss", "epoch,loss"}
	var b strings.Builder
	b.WriteString(headers[0] + "\n")
	h := 0
	for i := 0; i < n; i++ {
		if h < len(at) && i == int(at[h]*float64(n)) {
			h++
			b.WriteString(headers[h%len(headers)] + "\n")
		}
		switch {
		case i%997 == 0:
			b.WriteString("\n")
		case i%1499 == 0:
			b.WriteString("Traceback (most recent call last):\n")
		}
		fmt.Fprintf(&b, "%d,%.17g,%.17g,%.17g\n", i, 2/float64(i+1), 0.5+float64(i%7)/100, 1.5/float64(i+2))
	}
	return []byte(b.String())
}

// TestParallelCSVMatchesSequential decodes CSV logs big enough to be cut
// into pieces for four workers, with header rows in the first piece, in
// later pieces, two in one piece, and none, and expects what a decoder fed
// in small chunks (which parses line by line) gives: the same records,
// line numbers and counts.
func TestParallelCSVMatchesSequential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, at := range [][]float64{nil, {0.05}, {0.4}, {0.4, 0.41}, {0.3, 0.6, 0.9}, {0.999}} {
		data := csvWithHeaders(40000, at...)
		if len(data) < 8*parallelMin {
			t.Fatalf("log of %d bytes is too small to be cut for four workers", len(data))
		}
		got, want, ps, ss := decodeTwoWays(t, "metrics.csv", data)
		if ps.Lines != ss.Lines || ps.Records != ss.Records || ps.Skipped != ss.Skipped || len(got) != len(want) {
			t.Fatalf("headers at %v: parallel %+v (%d records), sequential %+v (%d records)", at, ps, len(got), ss, len(want))
		}
		for k, n := range ss.SkipReasons {
			if ps.SkipReasons[k] != n {
				t.Errorf("headers at %v: %d lines skipped as %q in parallel, %d in sequence", at, ps.SkipReasons[k], k, n)
			}
		}
		for i := range got {
			if !sameRecord(got[i], want[i]) || got[i].Line != want[i].Line {
				t.Fatalf("headers at %v, record %d: parallel %+v, sequential %+v", at, i, got[i], want[i])
			}
		}
	}
}

// decodeTwoWays decodes data, named name, with a decoder fed all of it at
// once (which cuts it into pieces for several cores) and with one fed in
// chunks of 4 KiB (which parses line by line), and returns what each gave.
func decodeTwoWays(t *testing.T, name string, data []byte) (got, want []Record, ps, ss Stats) {
	t.Helper()
	par, seq := NewDecoder("", name), NewDecoder("", name)
	got, want = decodeWith(t, par, data, len(data)), decodeWith(t, seq, data, 4096)
	return got, want, par.Stats(), seq.Stats()
}
