package decode

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type point struct{ step, value float64 }

// series returns the (step, value) points of metric name.
func series(recs []Record, name string) []point {
	var ps []point
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == name {
				ps = append(ps, point{r.Step, m.Value})
			}
		}
	}
	return ps
}

func samePoints(a, b []point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].step != b[i].step {
			return false
		}
		va, vb := a[i].value, b[i].value
		if va != vb && !(math.IsNaN(va) && math.IsNaN(vb)) {
			return false
		}
	}
	return true
}

var inf, nan = math.Inf(1), math.NaN()

// fixtureTest is what a fixture of testdata/formats decodes to.
type fixtureTest struct {
	file                    string
	format                  Format
	lines, records, skipped int64
	metric                  string
	want                    []point
	reasons                 map[string]int64
}

var fixtureTests = []fixtureTest{
	{"generic.jsonl", FormatJSONL, 11, 7, 4, "loss",
		// step, global_step, iteration, iter, epoch in turn; strings, NaN,
		// Infinity; a record without a step takes the next ordinal
		[]point{{1, 2.5}, {2, 2.25}, {3, inf}, {4, nan}, {5, inf}, {6, 1}, {10, 0.8}},
		map[string]int64{"blank": 1, "malformed": 1, "no metric": 2}},
	{"keras.csv", FormatKerasCSV, 6, 4, 2, "loss",
		[]point{{0, 1.71}, {1, 1.52}, {2, 1.43}, {3, 1.34}}, map[string]int64{"header": 2}},
	{"lightning.csv", FormatLightningCSV, 8, 6, 2, "val_loss",
		[]point{{68, 0.215}, {137, 0.143}, {206, 0.131}}, map[string]int64{"header": 2}},
	{"results.csv", FormatUltralyticsCSV, 3, 2, 1, "train/box_loss",
		[]point{{0, 0.101}, {1, 0.080}}, nil},
	{"step-loss.tsv", FormatCSV, 4, 3, 1, "loss",
		[]point{{10, 8.46}, {20, 7.68}, {30, 7.20}}, nil},
	{"hf-stdout.log", FormatHFStdout, 15, 6, 9, "loss",
		// the dicts' epoch is the x axis; the summary ends the run, and the
		// next train() starts again from its first epoch: a restart
		[]point{{0.1, 2.31}, {0.2, 2.1}, {0.3, 1.9}, {0.4, 1.7}, {0.1, 2.5}},
		map[string]int64{"blank": 1, "header": 2, "config": 1, "no metric": 2, "no step": 1, "progress": 1, "summary": 1}},
	{"hf-stdout.log", FormatHFStdout, 15, 6, 9, "eval_loss", []point{{0.3, 2.0}}, nil},
	{"hf-logging.log", FormatHFStdout, 4, 2, 2, "loss", []point{{0.5, 0.9}, {1, 0.7}}, nil},
	{"keras2.log", FormatKerasStdout, 9, 3, 6, "loss",
		// the second fit() starts again at epoch 1
		[]point{{1, 2.4808}, {2, 1.7988}, {1, 1.5}}, map[string]int64{"header": 3, "no metric": 2, "progress": 1}},
	{"keras3.log", FormatKerasStdout, 4, 2, 2, "val_loss", []point{{1, 0.35}, {2, 0.42}}, nil},
	{"nanogpt.log", FormatNanoGPT, 8, 5, 3, "loss", []point{{0, 4.2709}, {5, 4.2082}, {10, nan}}, nil},
	{"nanogpt.log", FormatNanoGPT, 8, 5, 3, "eval_train_loss", []point{{0, 4.2367}, {10, 3.4633}}, nil},
	{"nanogpt.log", FormatNanoGPT, 8, 5, 3, "val_loss", []point{{0, 4.2475}, {10, 3.4987}}, nil},
	{"llmc.log", FormatNanoGPT, 4, 4, 0, "train_loss", []point{{0, 10.965596}, {1, 10.814037}, {2, 10.543272}}, nil},
	{"llmc.log", FormatNanoGPT, 4, 4, 0, "val_loss", []point{{0, 10.968871}}, nil},
	{"build-nanogpt.txt", FormatNanoGPT, 4, 4, 0, "train_loss", []point{{0, 10.934416}, {1, 10.883945}}, nil},
	{"pipes.log", FormatNanoGPT, 2, 2, 0, "lr", []point{{100, 6e-4}, {200, 6e-4}}, nil},
	{"fairseq.log", FormatFairseq, 5, 4, 1, "loss", []point{{200, 9.276}, {600, 5.1}}, nil},
	{"fairseq.log", FormatFairseq, 5, 4, 1, "valid_loss", []point{{479, 6.389}}, nil},
	{"detectron2-metrics.json", FormatDetectron2, 4, 3, 1, "total_loss",
		// a restarted run goes back to iteration 9; "time" (seconds per
		// iteration), "data_time" and "eta_seconds" are timings, not
		// metrics (issue 15), so the line with only eta_seconds has none
		[]point{{19, 2.04}, {39, 1.71}, {9, 2.2}}, map[string]int64{"no metric": 1}},
	{"detectron2-metrics.json", FormatDetectron2, 4, 3, 1, "lr", []point{{19, 0.00019}, {39, 0.00039}, {9, 0.00009}}, nil},
	{"mmdet.log.json", FormatMMDet, 7, 7, 0, "loss",
		// iter starts again each epoch; epoch 2 continues after epoch 1's 120 iterations
		[]point{{50, 2.05}, {100, 1.4}, {170, 1.1}, {220, 0.95}}, nil},
	{"mmdet.log.json", FormatMMDet, 7, 7, 0, "bbox_mAP", []point{{120, 0.12}, {240, 0.2}}, nil},
	{"pytorch-tutorial.log", FormatKVText, 4, 4, 0, "Loss",
		// "Step [a/600]" counts within the epoch
		[]point{{100, 0.2345}, {200, 0.15}, {700, 0.09}}, nil},
	{"pytorch-tutorial.log", FormatKVText, 4, 4, 0, "val_loss",
		// a Lightning progress bar: the last state of the \r-rewritten line
		[]point{{0, 0.45}}, nil},
	{"tensorboard-export.csv", FormatCSV, 3, 2, 1, "Value", []point{{0, 0.101}, {1, 0.080}}, nil},
	{"wandb-history.jsonl", FormatJSONL, 2, 2, 0, "train/loss", []point{{0, 2.3}, {1, 2.1}}, nil},
	{"kv.log", FormatKVText, 5, 3, 2, "loss", []point{{20, 10.984375}, {40, 10.976562}, {60, 10.5}}, nil},
}

