package decode

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
	"google.golang.org/protobuf/encoding/protowire"
)

// tfDecodeAll feeds data in chunks of size chunk (all at once when 0) and
// flushes.
func tfDecodeAll(data []byte, chunk int) ([]Record, Stats) {
	d := newTFEventsDecoder("")
	recs := d.Flush(feedChunks(d, data, chunk, nil))
	return recs, d.Stats()
}

func checkFrameCounts(t *testing.T, st Stats) {
	t.Helper()
	if st.Lines != st.Records+st.Skipped {
		t.Errorf("lines %d != records %d + skipped %d", st.Lines, st.Records, st.Skipped)
	}
}

func TestTFEventsDecodesScalarsOfEveryEncoding(t *testing.T) {
	f32 := binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.25))
	f64 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(-1.5))
	half := []byte{0x00, 0x3c} // 1.0 in binary16
	bf16 := []byte{0x40, 0x40} // 3.0 in bfloat16
	tests := []struct {
		name  string
		value []byte
		want  float64
	}{
		{"simple_value", tfSimple("loss", 0.5), 0.5},
		{"float_val", tfTensor("loss", tensorProto(dtFloat, nil, packedFloats(2.5))), 2.5},
		{"tensor_content float32", tfTensor("loss", tensorProto(dtFloat, nil, rawContent(f32))), 0.25},
		{"tensor_content float64", tfTensor("loss", tensorProto(dtDouble, nil, rawContent(f64))), -1.5},
		{"tensor_content half", tfTensor("loss", tensorProto(dtHalf, nil, rawContent(half))), 1},
		{"tensor_content bfloat16", tfTensor("loss", tensorProto(dtBfloat16, nil, rawContent(bf16))), 3},
		{"half_val", tfTensor("loss", tensorProto(dtHalf, nil, varintField(tensorHalfVal, 0xc000))), -2},
		{"int64_val", tfTensor("loss", tensorProto(dtInt64, []int64{1}, varintField(tensorInt64Val, 7))), 7},
		{"double_val", tfTensor("loss", tensorProto(dtDouble, nil, func(b []byte) []byte {
			b = protowire.AppendTag(b, tensorDoubleVal, protowire.Fixed64Type)
			return protowire.AppendFixed64(b, math.Float64bits(4.75))
		})), 4.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := append(tfFrame(tfFileVersion()), tfFrame(tfEvent(42, 1700000123.5, tt.value))...)
			recs, st := tfDecodeAll(data, 0)
			checkFrameCounts(t, st)
			if len(recs) != 1 || len(recs[0].Metrics) != 1 {
				t.Fatalf("records %+v, stats %+v", recs, st)
			}
			r := recs[0]
			if r.Step != 42 || r.Metrics[0].Name != "loss" || r.Metrics[0].Value != tt.want {
				t.Errorf("got step %v %v, want 42 loss=%v", r.Step, r.Metrics, tt.want)
			}
			if got := at(r).UnixMilli(); got != 1700000123500 {
				t.Errorf("time %v", at(r))
			}
			if st.SkipReasons["file version"] != 1 {
				t.Errorf("skip reasons %v", st.SkipReasons)
			}
		})
	}
}

func TestTFEventsSkipsNonScalarsWithReasons(t *testing.T) {
	graph := protowire.AppendTag(tfHead(0, 1), eventGraphDef, protowire.BytesType)
	graph = protowire.AppendBytes(graph, []byte("graph bytes"))
	vector := tfTensor("hist", tensorProto(dtFloat, []int64{3}, packedFloats(1, 2, 3)))
	text := tfTensor("text", tensorProto(7, nil, func(b []byte) []byte {
		b = protowire.AppendTag(b, 8, protowire.BytesType)
		return protowire.AppendString(b, "hello")
	}))
	image := protowire.AppendTag(protowire.AppendString(protowire.AppendTag(nil, valueTag, protowire.BytesType), "img"), 4, protowire.BytesType)
	image = protowire.AppendBytes(image, []byte{0x08, 0x01})
	tests := []struct {
		name   string
		event  []byte
		reason string
	}{
		{"file version", tfFileVersion(), "file version"},
		{"graph", graph, "graph"},
		{"rank-1 tensor", tfEvent(1, 1, vector), "no scalar"},
		{"string tensor", tfEvent(1, 1, text), "no scalar"},
		{"image", tfEvent(1, 1, image), "no scalar"},
		{"empty event", tfHead(3, 1), "no metric"},
		{"invalid protobuf", []byte{0x0a, 0xff}, "malformed"},
		{"untagged value", tfEvent(1, 1, tfSimple("", 1)), "no scalar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, st := tfDecodeAll(tfFrame(tt.event), 0)
			checkFrameCounts(t, st)
			if len(recs) != 0 || st.SkipReasons[tt.reason] != 1 {
				t.Errorf("records %v, reasons %v; want one skip %q", recs, st.SkipReasons, tt.reason)
			}
		})
	}
}

