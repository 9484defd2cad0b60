package decode

import (
	"bytes"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// The binary fixtures of issue 15 are built here from their meaning, and
// the files in testdata/issue15 must match what is built. Run with
// LOSSWATCH_UPDATE_FIXTURES=1 to write them again.

// tbxOldEvents is an event file as tensorboardX before 1.8 wrote it: the
// first event carries only a wall time (no "brain.Event:" file version).
func tbxOldEvents() []byte {
	first := protowire.AppendTag(nil, eventWallTime, protowire.Fixed64Type)
	first = protowire.AppendFixed64(first, math.Float64bits(1540000000))
	data := tfFrame(first)
	for i := 1; i <= 5; i++ {
		data = append(data, tfFrame(tfEvent(int64(i*10), 1540000000+float64(i), tfSimple("loss", 2/float32(i))))...)
	}
	return data
}

// bigRecordEvents is an event file with a 17 MiB graph between two scalar
// events (gzipped in testdata: the graph is one repeated byte).
func bigRecordEvents() []byte {
	graph := tfHead(0, 1700000000)
	graph = protowire.AppendTag(graph, eventGraphDef, protowire.BytesType)
	graph = protowire.AppendBytes(graph, bytes.Repeat([]byte{'g'}, 17<<20))
	data := tfFrame(tfFileVersion())
	data = append(data, tfFrame(tfEvent(1, 1700000001, tfSimple("loss", 1.5)))...)
	data = append(data, tfFrame(graph)...)
	return append(data, tfFrame(tfEvent(2, 1700000002, tfSimple("loss", 1.25)))...)
}

// bigStepEvents has steps above 2^53, where float64 cannot tell neighbours apart.
func bigStepEvents() []byte {
	data := tfFrame(tfFileVersion())
	for _, s := range []int64{1<<53 + 1, 1<<53 + 2, 1<<53 + 3} {
		data = append(data, tfFrame(tfEvent(s, 1700000001, tfSimple("loss", 0.5)))...)
	}
	return data
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

var issue15Binary = []struct {
	file  string
	build func() []byte
	gzip  bool
}{
	{"tbx-old-events.bin", tbxOldEvents, false},
	{"big-record.tfevents.gz", bigRecordEvents, true},
	{"big-step.tfevents", bigStepEvents, false},
}

// readIssue15Binary returns the content of a binary fixture (gunzipped).
func readIssue15Binary(t testing.TB, file string) []byte {
	t.Helper()
	b := readFile(t, filepath.Join("testdata", "issue15", file))
	if filepath.Ext(file) == ".gz" {
		return gunzip(t, b)
	}
	return b
}

func TestIssue15BinaryFixturesAreWhatTheirBuildersMake(t *testing.T) {
	for _, f := range issue15Binary {
		want := f.build()
		path := filepath.Join("testdata", "issue15", f.file)
		if os.Getenv("LOSSWATCH_UPDATE_FIXTURES") != "" {
			out := want
			if f.gzip {
				out = gzipped(want)
			}
			if err := os.WriteFile(path, out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := readIssue15Binary(t, f.file); !bytes.Equal(got, want) {
			t.Errorf("%s differs from what its builder makes (LOSSWATCH_UPDATE_FIXTURES=1 to rewrite)", f.file)
		}
	}
}