func TestFixturesDecodeToTheirPoints(t *testing.T) {
	for _, tc := range allFixtures() {
		t.Run(tc.file+"/"+tc.metric, func(t *testing.T) {
			d, recs := decodeFile(t, filepath.Join("testdata", "formats", tc.file))
			st := d.Stats()
			if d.Format() != tc.format {
				t.Errorf("format = %q, want %q", d.Format(), tc.format)
			}
			if st.Lines != tc.lines || st.Records != tc.records || st.Skipped != tc.skipped {
				t.Errorf("lines/records/skipped = %d/%d/%d, want %d/%d/%d (%v)",
					st.Lines, st.Records, st.Skipped, tc.lines, tc.records, tc.skipped, st.SkipReasons)
			}
			for r, n := range tc.reasons {
				if st.SkipReasons[r] != n {
					t.Errorf("skipped for %q = %d, want %d (%v)", r, st.SkipReasons[r], n, st.SkipReasons)
				}
			}
			if got := series(recs, tc.metric); !samePoints(got, tc.want) {
				t.Errorf("%s = %v, want %v", tc.metric, got, tc.want)
			}
			assertCounts(t, d)
		})
	}
}

// TestFixturesForcedFormatMatchesRecognised: --format gives the same
// records as recognition.
func TestFixturesForcedFormatMatchesRecognised(t *testing.T) {
	for _, tc := range allFixtures() {
		path := filepath.Join("testdata", "formats", tc.file)
		_, auto := decodeFile(t, path)
		forced := decodeWith(t, NewDecoder(tc.format, ""), readFile(t, path), 1<<20)
		if !samePoints(series(auto, tc.metric), series(forced, tc.metric)) {
			t.Errorf("%s: forced %s differs from recognised", tc.file, tc.format)
		}
	}
}