func TestTFEventsSanitisesTags(t *testing.T) {
	recs, _ := tfDecodeAll(tfFrame(tfEvent(1, 1, tfSimple("lo\x1b[2Jss\u202e", 1))), 0)
	if len(recs) != 1 || recs[0].Metrics[0].Name != "lo[2Jss" {
		t.Fatalf("got %+v", recs)
	}
}

func TestTFEventsRecoversFromDamage(t *testing.T) {
	good := tfStream(3)
	frame := tfFrame(tfEvent(9, 1, tfSimple("loss", 9)))
	badData := append([]byte(nil), frame...)
	badData[len(badData)-6] ^= 0xff // a byte of the data: the data CRC fails
	hugeLen := binary.LittleEndian.AppendUint64(nil, 1<<40)
	hugeLen = binary.LittleEndian.AppendUint32(hugeLen, tfMasked(hugeLen))
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name    string
		data    []byte
		records int
		reasons map[string]int64
	}{
		{"bad data crc", cat(good, badData, frame), 4, map[string]int64{"file version": 1, "bad crc": 1}},
		{"garbage between frames", cat(good, []byte("not a frame at all, quite long garbage"), frame), 4, map[string]int64{"file version": 1, "corrupt": 1}},
		{"absurd length with valid crc", cat(good, hugeLen, frame), 4, map[string]int64{"file version": 1, "corrupt": 1}},
		{"truncated last frame", cat(good, frame[:len(frame)-3]), 3, map[string]int64{"file version": 1, "incomplete": 1}},
		{"garbage at the end", cat(good, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}), 3, map[string]int64{"file version": 1, "corrupt": 1}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 7} {
			recs, st := tfDecodeAll(tt.data, chunk)
			checkFrameCounts(t, st)
			if len(recs) != tt.records || !reflect.DeepEqual(st.SkipReasons, tt.reasons) {
				t.Errorf("%s (chunk %d): %d records, reasons %v; want %d, %v", tt.name, chunk, len(recs), st.SkipReasons, tt.records, tt.reasons)
			}
		}
	}
}

func TestTFEventsOneByteAtATimeEqualsAllAtOnce(t *testing.T) {
	data := tfStream(50)
	whole, wst := tfDecodeAll(data, 0)
	for _, chunk := range []int{1, 2, 11, 12, 13, 100} {
		got, st := tfDecodeAll(data, chunk)
		if !sameRecords(got, whole) || !reflect.DeepEqual(st, wst) {
			t.Errorf("chunk %d: %d records %+v; all at once: %d records %+v", chunk, len(got), st, len(whole), wst)
		}
	}
	if len(whole) != 50 || wst.Bytes != int64(len(data)) {
		t.Errorf("got %d records, stats %+v", len(whole), wst)
	}
}

func TestTFEventsRestartDropsAPartialFrame(t *testing.T) {
	data := tfStream(2)
	d := newTFEventsDecoder("")
	recs := d.Feed(data[:len(data)-5], nil)
	d.Restart()
	recs = d.Feed(data, recs)
	recs = d.Flush(recs)
	st := d.Stats()
	if len(recs) != 3 || st.Skipped != 3 || st.SkipReasons["incomplete"] != 1 || st.SkipReasons["corrupt"] != 0 {
		t.Errorf("%d records, stats %+v", len(recs), st)
	}
}

