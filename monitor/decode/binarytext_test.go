package decode

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// decodeAll feeds data to a recognising decoder in 64 KiB chunks.
func decodeAll(data []byte) ([]Record, Decoder) {
	d := NewDecoder("", "log")
	var recs []Record
	for len(data) > 0 {
		k := min(len(data), 64<<10)
		recs = d.Feed(data[:k], recs)
		data = data[k:]
	}
	return d.Flush(recs), d
}

// Random bytes are not a log: no format, no record, every line skipped —
// and mostly as binary, which is what they are.
func TestRandomBytesAreNotRecognisedAsALog(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 8))
	data := make([]byte, 16<<20)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	recs, d := decodeAll(data)
	st := d.Stats()
	if len(recs) > 0 || d.Format() != "" {
		t.Fatalf("random bytes gave %d records in format %q (%v)", len(recs), d.Format(), st.SkipReasons)
	}
	if st.Lines != st.Skipped || st.SkipReasons["binary"] < st.Lines*99/100 {
		t.Fatalf("random bytes: %d lines, %d skipped %v; want nearly all binary", st.Lines, st.Skipped, st.SkipReasons)
	}
}

// A header whose names are not UTF-8 is no header, whatever follows it.
func TestCSVHeaderOfRandomHighBytesIsNoHeader(t *testing.T) {
	if _, ok := csvHeader([]byte("\xc3\x28ab,\xa0\xa1cd")); ok {
		t.Fatal("a header of invalid UTF-8 was taken for a CSV header")
	}
	if _, ok := csvHeader([]byte("époque,perte")); !ok {
		t.Fatal("a header of UTF-8 names was refused")
	}
}

// A text log that begins with a few lines of control characters (a
// terminal's noise) is still recognised; and a log truncated after binary
// garbage is recognised afresh.
func TestALogAfterSomeBinaryLinesIsStillRead(t *testing.T) {
	noise := bytes.Repeat([]byte("\x07\x01ding\x02\n"), binaryGiveUp-1)
	recs, d := decodeAll(append(noise, lines(1, 50)...))
	if len(recs) != 50 || d.Format() != FormatJSONL {
		t.Fatalf("after %d noisy lines: %d records in %q, want 50 in jsonl", binaryGiveUp-1, len(recs), d.Format())
	}
	d = NewDecoder("", "log")
	d.Feed(bytes.Repeat([]byte("\x01\x02\x03\n"), 100), nil)
	d.Restart()
	recs = d.Flush(d.Feed(lines(1, 20), nil))
	if len(recs) != 20 {
		t.Fatalf("after a restart from binary garbage: %d records, want 20", len(recs))
	}
}

// lines returns JSON lines for steps from..to.
func lines(from, to int) []byte {
	var b []byte
	for i := from; i <= to; i++ {
		b = fmt.Appendf(b, "{\"step\": %d, \"loss\": %g}\n", i, 1/float64(i+1))
	}
	return b
}