// TestChunkingDoesNotChangeRecords feeds every fixture one byte at a time,
// in odd chunks and whole, and expects the same records and counts.
func TestChunkingDoesNotChangeRecords(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range allFixtures() {
		if seen[tc.file] {
			continue
		}
		seen[tc.file] = true
		data := readFile(t, filepath.Join("testdata", "formats", tc.file))
		whole := NewDecoder("", tc.file)
		want := decodeWith(t, whole, data, len(data))
		for _, size := range []int{1, 7, 64} {
			d := NewDecoder("", tc.file)
			got := decodeWith(t, d, data, size)
			if len(got) != len(want) || d.Stats().Lines != whole.Stats().Lines || d.Stats().Skipped != whole.Stats().Skipped {
				t.Errorf("%s in %d-byte chunks: %d records %+v, whole: %d records %+v", tc.file, size, len(got), d.Stats(), len(want), whole.Stats())
				continue
			}
			for i := range got {
				if got[i].Step != want[i].Step || got[i].Line != want[i].Line || len(got[i].Metrics) != len(want[i].Metrics) {
					t.Errorf("%s in %d-byte chunks: record %d = %+v, want %+v", tc.file, size, i, got[i], want[i])
				}
			}
		}
	}
}

func TestCSVWallTimeColumnBecomesWallTime(t *testing.T) {
	_, recs := decodeFile(t, filepath.Join("testdata", "formats", "tensorboard-export.csv"))
	want := time.Unix(1644276590, 250e6).UTC()
	if len(recs) != 2 || !at(recs[1]).Equal(want) || len(series(recs, "Wall time")) != 0 {
		t.Errorf("records %+v, want the second at %v and no Wall time metric", recs, want)
	}
}

func TestJSONTimestampsBecomeWallTime(t *testing.T) {
	_, recs := decodeFile(t, filepath.Join("testdata", "formats", "generic.jsonl"))
	if want := time.Unix(1714560000, 0).UTC(); !at(recs[0]).Equal(want) {
		t.Errorf("timestamp: %v, want %v", at(recs[0]), want)
	}
	if len(series(recs, "timestamp")) != 0 {
		t.Error("timestamp kept as a metric")
	}
	last := recs[len(recs)-1]
	if want := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC); !at(last).Equal(want) {
		t.Errorf("time string: %v, want %v", at(last), want)
	}
}

func TestHostileLinesAreSkippedWithAReason(t *testing.T) {
	long := `{"step": 1, "loss": 0.5, "pad": "` + strings.Repeat("x", maxLineBytes) + `"}`
	tests := []struct {
		name   string
		input  string
		reason string
	}{
		{"line over 1 MiB", `{"step": 0, "loss": 1}` + "\n" + long + "\n" + `{"step": 2, "loss": 0.4}` + "\n", "too long"},
		{"NUL bytes", `{"step": 0, "loss": 1}` + "\n" + "{\"step\": 1,\x00\x00 \"loss\": 2}\n" + `{"step": 2, "loss": 0.4}` + "\n", "binary"},
		{"unterminated object", `{"step": 0, "loss": 1}` + "\n" + `{"step": 1, "loss": ` + "\n" + `{"step": 2, "loss": 0.4}` + "\n", "malformed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{1 << 20, 4096} {
				d := NewDecoder("", "log.jsonl")
				recs := decodeWith(t, d, []byte(tc.input), size)
				st := d.Stats()
				if len(recs) != 2 || st.Lines != 3 || st.Skipped != 1 || st.SkipReasons[tc.reason] != 1 {
					t.Errorf("chunk %d: %d records, stats %+v; want 2 records and one %q", size, len(recs), st, tc.reason)
				}
			}
		})
	}
}

