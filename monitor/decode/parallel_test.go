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

// nanoLog writes a nanoGPT log of n iterations (with llm.c's "step N/M"
// lines from half-way when llmc is set), its max_iters setting echoed
// where at says (a share of the lines), evaluation lines, blank and other
// lines among them.
func nanoLog(n int, llmc bool, at ...float64) []byte {
	var b strings.Builder
	b.WriteString("Overriding config with config/train_shakespeare_char.py:\n")
	h := 0
	for i := 0; i < n; i++ {
		if h < len(at) && i == int(at[h]*float64(n)) {
			fmt.Fprintf(&b, "max_iters = %d\n", 5000*(h+1))
			h++
		}
		switch {
		case i%997 == 0:
			b.WriteString("\n")
		case i%250 == 0:
			fmt.Fprintf(&b, "step %d: train loss %.4f, val loss %.4f\n", i, 4/float64(i+1)+1, 4/float64(i+1)+1.1)
		case llmc && i > n/2:
			fmt.Fprintf(&b, "step %5d/%d | train loss %.6f | norm %.4f | lr 6.00e-04 | 123.45 ms | 45.6%% A100 fp16 MFU | 1234 tok/s\n", i, 2*n, 3/float64(i+1)+1, 0.9)
		}
		fmt.Fprintf(&b, "iter %d: loss %.4f, time %.2fms, mfu %.2f%%\n", i, 4/float64(i+1)+1, 30.5, 12.3)
	}
	return []byte(b.String())
}

// TestParallelNanoGPTMatchesSequential decodes nanoGPT logs big enough to be
// cut for four workers, with the run's length set in the first piece, in
// a later one, in several, or by llm.c's step lines, and expects what
// line-by-line decoding gives: the same records, counts and horizon.
func TestParallelNanoGPTMatchesSequential(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, tc := range []struct {
		llmc bool
		at   []float64
	}{{false, nil}, {false, []float64{0.01}}, {false, []float64{0.45}}, {false, []float64{0.3, 0.6, 0.9}}, {true, nil}, {true, []float64{0.2}}} {
		data := nanoLog(40000, tc.llmc, tc.at...)
		if len(data) < 8*parallelMin {
			t.Fatalf("log of %d bytes is too small to be cut for four workers", len(data))
		}
		got, want, ps, ss := decodeTwoWays(t, "train.log", data)
		if ps.Lines != ss.Lines || ps.Records != ss.Records || ps.Skipped != ss.Skipped || ps.Horizon != ss.Horizon || len(got) != len(want) {
			t.Fatalf("%+v: parallel %+v (%d records), sequential %+v (%d records)", tc, ps, len(got), ss, len(want))
		}
		if ss.Horizon == 0 && (tc.llmc || len(tc.at) > 0) {
			t.Fatalf("%+v: no horizon read", tc)
		}
		for i := range got {
			if !sameRecord(got[i], want[i]) || got[i].Line != want[i].Line {
				t.Fatalf("%+v, record %d: parallel %+v, sequential %+v", tc, i, got[i], want[i])
			}
		}
	}
}
