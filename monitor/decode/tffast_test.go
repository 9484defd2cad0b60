package decode

import (
	"bytes"
	"math"
	"testing"
)

// FuzzTFFastPaths checks that where the fast paths for scalar events read
// a message, they read what the general walk reads.
func FuzzTFFastPaths(f *testing.F) {
	f.Add(tfEvent(7, 1700000000.5, tfSimple("train/loss", 0.25)))
	f.Add(tfEvent(0, 1, tfSimple("", 1)))
	f.Add(tfSimple("epoch", 3))
	f.Add(tfEvent(1<<40, -1, tfSimple("a", float32(math.NaN())), tfSimple("b", 2)))
	f.Add(tfFileVersion())
	f.Fuzz(func(t *testing.T, b []byte) {
		if ev, ok := readScalarEvent(b); ok {
			want, valid := readEvent(b)
			if !valid || math.Float64bits(ev.wall) != math.Float64bits(want.wall) || ev.step != want.step ||
				!bytes.Equal(ev.summary, want.summary) || ev.hasSum != want.hasSum || ev.what != want.what {
				t.Fatalf("fast path read %+v, the walk %+v (valid %v)", ev, want, valid)
			}
		}
		d := newTFEventsDecoder("").(*tfeventsDecoder)
		if _, _, simple := simpleValue(b); simple {
			m, role, ok, valid := d.summaryScalar(b)
			wm, wrole, wok, wvalid := d.walkSummaryValue(b)
			if m.Name != wm.Name || math.Float64bits(m.Value) != math.Float64bits(wm.Value) || role != wrole || ok != wok || valid != wvalid {
				t.Fatalf("fast path read %+v %v %v %v, the walk %+v %v %v %v", m, role, ok, valid, wm, wrole, wok, wvalid)
			}
		}
	})
}
