package monitor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/testcorpus"
)

// decodeFile runs a whole file through an auto-recognising decoder in
// 4 KiB chunks, as a follower would.
func decodeFile(t testing.TB, path string) (Decoder, []Record) {
	t.Helper()
	d := NewDecoder("", filepath.Base(path))
	return d, decodeWith(t, d, readFile(t, path), 4096)
}

// points counts the records that carry metric name.
func points(recs []Record, name string) int {
	n := 0
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == name {
				n++
			}
		}
	}
	return n
}

// labelFormats maps the corpus labels' format names to ours, with the name
// each format gives the training loss.
var labelFormats = map[string]struct {
	format Format
	loss   string
}{
	"jsonl":         {FormatJSONL, "loss"},
	"nanogpt":       {FormatNanoGPT, "loss"},
	"hf_stdout":     {FormatHFStdout, "loss"},
	"keras_csv":     {FormatKerasCSV, "loss"},
	"lightning_csv": {FormatLightningCSV, "train_loss"},
}

func TestPytorchDevCorpusFormatsAndTrainingLossPoints(t *testing.T) {
	dir := testcorpus.Dir(t, "pytorch-dev")
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Skipf("labels absent: %v", err)
	}
	var labels map[string]struct {
		Format string `json:"format"`
		Steps  int    `json:"steps"`
	}
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	for file, l := range labels {
		t.Run(file, func(t *testing.T) {
			want, ok := labelFormats[l.Format]
			if !ok {
				t.Fatalf("label format %q unknown to the test", l.Format)
			}
			d, recs := decodeFile(t, filepath.Join(dir, file))
			if d.Format() != want.format {
				t.Errorf("format = %q, want %q", d.Format(), want.format)
			}
			if got := points(recs, want.loss); got != l.Steps {
				t.Errorf("%s points = %d, want %d", want.loss, got, l.Steps)
			}
			if detect.RoleOf(want.loss) != detect.RoleTrainLoss {
				t.Errorf("detect.RoleOf(%q) is not the training loss", want.loss)
			}
			assertCounts(t, d)
		})
	}
}

// realCorpus lists the real logs with the format they must be recognised
// as, the training-loss metric, and its number of points, counted by hand
// from the files (grep) and SOURCES.md.
var realCorpus = []struct {
	file   string
	format Format
	metric string
	points int
}{
	{"detectron2_mmdet/levi-magny-detectron2-maskrcnn-metrics.json", FormatDetectron2, "total_loss", 15},
	{"detectron2_mmdet/gralach-detectron2-maskrcnn-multirun-metrics.json", FormatDetectron2, "total_loss", 118}, // + 1 sparse eta-only record
	{"fairseq_generic/kehanlu-wav2vec2-pretrain-hydra_train.log", FormatFairseq, "loss", 23},                    // [train_inner] lines
	{"generic_text/barber0-llm-pretrain-train.log", FormatKVText, "loss", 13},
	{"generic_text/jayant-gpt2-124m-shakespeare-step-loss.tsv", FormatCSV, "loss", 457},
	{"hf_stdout/eshaubale-bert-mlm-then-cls-train_log.txt", FormatHFStdout, "loss", 17}, // 13 + 4 {'loss' dicts in two runs
	{"hf_stdout/jeff555max-rugpt3-lora-mojibake-train_log.txt", FormatHFStdout, "loss", 0},
	{"keras_csvlogger/akboles-voice-id-training.log", FormatKerasCSV, "loss", 10},
	{"keras_csvlogger/amineechraibi-braincnn-training.log", FormatKerasCSV, "loss", 25},
	{"keras_csvlogger/aditya24jar-emotion-resnet50-training.log", FormatKerasCSV, "loss", 17},
	{"keras_csvlogger/ashishbatham-fer-training_log.csv", FormatKerasCSV, "loss", 2},
	{"keras_stdout/kyotosunshine-kanji-cnn-earlystop.log", FormatKerasStdout, "loss", 25},    // 10 + 9 + 6 epochs
	{"keras_stdout/derekchen14-lstm-gridsearch-overfit.log", FormatKerasStdout, "loss", 329}, // 21 runs x 15 + 14
	{"lightning_csv/0xero7-slm-training-metrics.csv", FormatLightningCSV, "train_loss_step", 114},
	{"lightning_csv/andyc80297-glitch-classification-metrics.csv", FormatLightningCSV, "train_loss", 2},
	{"lightning_csv/dranovegor-lstm-stocks-valloss-rising-metrics.csv", FormatLightningCSV, "val_loss", 4},
	{"nanogpt/chenzihua-shakespeare-char-nan.log", FormatNanoGPT, "loss", 91},
	{"nanogpt/agndm-build-nanogpt-log.txt", FormatNanoGPT, "train_loss", 95},
	{"nanogpt/kellerjordan-modded-nanogpt-2024-06-06_AdamW-llmc-main-TRIMMED.log", FormatNanoGPT, "train_loss", 385},
	{"ultralytics_yolo/kimiria-yolov5-mask-results.csv", FormatUltralyticsCSV, "train/box_loss", 100},
	{"ultralytics_yolo/1-off-yolodog-yolov8-results.csv", FormatUltralyticsCSV, "train/box_loss", 3},
}

func TestRealCorpusFormatsAndTrainingLossPoints(t *testing.T) {
	dir := testcorpus.Dir(t, "real")
	for _, tc := range realCorpus {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("absent: %v", err)
			}
			d, recs := decodeFile(t, path)
			if d.Format() != tc.format {
				t.Errorf("format = %q, want %q", d.Format(), tc.format)
			}
			if got := points(recs, tc.metric); got != tc.points {
				t.Errorf("%s points = %d, want %d", tc.metric, got, tc.points)
			}
			assertCounts(t, d)
		})
	}
}

// TestRealCorpusEveryFileRecognised makes sure no file of the corpus is
// left out of the tables above or read as nothing.
func TestRealCorpusEveryFileRecognised(t *testing.T) {
	dir := testcorpus.Dir(t, "real")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	listed := map[string]bool{}
	for _, tc := range realCorpus {
		listed[tc.file] = true
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		d, recs := decodeFile(t, f)
		if d.Format() == "" {
			t.Errorf("%s: format not recognised", rel)
		}
		if !listed[rel] && len(recs) == 0 && !strings.Contains(rel, "tfevents") {
			t.Errorf("%s: not in the table and no records", rel)
		}
	}
}

// assertCounts checks the counting invariant of text decoders.
func assertCounts(t testing.TB, d Decoder) {
	t.Helper()
	st := d.Stats()
	if !lineFormat(d.Format()) && d.Format() != "" {
		return
	}
	var reasons int64
	for _, n := range st.SkipReasons {
		reasons += n
	}
	if st.Lines != st.Records+st.Skipped || reasons != st.Skipped {
		t.Errorf("counts: lines %d != records %d + skipped %d (reasons %d)", st.Lines, st.Records, st.Skipped, reasons)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeWith feeds data to d in chunks of size bytes and flushes.
func decodeWith(t testing.TB, d Decoder, data []byte, size int) []Record {
	t.Helper()
	return d.Flush(feedChunks(d, data, size, nil))
}

// feedChunks feeds data to d in chunks of size bytes (all at once when size
// is not positive), appending the records to recs; it does not flush.
func feedChunks(d Decoder, data []byte, size int, recs []Record) []Record {
	if size <= 0 {
		size = max(len(data), 1)
	}
	for i := 0; i < len(data); i += size {
		recs = d.Feed(data[i:min(len(data), i+size)], recs)
	}
	return recs
}
