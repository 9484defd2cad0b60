package corpustest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// RealLog is one log of corpus/real with what reading it must give: the
// format recognised (a decode.Format name), the training-loss metric and
// its number of points over the whole file, counted by hand from the files
// (grep) and SOURCES.md; the event-file counts were checked once with a
// stdlib-only Python reader (not run by the tests).
type RealLog struct {
	File   string // relative to corpus/real
	Format string
	Metric string
	Points int
}

// Real lists the real logs with their expected format and points.
func Real() []RealLog {
	return []RealLog{
		{"detectron2_mmdet/levi-magny-detectron2-maskrcnn-metrics.json", "detectron2", "total_loss", 15},
		{"detectron2_mmdet/gralach-detectron2-maskrcnn-multirun-metrics.json", "detectron2", "total_loss", 118}, // + 1 sparse eta-only record
		{"fairseq_generic/kehanlu-wav2vec2-pretrain-hydra_train.log", "fairseq", "loss", 23},                    // [train_inner] lines
		{"generic_text/barber0-llm-pretrain-train.log", "kv-text", "loss", 13},
		{"generic_text/jayant-gpt2-124m-shakespeare-step-loss.tsv", "csv", "loss", 457},
		{"hf_stdout/eshaubale-bert-mlm-then-cls-train_log.txt", "hf-stdout", "loss", 17}, // 13 + 4 {'loss' dicts in two runs
		{"hf_stdout/jeff555max-rugpt3-lora-mojibake-train_log.txt", "hf-stdout", "loss", 0},
		{"hf_trainer_state/kramcoder-smollm-sft-checkpoint32-trainer_state.json", "hf-trainer-state", "loss", 3},
		{"hf_trainer_state/p4p4n1ck-whisper-large-v2-ja-overfit-trainer_state.json", "hf-trainer-state", "loss", 200},
		{"hf_trainer_state/yuanhuanghuang-quality-lrqa-plateau-trainer_state.json", "hf-trainer-state", "loss", 62},
		{"keras_csvlogger/akboles-voice-id-training.log", "keras-csv", "loss", 10},
		{"keras_csvlogger/amineechraibi-braincnn-training.log", "keras-csv", "loss", 25},
		{"keras_csvlogger/aditya24jar-emotion-resnet50-training.log", "keras-csv", "loss", 17},
		{"keras_csvlogger/ashishbatham-fer-training_log.csv", "keras-csv", "loss", 2},
		{"keras_stdout/kyotosunshine-kanji-cnn-earlystop.log", "keras-stdout", "loss", 25},    // 10 + 9 + 6 epochs
		{"keras_stdout/derekchen14-lstm-gridsearch-overfit.log", "keras-stdout", "loss", 329}, // 21 runs x 15 + 14
		{"lightning_csv/0xero7-slm-training-metrics.csv", "lightning-csv", "train_loss_step", 114},
		{"lightning_csv/andyc80297-glitch-classification-metrics.csv", "lightning-csv", "train_loss", 2},
		{"lightning_csv/dranovegor-lstm-stocks-valloss-rising-metrics.csv", "lightning-csv", "val_loss", 4},
		{"nanogpt/chenzihua-shakespeare-char-nan.log", "nanogpt", "loss", 91},
		{"nanogpt/agndm-build-nanogpt-log.txt", "nanogpt", "train_loss", 95},
		{"nanogpt/kellerjordan-modded-nanogpt-2024-06-06_AdamW-llmc-main-TRIMMED.log", "nanogpt", "train_loss", 385},
		{"tensorboard/gralach-detectron2-events.out.tfevents.1729238878.Chang.23300.2", "tfevents", "total_loss", 12},
		{"tensorboard/gralach-detectron2-events.out.tfevents.1729238954.Chang.23300.3", "tfevents", "total_loss", 1},
		{"tensorboard/gralach-detectron2-events.out.tfevents.1729240470.Chang.23300.7", "tfevents", "total_loss", 15},
		{"tensorboard/gralach-detectron2-events.out.tfevents.1729240643.Chang.23300.8", "tfevents", "total_loss", 35},
		{"tensorboard/gralach-detectron2-events.out.tfevents.1729241278.Chang.23300.9", "tfevents", "total_loss", 50},
		{"tensorboard/kimiria-yolov5-events.out.tfevents.1644276506.LAPTOP-OGVCBA0C.17124.0", "tfevents", "train/box_loss", 63},
		{"tensorboard/kimiria-yolov5-events.out.tfevents.1644313524.LAPTOP-OGVCBA0C.4972.0", "tfevents", "train/box_loss", 37},
		{"ultralytics_yolo/kimiria-yolov5-mask-results.csv", "ultralytics-csv", "train/box_loss", 100},
		{"ultralytics_yolo/1-off-yolodog-yolov8-results.csv", "ultralytics-csv", "train/box_loss", 3},
	}
}

// Label is one run's entry in corpus/pytorch-dev/labels.json (see that
// folder's README for what the fields mean).
type Label struct {
	Kind            string   `json:"kind"`
	Cause           string   `json:"cause"`
	Dataset         string   `json:"dataset"`
	Format          string   `json:"format"`
	Granularity     string   `json:"granularity"`
	Steps           int      `json:"steps"`
	ConvergenceStep *float64 `json:"convergence_step"`
	ValMinStep      *float64 `json:"val_min_step"`
	FirstNonfinite  *float64 `json:"first_nonfinite_step"`
	OnsetStep       *float64 `json:"onset_step"`
}

// LabelFormat maps a label's format name to the decode.Format name the
// file must be recognised as, and the name that format gives the training
// loss.
var labelFormats = map[string][2]string{
	"jsonl":         {"jsonl", "loss"},
	"nanogpt":       {"nanogpt", "loss"},
	"hf_stdout":     {"hf-stdout", "loss"},
	"keras_csv":     {"keras-csv", "loss"},
	"lightning_csv": {"lightning-csv", "train_loss"},
}

// LabelFormat returns the format a labelled file must be recognised as and
// its training-loss metric name; ok is false for a label format the tests
// do not know.
func LabelFormat(label string) (format, loss string, ok bool) {
	f, ok := labelFormats[label]
	return f[0], f[1], ok
}

// Labels reads corpus/pytorch-dev/labels.json and returns the folder and
// the labels by file name; the test is skipped when the corpus is absent.
func Labels(t testing.TB) (string, map[string]Label) {
	t.Helper()
	dir := Dir(t, "pytorch-dev")
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Skipf("labels absent: %v", err)
	}
	var labels map[string]Label
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	return dir, labels
}
