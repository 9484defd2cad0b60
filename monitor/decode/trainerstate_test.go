package decode

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// trainerState renders a trainer_state.json the way Trainer writes it
// (json.dumps with indent=2) for log_history entries given as JSON objects.
func trainerState(entries ...string) string {
	var b strings.Builder
	b.WriteString("{\n  \"best_metric\": null,\n  \"epoch\": 1.0,\n  \"log_history\": [")
	for i, e := range entries {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    " + e)
	}
	b.WriteString("\n  ],\n  \"max_steps\": 100,\n  \"trial_params\": null\n}\n")
	return b.String()
}

func trainEntry(step int, loss float64) string {
	return fmt.Sprintf(`{"epoch": %g, "learning_rate": 5e-05, "loss": %g, "step": %d}`, float64(step)/100, loss, step)
}

// tsDecodeAll feeds each document in chunks of size chunk (whole when 0),
// restarting between documents as the follower does when a file is
// rewritten, and flushes at the end.
func tsDecodeAll(chunk int, docs ...string) ([]Record, Stats) {
	d := newTrainerStateDecoder()
	var recs []Record
	for i, doc := range docs {
		if i > 0 {
			d.Restart()
		}
		recs = feedChunks(d, []byte(doc), chunk, recs)
	}
	recs = d.Flush(recs)
	return recs, d.Stats()
}

func recordSteps(recs []Record) []float64 {
	var s []float64
	for _, r := range recs {
		s = append(s, r.Step)
	}
	return s
}

func TestTrainerStateEmitsLogHistory(t *testing.T) {
	doc := trainerState(trainEntry(10, 2.5), trainEntry(20, 2.0),
		`{"epoch": 0.2, "eval_loss": 2.2, "eval_runtime": 3.1, "step": 20}`,
		`{"epoch": 0.3, "step": 30, "total_flos": 1e18, "train_loss": 2.1, "train_runtime": 60.5}`)
	recs, st := tsDecodeAll(0, doc)
	if got := recordSteps(recs); !reflect.DeepEqual(got, []float64{10, 20, 20}) {
		t.Fatalf("steps %v", got)
	}
	// the epoch is the record's epoch and eval_runtime a timing: neither is a metric
	want := []Metric{{"learning_rate", 5e-05}, {"loss", 2.5}}
	if !reflect.DeepEqual(recs[0].Metrics, want) || recs[0].Line != 5 || !recs[0].HasEpoch || recs[0].Epoch != 0.1 {
		t.Errorf("first record %+v, want metrics %v at epoch 0.1 at line 5", recs[0], want)
	}
	if !reflect.DeepEqual(recs[2].Metrics, []Metric{{"eval_loss", 2.2}}) || recs[2].Line != 7 || recs[2].Epoch != 0.2 {
		t.Errorf("eval record %+v", recs[2])
	}
	if st.Records != 3 || st.Skipped != 1 || st.SkipReasons["summary"] != 1 {
		t.Errorf("stats %+v", st)
	}
	if want := int64(strings.Count(doc, "\n")); st.Lines != want {
		t.Errorf("lines %d, want %d", st.Lines, want)
	}
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == "train_loss" {
				t.Errorf("the run summary's average train_loss became a point at step %v", r.Step)
			}
		}
	}
}

