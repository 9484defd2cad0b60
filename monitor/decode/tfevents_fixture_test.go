package decode

import (
	"bytes"
	"encoding/binary"
	"maps"
	"math"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// tfFixture is the path of the committed event-file fixture.
var tfFixture = filepath.Join("testdata", "tfevents", "events.out.tfevents.1700000000.fixture.42.0")

// buildTFFixture writes what a torch SummaryWriter-like run logs: the file
// version, a graph, 30 steps of train/loss (simple_value) and lr (a rank-0
// float tensor), val/loss at steps 10 and 20 (a float64 tensor_content),
// an image summary, and one frame damaged on disk (step 15).
func buildTFFixture() []byte {
	var out bytes.Buffer
	out.Write(tfFrame(tfFileVersion()))
	graph := protowire.AppendTag(tfHead(0, 1700000000), eventGraphDef, protowire.BytesType)
	out.Write(tfFrame(protowire.AppendBytes(graph, []byte("graph_def bytes"))))
	for step := range 30 {
		wall := 1700000000 + float64(step)*1.5
		loss := float32(2*math.Exp(-float64(step)/10) + 0.1)
		lr := tfTensor("lr", tensorProto(dtFloat, nil, packedFloats(float32(0.01*(1-float64(step)/30)))))
		frame := tfFrame(tfEvent(int64(step), wall, tfSimple("train/loss", loss), lr))
		if step == 15 {
			frame[len(frame)-1] ^= 0x55 // the data CRC no longer matches
		}
		out.Write(frame)
		if step%10 == 0 && step > 0 {
			v := binary.LittleEndian.AppendUint64(nil, math.Float64bits(0.5+float64(step)/100))
			out.Write(tfFrame(tfEvent(int64(step), wall, tfTensor("val/loss", tensorProto(dtDouble, nil, rawContent(v))))))
		}
	}
	image := protowire.AppendTag(protowire.AppendString(protowire.AppendTag(nil, valueTag, protowire.BytesType), "samples"), 4, protowire.BytesType)
	out.Write(tfFrame(tfEvent(29, 1700000050, protowire.AppendBytes(image, []byte{0x08, 0x10, 0x10, 0x10}))))
	return out.Bytes()
}

// TestTFEventsFixtureIsCurrent keeps the committed fixture equal to what
// buildTFFixture makes; LOSSWATCH_UPDATE_FIXTURES=1 rewrites it.
func TestTFEventsFixtureIsCurrent(t *testing.T) {
	want := buildTFFixture()
	if os.Getenv("LOSSWATCH_UPDATE_FIXTURES") == "1" {
		if err := os.MkdirAll(filepath.Dir(tfFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tfFixture, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(tfFixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale; run with LOSSWATCH_UPDATE_FIXTURES=1", tfFixture)
	}
}

// The fixtures read through NewDecoder, which must recognise them by
// themselves, give what their decoders give directly.
func TestWholeInputFixturesThroughNewDecoder(t *testing.T) {
	tests := []struct {
		path    string
		format  Format
		points  map[string]int
		reasons map[string]int64
	}{
		{tfFixture, FormatTFEvents,
			map[string]int{"train/loss": 29, "lr": 29, "val/loss": 2},
			map[string]int64{"file version": 1, "graph": 1, "bad crc": 1, "no scalar": 1}},
		// Written by Python's json.dumps(indent=2, sort_keys=True), as Trainer
		// does: 12 train entries (the last with loss NaN and grad_norm
		// Infinity), 2 eval entries, the run summary. The epoch, the eval
		// runtime and the rates are not metrics.
		{filepath.Join("testdata", "trainerstate", "trainer_state.json"), FormatTrainerState,
			map[string]int{"loss": 12, "grad_norm": 12, "learning_rate": 12, "eval_loss": 2},
			map[string]int64{"summary": 1}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{tt.path, "-"} {
				d := NewDecoder("", name)
				recs := d.Flush(feedChunks(d, data, 4096, nil))
				st := d.Stats()
				if d.Format() != tt.format {
					t.Fatalf("%s: recognised as %q, want %q", name, d.Format(), tt.format)
				}
				points := map[string]int{}
				for _, r := range recs {
					for _, m := range r.Metrics {
						points[m.Name]++
					}
				}
				if !maps.Equal(points, tt.points) || !maps.Equal(st.SkipReasons, tt.reasons) {
					t.Errorf("%s: points %v, skipped %v; want %v, %v", name, points, st.SkipReasons, tt.points, tt.reasons)
				}
				if st.Bytes != int64(len(data)) || st.Records != int64(len(recs)) {
					t.Errorf("%s: stats %+v", name, st)
				}
			}
		})
	}
}
