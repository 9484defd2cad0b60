package decode

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"testing"
)

// countParser makes as many records of a line as the number the line
// holds: none, one or several, so that the pieces of a run have fewer
// records than lines (which leaves room to close) or more (which append
// past the room lay gave them). It keeps no state.
type countParser struct{}

func (countParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	k, err := strconv.Atoi(string(bytes.TrimSpace(line)))
	if err != nil || k == 0 {
		return dst, reasonNoMetric
	}
	for j := range k {
		dst = append(dst, Record{Step: float64(j), Line: no})
	}
	return dst, reasonNone
}
func (countParser) reset()           {}
func (countParser) fork(splitParser) {}
func (countParser) state() any       { return nil }
func newCountParser() splitParser    { return countParser{} }

// TestParallelPlacesRecordsOfAnyCount runs the parallel path on runs whose
// lines make 1 record each (all in place), 0 in places (moved down over
// the gaps) and 2 or 3 in places (a piece outgrows its room, and the
// pieces after it must not be overwritten), into a dst that already holds
// records, and expects the records a line-by-line parse gives.
func TestParallelPlacesRecordsOfAnyCount(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, c := range []struct {
		name  string
		count func(i int) int
	}{
		{"one each", func(int) int { return 1 }},
		{"gaps", func(i int) int { return min(1, i%5) }},
		{"more than lines early", func(i int) int { return 1 + 2*btoi(i < 3000) }},
		{"more than lines late", func(i int) int { return 1 + btoi(i > 60000) }},
		{"mixed", func(i int) int { return i % 4 }},
	} {
		var b bytes.Buffer
		for i := range 80000 {
			fmt.Fprintf(&b, "%d%s\n", c.count(i), "                   ")
		}
		buf := b.Bytes()
		before := []Record{{Step: -1, Line: -1}, {Step: -2, Line: -2}}
		pp := newParallel(countParser{}, newCountParser, false)
		st := Stats{SkipReasons: map[string]int64{}}
		dst := append(make([]Record, 0, len(before)+bytes.Count(buf, []byte{'\n'})), before...)
		got := pp.run(buf, 1, dst, &st)
		var sk skipCounts
		want, n := parseLines(countParser{}, buf, 1, append([]Record(nil), before...), &sk, false)
		if len(got) != len(want) || st.Records != n {
			t.Fatalf("%s: %d records (%d counted), line by line %d (%d)", c.name, len(got), st.Records, len(want), n)
		}
		for i := range want {
			if got[i].Step != want[i].Step || got[i].Line != want[i].Line {
				t.Fatalf("%s: record %d is %+v, line by line %+v", c.name, i, got[i], want[i])
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
