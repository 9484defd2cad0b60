package decode

import (
	"encoding/binary"
	"reflect"
	"testing"
)

// tfWithSurprises is an event file long enough to be decoded on two cores,
// with what a cut must not get wrong near event at: an epoch scalar (alone,
// and beside a metric), a frame whose data CRC fails, a graph, an event
// with no scalar and, when damaged, a header whose CRC fails (a stretch of
// garbage, after which the decoder resyncs).
func tfWithSurprises(n, at int, damaged bool) []byte {
	data := tfFrame(tfFileVersion())
	for i := range n {
		switch i {
		case at:
			data = append(data, tfFrame(tfEvent(int64(i), 1700000000, tfSimple("epoch", float32(i/1000))))...)
		case at + 1:
			bad := tfFrame(tfEvent(int64(i), 1700000000, tfSimple("train/loss", 1)))
			bad[len(bad)-6] ^= 0xff
			data = append(data, bad...)
		case at + 2:
			data = append(data, tfFrame(append(tfHead(int64(i), 1), 0x22, 3, 1, 2, 3))...) // graph_def
			data = append(data, tfFrame(tfHead(int64(i), 1))...)
		case at + 3:
			if damaged {
				h := binary.LittleEndian.AppendUint64(nil, 40)
				data = append(data, binary.LittleEndian.AppendUint32(h, 12345)...)
			}
		case at + 500:
			data = append(data, tfFrame(tfEvent(int64(i), 1700000000, tfSimple("epoch", 7), tfSimple("val/loss", 3)))...)
		}
		data = append(data, tfFrame(tfEvent(int64(i), 1700000000+float64(i)/10,
			tfSimple("train/loss", 1/float32(i+1)), tfSimple("lr", 0.1)))...)
	}
	return data
}

func TestTFEventsOnTwoCoresDecodeAsInOrder(t *testing.T) {
	const n = 60000 // about 3.5 MB: runs of 1 MiB are cut in two
	for _, damaged := range []bool{false, true} {
		for _, at := range []int{-1000, 10, 5000, 8000, 9000, 17000, 26000, 40000, 59000} {
			data := tfWithSurprises(n, at, damaged)
			want, wantSt := tfDecodeAll(data, 4096) // runs too short to cut
			got, gotSt := tfDecodeAll(data, 1<<20)
			if len(got) != len(want) {
				t.Fatalf("surprises at %d (damaged %v): %d records on two cores, %d in order", at, damaged, len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("surprises at %d (damaged %v): record %d is %+v on two cores, %+v in order", at, damaged, i, got[i], want[i])
				}
			}
			if !reflect.DeepEqual(gotSt, wantSt) {
				t.Errorf("surprises at %d (damaged %v): stats %+v on two cores, %+v in order", at, damaged, gotSt, wantSt)
			}
			if at >= 0 && wantSt.SkipReasons["bad crc"] != 1 {
				t.Errorf("the damaged frame was not seen: %+v", wantSt)
			}
		}
	}
}

// TestTFEventsCutsLongRuns makes sure the test above exercises several
// cores: a long run of whole frames is cut into pieces of about the same
// size at frame boundaries; a damaged header ends the cutting (what
// follows it is one piece); one in the first piece leaves the run whole.
func TestTFEventsCutsLongRuns(t *testing.T) {
	d := newTFEventsDecoder("").(*tfeventsDecoder)
	check := func(name string, data []byte, k, want int) {
		t.Helper()
		head, pieces, _ := d.cutFrames(data, k)
		if len(pieces) != want {
			t.Fatalf("%s: %d pieces after the first, want %d", name, len(pieces), want)
		}
		total := len(head)
		for i, pc := range pieces {
			if _, ok := d.header(pc.buf); !ok {
				t.Errorf("%s: piece %d does not start at a frame boundary", name, i+1)
			}
			if i < len(pieces)-1 && (len(pc.buf) < len(data)/k || len(pc.buf) > len(data)/k+200) {
				t.Errorf("%s: piece %d is %d bytes of %d", name, i+1, len(pc.buf), len(data))
			}
			total += len(pc.buf)
		}
		if total != len(data) {
			t.Errorf("%s: pieces of %d bytes in all, of %d", name, total, len(data))
		}
	}
	check("whole frames", tfWithSurprises(20000, -1000, false), 4, 3)
	check("damaged at 40%", tfWithSurprises(20000, 8000, true), 4, 1)
	check("damaged early", tfWithSurprises(20000, 100, true), 4, 0)
	check("one cut", tfWithSurprises(20000, -1000, false), 2, 1)
}

// TestTFEventsOnTwoCoresCarryStateAcrossRuns puts what the second core
// leaves unfinished at the end of a run — garbage being resynced over, a
// frame too large to hold being passed over — across the end of the first
// run of 1 MiB, and compares with decoding in order.
func TestTFEventsOnTwoCoresCarryStateAcrossRuns(t *testing.T) {
	frames := func(data []byte, upTo int) []byte {
		for i := 0; len(data) < upTo; i++ {
			data = append(data, tfFrame(tfEvent(int64(i), 1700000000, tfSimple("train/loss", 1/float32(i+1))))...)
		}
		return data
	}
	garbage := frames(tfFrame(tfFileVersion()), 1<<20-60)
	for range 120 {
		garbage = append(garbage, 0xab)
	}
	garbage = frames(garbage, 3<<20)
	big := frames(tfFrame(tfFileVersion()), 800<<10)
	big = append(big, tfFrame(make([]byte, maxFrameBytes+100))...)
	big = frames(big, len(big)+2<<20)
	for name, data := range map[string][]byte{"garbage": garbage, "large frame": big} {
		want, wantSt := tfDecodeAll(data, 4096)
		got, gotSt := tfDecodeAll(data, 1<<20)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSt, wantSt) {
			t.Errorf("%s: %d records %+v on two cores; %d records %+v in order", name, len(got), gotSt, len(want), wantSt)
		}
	}
}
