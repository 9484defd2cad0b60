package decode

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"testing"
)

// decodeIn feeds log to a decoder of format in chunks of size bytes.
func decodeIn(format Format, log []byte, size int) ([]Record, Stats) {
	d := NewDecoder(format, "train.log")
	var recs []Record
	for i := 0; i < len(log); i += size {
		recs = d.Feed(log[i:min(len(log), i+size)], recs)
	}
	return d.Flush(recs), d.Stats()
}

// csvWithSurprises is a CSV log long enough to be parsed on two cores,
// with what a split must not get wrong at the given line: a new header
// (a resumed run with other columns), a NUL, blank lines, a bad row.
func csvWithSurprises(n, at int) []byte {
	var b bytes.Buffer
	b.WriteString("epoch,step,train_loss,val_loss\n")
	for i := 0; i < n; i++ {
		switch i {
		case at:
			b.WriteString("epoch,step,loss,acc,lr\n")
		case at + 1:
			b.WriteString("1,2,\x00,4\n")
		case at + 2:
			b.WriteString("   \n\n")
		case at + 3:
			b.WriteString("1,x,y\n")
		}
		fmt.Fprintf(&b, "%d,%d,%.17g,%.17g,%g\n", i/100, i, 2/(1+float64(i)/500), 0.5+math.Sin(float64(i))/10, 3e-4)
	}
	return b.Bytes()
}

func TestCSVOnTwoCoresDecodesAsLineByLine(t *testing.T) {
	const n = 40000 // about 2.5 MB: runs of 1 MiB are split in two
	for _, at := range []int{-10, 10, 3000, 9000, 12000, 15000, 25000, 30000, 39990} {
		log := csvWithSurprises(n, at)
		want, wantSt := decodeIn(FormatLightningCSV, log, 64) // runs too short to split
		got, gotSt := decodeIn(FormatLightningCSV, log, 1<<20)
		if len(got) != len(want) {
			t.Fatalf("header at line %d: %d records on two cores, %d line by line", at, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("header at line %d: record %d is %+v on two cores, %+v line by line", at, i, got[i], want[i])
			}
		}
		gotSt.Bytes, wantSt.Bytes = 0, 0
		if !reflect.DeepEqual(gotSt, wantSt) {
			t.Errorf("header at line %d: stats %+v on two cores, %+v line by line", at, gotSt, wantSt)
		}
	}
}