func TestInvalidUTF8AndControlCharactersInNamesAreSanitised(t *testing.T) {
	input := "{\"step\": 1, \"lo\xffss\x1b[31m\": 0.5, \"ok\u202e\": 1}\n"
	d := NewDecoder("", "x")
	recs := decodeWith(t, d, []byte(input), 3)
	if len(recs) != 1 {
		t.Fatalf("records %d, stats %+v", len(recs), d.Stats())
	}
	for _, m := range recs[0].Metrics {
		if m.Name != Sanitize(m.Name) || strings.ContainsAny(m.Name, "\x1b\u202e") {
			t.Errorf("name %q not sanitised", m.Name)
		}
	}
}

func TestUnterminatedLastLineIsReadAtFlush(t *testing.T) {
	d := NewDecoder("", "x")
	recs := d.Feed([]byte("epoch,loss\n0,1.5\n1,1.2"), nil)
	if len(recs) != 1 {
		t.Fatalf("before flush: %d records", len(recs))
	}
	recs = d.Flush(recs)
	if len(recs) != 2 || recs[1].Step != 1 || d.Stats().Lines != 3 {
		t.Errorf("after flush: %+v, %+v", recs, d.Stats())
	}
}

func TestRestartKeepsFormatAndCounts(t *testing.T) {
	d := NewDecoder("", "x")
	recs := d.Feed([]byte("iter 1: loss 2.0, time 1ms\niter 2: loss 1.9, time 1ms\niter 3: lo"), nil)
	d.Restart()
	recs = d.Feed([]byte("iter 1: loss 2.5, time 1ms\n"), recs)
	st := d.Stats()
	if d.Format() != FormatNanoGPT || len(recs) != 3 || recs[2].Step != 1 || recs[2].Line != 1 {
		t.Errorf("records %+v, format %q", recs, d.Format())
	}
	if st.SkipReasons["incomplete"] != 1 || st.Lines != 4 {
		t.Errorf("stats %+v, want the cut line counted as incomplete", st)
	}
}

func TestTqdmOnlyLogIsGuessedAsHuggingFace(t *testing.T) {
	d := NewDecoder("", "x")
	d.Feed([]byte("loading model\n  3%|3         | 1/30 [00:21<10:19, 21.38s/it]\n"), nil)
	if d.Format() != FormatHFStdout {
		t.Errorf("format %q, want a hf-stdout guess", d.Format())
	}
	d.Feed([]byte("iter 5: loss 2.0, time 3ms, mfu 1%\n"), nil)
	if d.Format() != FormatNanoGPT {
		t.Errorf("format %q: a certain line must win over the guess", d.Format())
	}
}

// TestParallelJSONLinesMatchSequential decodes a log big enough to be split
// between two cores and expects the records, line numbers, filled-in steps
// and counts of a decoder fed in small pieces (which parses sequentially).
func TestParallelJSONLinesMatchSequential(t *testing.T) {
	var b strings.Builder
	b.WriteString(string(benchLog(FormatJSONL, 3000)))
	b.WriteString("\nnot json\n{\"loss\": 0.5}\n{\"step\": 9000, \"loss\": }\n")
	b.WriteString(string(benchLog(FormatJSONL, 3000)))
	b.WriteString("{\"loss\": 0.25}\n")
	data := []byte(b.String())
	if len(data) < 2*parallelMin {
		t.Fatalf("log of %d bytes is too small to be split", len(data))
	}
	got, want, ps, ss := decodeTwoWays(t, "x.jsonl", data)
	if ps.Lines != ss.Lines || ps.Skipped != ss.Skipped || len(got) != len(want) {
		t.Fatalf("parallel %+v (%d records), sequential %+v (%d records)", ps, len(got), ss, len(want))
	}
	for i := range got {
		if !sameRecord(got[i], want[i]) || got[i].Line != want[i].Line {
			t.Fatalf("record %d: parallel %+v, sequential %+v", i, got[i], want[i])
		}
	}
	if last := got[len(got)-1]; last.Step != 3001 || last.Line != 6005 {
		t.Errorf("last record %+v: want step 3001 (after step 3000) on line 6005", last)
	}
}

