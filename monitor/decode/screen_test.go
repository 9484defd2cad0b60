package decode

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// TestNULPaddedRowsOnSeveralCoresAsLineByLine: a row padded with NULs (as
// a file preallocated by a crashed writer leaves it) is read on several
// cores as line by line, not counted binary on one path and read on the
// other.
func TestNULPaddedRowsOnSeveralCoresAsLineByLine(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("epoch,step,train_loss\n")
	for i := range 40000 {
		if i%1000 == 500 {
			b.WriteString("\x00\x00\x00")
		}
		fmt.Fprintf(&b, "%d,%d,%g\n", i/100, i, 1/float64(i+1))
		if i%1000 == 700 {
			b.WriteString("\x00\x00\x00\x00\n")
		}
	}
	log := b.Bytes()
	want, wantSt := decodeIn(FormatLightningCSV, log, 64)
	got, gotSt := decodeIn(FormatLightningCSV, log, 1<<20)
	gotSt.Bytes, wantSt.Bytes = 0, 0
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSt, wantSt) {
		t.Errorf("%d records %+v on several cores; %d records %+v line by line", len(got), gotSt, len(want), wantSt)
	}
	if len(want) != 40000 || wantSt.SkipReasons["binary"] != 40 {
		t.Errorf("line by line: %d records, %+v", len(want), wantSt)
	}
}
