package decode

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// FuzzTextDecoders feeds arbitrary bytes, in chunks of arbitrary size,
// through the recogniser and through every text parser forced by --format;
// the Fuzz<Parser> targets below each fuzz one parser on its own seeds.
// Invariants (checkDecoder): no panic; every line is counted once, as a
// record or as skipped with a reason (Lines == newlines + an unterminated
// last line == Records + Skipped, and the reasons add up to Skipped); as
// many records returned as counted; finite steps; names free of control
// characters.
func FuzzTextDecoders(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "formats", "*"))
	issue15, _ := filepath.Glob(filepath.Join("testdata", "issue15", "*[^yz]")) // not the generator (.py) nor the 17 MiB frame (.gz)
	horizon, _ := filepath.Glob(filepath.Join("testdata", "horizon", "*"))
	seeds = append(append(seeds, issue15...), horizon...)
	for i, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b, uint8(i), uint8(i*7))
		}
	}
	f.Add([]byte("epoch,loss\n0,1\nepoch,loss,val_loss\n1,0.5,0.6\n"), uint8(0), uint8(3))
	f.Add([]byte("{\n  \"log_history\": [{\"loss\": 1, \"step\": 1}]\n}\n"), uint8(0), uint8(5))
	f.Add([]byte("\x00\x01{\"step\": 1, \"loss\": 2}\r\r\n\xff\xfe"), uint8(1), uint8(2))
	f.Add([]byte("\xff\xfes\x00t\x00e\x00p\x00=\x001\x00 \x00l\x00o\x00s\x00s\x00=\x002\x00\n\x00"), uint8(0), uint8(3)) // UTF-16
	formats := append([]Format{""}, textFormats[:]...)
	f.Fuzz(func(t *testing.T, data []byte, which, chunk uint8) {
		checkDecoder(t, formats[int(which)%len(formats)], data, chunk)
	})
}

// fuzzParser fuzzes the parser behind formats, seeded with the fixtures
// of testdata/formats named in seeds.
func fuzzParser(f *testing.F, formats []Format, seeds ...string) {
	for i, name := range seeds {
		b, err := os.ReadFile(filepath.Join("testdata", "formats", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i), uint8(i*13+1))
	}
	f.Fuzz(func(t *testing.T, data []byte, which, chunk uint8) {
		checkDecoder(t, formats[int(which)%len(formats)], data, chunk)
	})
}

func FuzzJSONLines(f *testing.F) {
	fuzzParser(f, []Format{FormatJSONL, FormatDetectron2, FormatMMDet},
		"generic.jsonl", "wandb-history.jsonl", "detectron2-metrics.json", "mmdet.log.json")
}

func FuzzCSV(f *testing.F) {
	fuzzParser(f, []Format{FormatCSV, FormatKerasCSV, FormatLightningCSV, FormatUltralyticsCSV},
		"step-loss.tsv", "keras.csv", "lightning.csv", "results.csv", "tensorboard-export.csv")
}

func FuzzHFStdout(f *testing.F) {
	fuzzParser(f, []Format{FormatHFStdout}, "hf-stdout.log", "hf-logging.log")
}

func FuzzKerasStdout(f *testing.F) {
	fuzzParser(f, []Format{FormatKerasStdout}, "keras2.log", "keras3.log")
}

func FuzzNanoGPT(f *testing.F) {
	fuzzParser(f, []Format{FormatNanoGPT}, "nanogpt.log", "llmc.log", "build-nanogpt.txt")
}

func FuzzKVText(f *testing.F) {
	fuzzParser(f, []Format{FormatKVText, FormatFairseq}, "kv.log", "pipes.log", "pytorch-tutorial.log", "fairseq.log")
}

func FuzzTable(f *testing.F) {
	fuzzParser(f, []Format{FormatFastai, FormatTable}, "fastai.log", "keras-history.txt", "table.log")
}

func FuzzDarknet(f *testing.F) {
	fuzzParser(f, []Format{FormatDarknet}, "darknet.log", "darknet-pjreddie.log")
}

// checkDecoder runs data through a decoder for format in chunks of
// 1+chunk bytes and checks the invariants listed at FuzzTextDecoders.
func checkDecoder(t *testing.T, format Format, data []byte, chunk uint8) {
	d := NewDecoder(format, "fuzz.log")
	recs := decodeWith(t, d, data, 1+int(chunk))
	st := d.Stats()
	if st.Records != int64(len(recs)) {
		t.Fatalf("Records %d, returned %d", st.Records, len(recs))
	}
	var reasons int64
	for _, n := range st.SkipReasons {
		reasons += n
	}
	if reasons != st.Skipped {
		t.Fatalf("reasons add up to %d, Skipped %d", reasons, st.Skipped)
	}
	if !(st.Horizon >= 0) || math.IsInf(st.Horizon, 0) || (st.Unit != "" && st.Unit != UnitStep && st.Unit != UnitEpoch) {
		t.Fatalf("horizon %v, unit %q", st.Horizon, st.Unit)
	}
	if st.Bytes != int64(len(data)) {
		t.Fatalf("Bytes %d, fed %d", st.Bytes, len(data))
	}
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name != Sanitize(m.Name) {
				t.Fatalf("name %q not sanitised", m.Name)
			}
		}
	}
	jsonFastPathAgrees(t, data)
	if got := d.Format(); got != "" && !lineFormat(got) {
		return // a whole-input decoder (trainer_state, tfevents) counts its own way
	}
	text := data
	if isUTF16BOM(data) { // its lines are those of its text, read whole here
		text, _, _ = transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder(), data)
	}
	lines := int64(bytes.Count(text, []byte{'\n'}))
	if len(text) > 0 && text[len(text)-1] != '\n' {
		lines++
	}
	if st.Lines != lines || st.Lines != st.Records+st.Skipped {
		t.Fatalf("lines %d (input has %d), records %d + skipped %d", st.Lines, lines, st.Records, st.Skipped)
	}
	for _, r := range recs {
		if math.IsNaN(r.Step) || math.IsInf(r.Step, 0) {
			t.Fatalf("step %v", r.Step)
		}
	}
}

// jsonFastPathAgrees parses every line of data with and without the flat
// fast path and fails if the results differ.
func jsonFastPathAgrees(t *testing.T, data []byte) {
	fast, slow := &jsonParser{}, &jsonParser{slow: true}
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		if bytes.Contains(line, []byte("Infinity")) {
			continue // the slow path rewrites Infinity anywhere in the line, keys included
		}
		a, ra := fast.parse(line, int64(i), nil)
		b, rb := slow.parse(line, int64(i), nil)
		if ra != rb || len(a) != len(b) {
			t.Fatalf("line %q: fast %v %+v, slow %v %+v", line, ra, a, rb, b)
		}
		for j := range a {
			if !sameRecord(a[j], b[j]) {
				t.Fatalf("line %q: fast %+v, slow %+v", line, a[j], b[j])
			}
		}
	}
}

func sameRecord(a, b Record) bool {
	same := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	if !same(a.Step, b.Step) || a.StepExact != b.StepExact || a.Wall != b.Wall || len(a.Metrics) != len(b.Metrics) {
		return false
	}
	for i := range a.Metrics {
		if a.Metrics[i].Name != b.Metrics[i].Name || !same(a.Metrics[i].Value, b.Metrics[i].Value) {
			return false
		}
	}
	return true
}

// at returns the record's wall-clock time (the zero time when it has none).
func at(r Record) time.Time {
	t, _ := r.When()
	return t
}