func TestParseFormatKnowsEveryFormatAndListsThemOnError(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(" " + strings.ToUpper(string(f)) + " ")
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	for _, auto := range []string{"", "auto"} {
		if got, err := ParseFormat(auto); got != "" || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v; want recognition", auto, got, err)
		}
	}
	_, err := ParseFormat("yaml")
	if err == nil || !strings.Contains(err.Error(), "lightning-csv") || !strings.Contains(err.Error(), "tfevents") {
		t.Errorf("error %v does not list the known formats", err)
	}
}

func TestFrameworkOfFormats(t *testing.T) {
	want := map[Format]string{
		FormatKerasCSV: "keras", FormatKerasStdout: "keras", FormatLightningCSV: "lightning",
		FormatHFStdout: "huggingface", FormatTrainerState: "huggingface", FormatNanoGPT: "pytorch",
		FormatDetectron2: "pytorch", FormatTFEvents: "pytorch", FormatJSONL: "", FormatCSV: "", FormatKVText: "",
	}
	for f, fw := range want {
		if got := f.Framework(); got != fw {
			t.Errorf("%s.Framework() = %q, want %q", f, got, fw)
		}
	}
}

func TestTextLogTimestampsBecomeWallTime(t *testing.T) {
	tests := []struct {
		file string
		line int64
		want time.Time
	}{
		{"fairseq.log", 2, time.Date(2022, 4, 8, 18, 48, 5, 372e6, time.UTC)},
		{"kv.log", 4, time.Date(2024, 5, 1, 12, 0, 5, 250e6, time.UTC)},
	}
	for _, tc := range tests {
		_, recs := decodeFile(t, filepath.Join("testdata", "formats", tc.file))
		found := false
		for _, r := range recs {
			if r.Line == tc.line {
				found = true
				if !at(r).Equal(tc.want) {
					t.Errorf("%s line %d: time %v, want %v", tc.file, tc.line, at(r), tc.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no record from line %d", tc.file, tc.line)
		}
	}
}

func TestLiveLogShowsItsFormatBeforeTheFirstMetric(t *testing.T) {
	tests := []struct {
		input string
		want  Format
	}{
		{"epoch,step,train_loss,val_loss\n", FormatLightningCSV},
		{"Train on 8000 samples, validate on 2000 samples\nEpoch 1/15\n", FormatKerasStdout},
		{"loading\nepoch,loss\n", ""}, // a header-like line after other text proves nothing yet
	}
	for _, tc := range tests {
		d := NewDecoder("", "live.log")
		d.Feed([]byte(tc.input), nil)
		if d.Format() != tc.want {
			t.Errorf("%q: format %q, want %q", tc.input, d.Format(), tc.want)
		}
	}
}

// TestWideJSONObjectKeepsEveryField: an object wider than the key cache and
// the metric arena's blocks loses no field and shares no memory with the
// records before and after it.
func TestWideJSONObjectKeepsEveryField(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"step\": 1, \"loss\": 1.5}\n{")
	for i := range 5000 {
		fmt.Fprintf(&b, "\"m%d\": %d, ", i, i)
	}
	b.WriteString("\"step\": 2}\n{\"step\": 3, \"loss\": 0.5}\n")
	d := NewDecoder(FormatJSONL, "")
	recs := decodeWith(t, d, []byte(b.String()), 1<<20)
	if len(recs) != 3 || len(recs[1].Metrics) != 5000 || recs[1].Step != 2 {
		t.Fatalf("%d records, wide one with %d metrics at step %v", len(recs), len(recs[1].Metrics), recs[1].Step)
	}
	for i, m := range recs[1].Metrics {
		if m.Name != fmt.Sprintf("m%d", i) || m.Value != float64(i) {
			t.Fatalf("metric %d = %+v", i, m)
		}
	}
	if recs[0].Metrics[0] != (Metric{"loss", 1.5}) || recs[2].Metrics[0] != (Metric{"loss", 0.5}) || len(recs[2].Metrics) != 1 {
		t.Errorf("neighbours changed: %+v, %+v", recs[0], recs[2])
	}
}