func TestTrainerStateRewrites(t *testing.T) {
	v1 := trainerState(trainEntry(10, 2.5), trainEntry(20, 2.0))
	v2 := trainerState(trainEntry(10, 2.5), trainEntry(20, 2.0), trainEntry(30, 1.8), trainEntry(40, 1.7))
	newRun := trainerState(trainEntry(10, 2.6))
	resumed := trainerState(trainEntry(10, 2.5), trainEntry(20, 2.0), trainEntry(30, 1.9), trainEntry(40, 1.75), trainEntry(50, 1.6))
	tests := []struct {
		name  string
		docs  []string
		steps []float64
	}{
		{"same run grows: only new entries", []string{v1, v2}, []float64{10, 20, 30, 40}},
		{"same document again: nothing", []string{v2, v2}, []float64{10, 20, 30, 40}},
		{"new run: all its entries", []string{v2, newRun}, []float64{10, 20, 30, 40, 10}},
		{"resumed from an earlier checkpoint: from where it departs", []string{v2, resumed}, []float64{10, 20, 30, 40, 30, 40, 50}},
		{"rewritten while half read: the half is dropped", []string{v1, v2[:len(v2)/2], v2}, []float64{10, 20, 30, 40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, st := tsDecodeAll(0, tt.docs...)
			if got := recordSteps(recs); !reflect.DeepEqual(got, tt.steps) {
				t.Errorf("steps %v, want %v", got, tt.steps)
			}
			if st.Skipped != st.SkipReasons["incomplete"] || st.Records != int64(len(tt.steps)) {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestTrainerStateDocumentsThatCannotBeRead(t *testing.T) {
	good := trainerState(trainEntry(10, 2.5))
	tests := []struct {
		name    string
		doc     string
		records int
		reason  string
	}{
		{"truncated", good[:len(good)/2], 0, "incomplete"},
		{"malformed", `{"log_history": [{"loss": 1, "step": 1}, oops]}`, 0, "malformed"},
		{"log history not a list", `{"log_history": {"loss": 1}}`, 0, "malformed"},
		{"no log history", `{"global_step": 3}`, 0, "no log history"},
		{"entry without step", `{"log_history": [{"loss": 1}, {"loss": 2, "step": 4}]}`, 1, "no step"},
		{"entry without metric", `{"log_history": [{"epoch": 1, "step": 3, "note": "x"}]}`, 0, "no metric"},
		{"not an object", `[1, 2]`, 0, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, st := tsDecodeAll(0, tt.doc)
			if len(recs) != tt.records || st.Skipped != 1 || st.SkipReasons[tt.reason] != 1 {
				t.Errorf("%d records, stats %+v; want %d records and one %q", len(recs), st, tt.records, tt.reason)
			}
		})
	}
}

func TestTrainerStateReadsPythonNonFiniteFloats(t *testing.T) {
	doc := trainerState(`{"loss": NaN, "grad_norm": Infinity, "note": "NaN stays text", "step": 5}`,
		`{"loss": -Infinity, "step": 6}`)
	recs, st := tsDecodeAll(0, doc)
	if len(recs) != 2 || st.Skipped != 0 {
		t.Fatalf("records %+v stats %+v", recs, st)
	}
	m := recs[0].Metrics
	if len(m) != 2 || !math.IsNaN(m[0].Value) || !math.IsInf(m[1].Value, 1) || !math.IsInf(recs[1].Metrics[0].Value, -1) {
		t.Errorf("metrics %+v %+v", m, recs[1].Metrics)
	}
}

func TestTrainerStateOneByteAtATimeEqualsAllAtOnce(t *testing.T) {
	v1 := trainerState(trainEntry(10, 2.5), `{"eval_loss": 3, "step": 10, "path": "a\"}b"}`)
	v2 := trainerState(trainEntry(10, 2.5), `{"eval_loss": 3, "step": 10, "path": "a\"}b"}`, trainEntry(20, 2))
	whole, wst := tsDecodeAll(0, v1, v2, v2[:40])
	for _, chunk := range []int{1, 2, 3, 64} {
		got, st := tsDecodeAll(chunk, v1, v2, v2[:40])
		if !sameRecords(got, whole) || !reflect.DeepEqual(st, wst) {
			t.Errorf("chunk %d: %+v %+v; whole %+v %+v", chunk, got, st, whole, wst)
		}
	}
	if len(whole) != 3 || wst.SkipReasons["incomplete"] != 1 {
		t.Errorf("got %+v, %+v", whole, wst)
	}
}

func TestTrainerStateConcatenatedDocumentsKeepLineNumbers(t *testing.T) {
	a := `{"log_history": [{"loss": 1, "step": 1}]}`
	b := "{\"log_history\": [\n{\"loss\": 1, \"step\": 1},\n{\"loss\": 0.5, \"step\": 2}]}"
	recs, st := tsDecodeAll(0, a+"\n"+b+"\n")
	if len(recs) != 2 || recs[0].Line != 1 || recs[1].Line != 4 || st.Lines != 4 {
		t.Errorf("records %+v, lines %d", recs, st.Lines)
	}
}

// The expected counts come from SOURCES.md and were checked once with
// Python's json module (not run by the tests).
func TestTrainerStateReadsRealFiles(t *testing.T) {
	dir := corpustest.Dir(t, "real", "hf_trainer_state")
	tests := []struct {
		file                   string
		lines                  int64
		loss, evalLoss, others int // points of loss, eval_loss; records without either
		firstLine              int64
		lastStep               float64
		summary                bool // ends with the run summary
	}{
		{"kramcoder-smollm-sft-checkpoint32-trainer_state.json", 55, 3, 0, 0, 12, 30, false},
		{"p4p4n1ck-whisper-large-v2-ja-overfit-trainer_state.json", 1270, 200, 5, 0, 10, 5000, true},
		{"yuanhuanghuang-quality-lrqa-plateau-trainer_state.json", 955, 62, 62, 0, 10, 3100, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Skip(err)
			}
			recs, st := tsDecodeAll(0, string(data))
			points := map[string]int{}
			others := 0
			for _, r := range recs {
				kinds := 0
				for _, m := range r.Metrics {
					points[m.Name]++
					if m.Name == "loss" || m.Name == "eval_loss" {
						kinds++
					}
				}
				if kinds != 1 {
					others++
				}
			}
			if points["loss"] != tt.loss || points["eval_loss"] != tt.evalLoss || others != tt.others || points["train_loss"] != 0 {
				t.Errorf("points %v, %d other records", points, others)
			}
			if st.Lines != tt.lines || st.Records != int64(tt.loss+tt.evalLoss) {
				t.Errorf("stats %+v", st)
			}
			if recs[0].Line != tt.firstLine || recs[len(recs)-1].Step != tt.lastStep {
				t.Errorf("first record at line %d, last step %v", recs[0].Line, recs[len(recs)-1].Step)
			}
			if wantSkips := map[bool]int64{true: 1}[tt.summary]; st.SkipReasons["summary"] != wantSkips || st.Skipped != wantSkips {
				t.Errorf("skip reasons %v", st.SkipReasons)
			}
			// A checkpoint rewrite of the same file adds nothing.
			again, _ := tsDecodeAll(7, string(data), string(data))
			if !sameRecords(again, recs) {
				t.Errorf("rewrite emitted %d records, want the %d of one read", len(again), len(recs))
			}
		})
	}
}

func FuzzTrainerState(f *testing.F) {
	f.Add(trainerState(trainEntry(10, 2.5), `{"loss": NaN, "step": 20}`), uint8(3), uint8(0))
	f.Add(`{"log_history": [{"loss": 1, "step": 1}]} {"log_history": [`, uint8(0), uint8(10))
	if fixture, err := os.ReadFile(filepath.Join("testdata", "trainerstate", "trainer_state.json")); err == nil {
		f.Add(string(fixture), uint8(200), uint8(255))
	}
	f.Add(`{"log_history": [{"lo\u001bss": "1e999", "step": 1}]}`, uint8(1), uint8(255))
	f.Fuzz(func(t *testing.T, doc string, chunk, restartAt uint8) {
		d := newTrainerStateDecoder().(*trainerStateDecoder)
		var recs []Record
		data := []byte(doc)
		restarts := int64(0)
		for i := 0; len(data) > 0; i++ {
			n := min(int(chunk)+1, len(data))
			recs = d.Feed(data[:n], recs)
			data = data[n:]
			if i == int(restartAt) {
				d.Restart()
				restarts++ // a line cut by the rewrite is two lines: one of each version
			}
			if len(d.doc) > maxDocumentBytes {
				t.Fatalf("holds %d bytes", len(d.doc))
			}
		}
		recs = d.Flush(recs)
		st := d.Stats()
		if st.Records != int64(len(recs)) || st.Bytes != int64(len(doc)) || st.Lines > int64(strings.Count(doc, "\n"))+st.Skipped+st.Records+1+restarts {
			t.Fatalf("stats %+v for %d records", st, len(recs))
		}
		whole, wst := tsDecodeAll(0, doc)
		if chunked, cst := tsDecodeAll(int(chunk)+1, doc); !sameRecords(chunked, whole) || !reflect.DeepEqual(cst, wst) {
			t.Fatalf("in chunks of %d: %+v; whole: %+v", int(chunk)+1, cst, wst)
		}
		for _, r := range recs {
			if len(r.Metrics) == 0 || r.Line < 1 {
				t.Fatalf("record %+v", r)
			}
			for _, m := range r.Metrics {
				if Sanitize(m.Name) != m.Name {
					t.Fatalf("unsafe name %q", m.Name)
				}
			}
		}
	})
}

func BenchmarkTrainerState(b *testing.B) {
	entries := make([]string, 0, 4000)
	for i := range 4000 {
		entries = append(entries, fmt.Sprintf(`{"epoch": %g, "grad_norm": 1.25, "learning_rate": 5e-05, "loss": %g, "step": %d}`, float64(i)/100, 3/float64(i+1), i*10))
	}
	data := []byte(trainerState(entries...))
	b.Run("first read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		var recs []Record
		for b.Loop() {
			d := newTrainerStateDecoder()
			recs = d.Feed(data, recs[:0])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/entry")
	})
	// A checkpoint rewrite read by the same decoder: parsed again, nothing
	// emitted twice.
	b.Run("rewrite", func(b *testing.B) {
		d := newTrainerStateDecoder()
		recs := d.Feed(data, nil)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			d.Restart()
			if again := d.Feed(data, nil); len(again) != 0 {
				b.Fatalf("%d entries emitted again", len(again))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/entry")
	})
}