// The expected numbers were counted once with an independent stdlib-only
// Python reader of the same files (not run by the tests).
func TestTFEventsReadsRealEventFiles(t *testing.T) {
	dir := corpustest.Dir(t, "real", "tensorboard")
	detectron := []string{"rpn/num_pos_anchors", "rpn/num_neg_anchors", "roi_head/num_fg_samples", "roi_head/num_bg_samples",
		"fast_rcnn/cls_accuracy", "fast_rcnn/fg_cls_accuracy", "fast_rcnn/false_negative", "mask_rcnn/accuracy",
		"mask_rcnn/false_positive", "mask_rcnn/false_negative", "total_loss", "loss_cls",
		"loss_box_reg", "loss_mask", "loss_rpn_cls", "loss_rpn_loc", "lr"}
	// Detectron2's timings (rank_data_time, data_time, time, eta_seconds),
	// one event each per step, are not metrics: 4 events per step skipped.
	timings := func(perStep int64) map[string]int64 {
		return map[string]int64{"file version": 1, "no metric": 4 * perStep}
	}
	yolo := []string{"train/box_loss", "train/obj_loss", "train/cls_loss", "metrics/precision", "metrics/recall",
		"metrics/mAP_0.5", "metrics/mAP_0.5:0.95", "val/box_loss", "val/obj_loss", "val/cls_loss", "x/lr0", "x/lr1", "x/lr2"}
	tests := []struct {
		file                string
		tags                []string
		perTag              int // points of every tag
		firstStep, lastStep float64
		reasons             map[string]int64
	}{
		{"gralach-detectron2-events.out.tfevents.1729238878.Chang.23300.2", detectron, 12, 19, 224, // timings only at step 225
			timings(12)},
		{"gralach-detectron2-events.out.tfevents.1729238954.Chang.23300.3", detectron, 1, 9, 9, timings(1)},
		{"gralach-detectron2-events.out.tfevents.1729238985.Chang.23300.4", detectron, 1, 9, 9, timings(1)},
		{"gralach-detectron2-events.out.tfevents.1729239406.Chang.23300.5", detectron, 1, 9, 9, timings(1)},
		{"gralach-detectron2-events.out.tfevents.1729239519.Chang.23300.6", detectron, 1, 9, 9, timings(1)},
		{"gralach-detectron2-events.out.tfevents.1729240470.Chang.23300.7", detectron, 15, 19, 299, timings(15)},
		{"gralach-detectron2-events.out.tfevents.1729240643.Chang.23300.8", detectron, 35, 319, 999, timings(35)},
		{"gralach-detectron2-events.out.tfevents.1729241278.Chang.23300.9", detectron, 50, 1019, 1999, timings(50)},
		{"kimiria-yolov5-events.out.tfevents.1644276506.LAPTOP-OGVCBA0C.17124.0", yolo, 63, 0, 62,
			map[string]int64{"file version": 1, "graph": 1, "run metadata": 1}},
		{"kimiria-yolov5-events.out.tfevents.1644313524.LAPTOP-OGVCBA0C.4972.0", yolo, 37, 63, 99,
			map[string]int64{"file version": 1, "no scalar": 6}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Skip(err)
			}
			recs, st := tfDecodeAll(data, 0)
			checkFrameCounts(t, st)
			points := map[string]int{}
			minStep, maxStep := math.Inf(1), math.Inf(-1)
			for _, r := range recs {
				for _, m := range r.Metrics {
					points[m.Name]++
				}
				minStep, maxStep = math.Min(minStep, r.Step), math.Max(maxStep, r.Step)
				if at(r).IsZero() {
					t.Errorf("record at step %v has no wall time", r.Step)
				}
			}
			want := map[string]int{}
			for _, tag := range tt.tags {
				want[tag] = tt.perTag
			}
			if !reflect.DeepEqual(points, want) {
				t.Errorf("points per tag %v, want %v", points, want)
			}
			if minStep != tt.firstStep || maxStep != tt.lastStep {
				t.Errorf("steps %v..%v, want %v..%v", minStep, maxStep, tt.firstStep, tt.lastStep)
			}
			if !reflect.DeepEqual(st.SkipReasons, tt.reasons) {
				t.Errorf("skip reasons %v, want %v", st.SkipReasons, tt.reasons)
			}
			if chunked, cst := tfDecodeAll(data, 1); !sameRecords(chunked, recs) || !reflect.DeepEqual(cst, st) {
				t.Errorf("one byte at a time: %d records %+v; all at once %d %+v", len(chunked), cst, len(recs), st)
			}
		})
	}
}

func FuzzTFEvents(f *testing.F) {
	f.Add(tfStream(3), uint8(0))
	f.Add(buildTFFixture(), uint8(30))
	f.Add(append(tfStream(1), 1, 2, 3), uint8(5))
	f.Add(tfFrame(tfEvent(1, 1, tfTensor("x", tensorProto(dtHalf, []int64{1, 1}, rawContent([]byte{1, 2}))))), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		d := newTFEventsDecoder("").(*tfeventsDecoder)
		var recs []Record
		rest := data
		for len(rest) > 0 {
			n := min(int(chunk)+1, len(rest))
			recs = d.Feed(rest[:n], recs)
			rest = rest[n:]
			if len(d.held) > frameHeader+maxFrameBytes+frameTrailer {
				t.Fatalf("holds %d bytes", len(d.held))
			}
		}
		recs = d.Flush(recs)
		st := d.Stats()
		checkFrameCounts(t, st)
		if st.Records != int64(len(recs)) || st.Bytes != int64(len(data)) {
			t.Fatalf("stats %+v for %d records of %d bytes", st, len(recs), len(data))
		}
		for _, r := range recs {
			for _, m := range r.Metrics {
				if m.Name == "" || Sanitize(m.Name) != m.Name {
					t.Fatalf("unsafe name %q", m.Name)
				}
			}
		}
		if whole, wst := tfDecodeAll(data, 0); !sameRecords(whole, recs) || !reflect.DeepEqual(wst, st) {
			t.Fatalf("chunked %+v differs from whole %+v", st, wst)
		}
	})
}

func BenchmarkTFEvents(b *testing.B) {
	data := tfStream(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var recs []Record
	for b.Loop() {
		d := newTFEventsDecoder("")
		recs = d.Feed(data, recs[:0])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}

// BenchmarkTFEventsRealFile reads the largest real event file of the
// corpus (yolov5: scalars and six PNG image summaries).
func BenchmarkTFEventsRealFile(b *testing.B) {
	dir := corpustest.Dir(b, "real", "tensorboard")
	data, err := os.ReadFile(filepath.Join(dir, "kimiria-yolov5-events.out.tfevents.1644313524.LAPTOP-OGVCBA0C.4972.0"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var recs []Record
	for b.Loop() {
		d := newTFEventsDecoder("")
		for rest := data; len(rest) > 0; rest = rest[min(len(rest), 64<<10):] {
			recs = d.Feed(rest[:min(len(rest), 64<<10)], recs[:0])
		}
	}
}
