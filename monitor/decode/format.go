package decode

import (
	"fmt"
	"strings"
)

// The text formats losswatch recognises. Their names are stable: they are
// what --format accepts and what check --json reports. (FormatTFEvents and
// FormatTrainerState live beside their decoders.)
const (
	// FormatJSONL is one JSON object per line ({"step": 3, "loss": 0.5}).
	FormatJSONL Format = "jsonl"
	// FormatDetectron2 is Detectron2's metrics.json: JSON lines keyed by
	// "iteration" with many loss_* keys.
	FormatDetectron2 Format = "detectron2"
	// FormatMMDet is the *.log.json of MMDetection 2: JSON lines with a
	// "mode" of "train" or "val" and an iteration count that starts again
	// at every epoch.
	FormatMMDet Format = "mmdet"
	// FormatCSV is a CSV or TSV file with a header row.
	FormatCSV Format = "csv"
	// FormatKerasCSV is the output of Keras' CSVLogger: one row per epoch.
	FormatKerasCSV Format = "keras-csv"
	// FormatLightningCSV is PyTorch Lightning's CSVLogger metrics.csv, with
	// training and validation on separate sparse rows.
	FormatLightningCSV Format = "lightning-csv"
	// FormatUltralyticsCSV is the results.csv of YOLOv5/YOLOv8, with column
	// names padded to a fixed width.
	FormatUltralyticsCSV Format = "ultralytics-csv"
	// FormatHFStdout is the console output of the HuggingFace Trainer:
	// Python dict lines among tqdm progress bars.
	FormatHFStdout Format = "hf-stdout"
	// FormatKerasStdout is the console output of Keras' fit().
	FormatKerasStdout Format = "keras-stdout"
	// FormatNanoGPT is the console output of nanoGPT and its relatives
	// (llm.c's main.log, build-nanogpt's log.txt).
	FormatNanoGPT Format = "nanogpt"
	// FormatFairseq is a fairseq log: JSON payloads after a logging prefix,
	// or "| key value |" progress lines.
	FormatFairseq Format = "fairseq"
	// FormatKVText is any text log of key=value or key: value pairs with a
	// step-like key.
	FormatKVText Format = "kv-text"
	// FormatFastai is fastai's training table as fastprogress prints it
	// to a console or log: "epoch  train_loss  valid_loss ... time" and a
	// row of numbers per epoch, lined up with spaces.
	FormatFastai Format = "fastai"
	// FormatTable is any other whitespace-aligned table with a header
	// line, such as print(pd.DataFrame(history.history)) prints a Keras
	// history (the row index, the 0-based epoch, in front of each row).
	FormatTable Format = "table"
	// FormatDarknet is the console output of Darknet's YOLO trainer
	// (pjreddie's and AlexeyAB's): "1: 6.93, 6.93 avg loss, 0.001 rate,
	// ..." per iteration, among per-batch detail of the detection layers.
	FormatDarknet Format = "darknet"
)

// textFormats are the formats parsed line by line in this file's package,
// in the order Formats lists them.
var textFormats = [...]Format{
	FormatJSONL, FormatDetectron2, FormatMMDet, FormatCSV, FormatKerasCSV, FormatLightningCSV,
	FormatUltralyticsCSV, FormatHFStdout, FormatKerasStdout, FormatNanoGPT,
	FormatFairseq, FormatKVText, FormatFastai, FormatTable, FormatDarknet,
}

// Formats returns every format losswatch can read, in a stable order.
func Formats() []Format {
	fs := append([]Format(nil), textFormats[:]...)
	return append(fs, binaryFormats()...)
}

// ParseFormat returns the format named s (as --format gives it). The empty
// string and "auto" mean: recognise the format by itself.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "auto" {
		return "", nil
	}
	names := make([]string, 0, len(textFormats)+2)
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (known: auto, %s)", s, strings.Join(names, ", "))
}

// Framework returns the training framework that writes logs in f:
// "pytorch", "keras", "huggingface", "lightning", or "" when the format is
// not tied to one.
func (f Format) Framework() string {
	switch f {
	case FormatKerasCSV, FormatKerasStdout:
		return "keras"
	case FormatLightningCSV:
		return "lightning"
	case FormatHFStdout, FormatTrainerState:
		return "huggingface"
	case FormatDetectron2, FormatMMDet, FormatNanoGPT, FormatFairseq, FormatUltralyticsCSV, FormatTFEvents, FormatFastai:
		return "pytorch"
	}
	return ""
}

// lineFormat reports whether f is read line by line by a text parser.
func lineFormat(f Format) bool {
	for _, t := range textFormats {
		if t == f {
			return true
		}
	}
	return false
}
