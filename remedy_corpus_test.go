package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/decode"
)

// nonMLP names the corpus logs whose content shows a model that is not a
// small network — a detector, a transformer, a language model — by the
// directory or file name prefix and what the log shows (SOURCES.md).
// Logs whose content does not show it (a bare step/loss TSV) are absent.
var nonMLP = map[string]string{
	"real/detectron2_mmdet/":                 "detector (loss_rpn_cls, loss_box_reg)",
	"real/ultralytics_yolo/":                 "detector (box_loss, mAP)",
	"real/tensorboard/gralach-detectron2":    "detector (loss_rpn_cls)",
	"real/tensorboard/kimiria-yolov5":        "detector (box_loss, obj_loss)",
	"real/hf_stdout/":                        "transformer (HF Trainer)",
	"real/hf_trainer_state/":                 "transformer (trainer_state.json)",
	"real/fairseq_generic/":                  "transformer (wav2vec2, code_perplexity)",
	"real/nanogpt/":                          "language model (nanoGPT, llm.c)",
	"real/generic_text/barber0-llm":          "language model (ntokens)",
	"real/lightning_csv/0xero7-slm-training": "language model (perplexity)",
}

// smallNetAdvice marks a remedy meant for small networks trained from
// scratch.
func smallNetAdvice(r checkRemedy) bool {
	switch r.ID {
	case "reinit-weights", "leaky-relu", "more-hidden-units":
		return true
	}
	return strings.Contains(r.Snippet, "nn.Linear(n_in")
}

// lrLiteral matches a learning rate set to a number in a snippet.
var lrLiteral = regexp.MustCompile(`(?i)(lr|learning_rate|lr0)"?\]?\s*=\s*[0-9.]`)

type checkRemedy struct{ ID, Title, Why, Snippet string }

type checkReport struct {
	Metrics  map[string]json.RawMessage
	Findings []struct {
		Kind     string
		Remedies []checkRemedy
	}
}

// corpusLogs lists every log of the two development sets.
func corpusLogs(t *testing.T) map[string]string {
	logs := map[string]string{}
	for _, set := range []string{"real", "pytorch-dev"} {
		dir := corpustest.Dir(t, set)
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch d.Name() {
			case "labels.json", "SOURCES.md", "README.md":
				return nil
			}
			rel, _ := filepath.Rel(dir, path)
			logs[set+"/"+filepath.ToSlash(rel)] = path
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return logs
}

// peakLR is the highest value of the log's first learning-rate metric, the
// one the detector reads; 0 when the log has none.
func peakLR(t *testing.T, path string) float64 {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := decode.NewDecoder("", path)
	recs := dec.Flush(dec.Feed(data, nil))
	name, peak := "", 0.0
	for _, r := range recs {
		for _, m := range r.Metrics {
			if name == "" && detect.RoleOf(m.Name) == detect.RoleLearningRate {
				name = m.Name
			}
			if m.Name == name && m.Value > peak && !math.IsInf(m.Value, 0) {
				peak = m.Value
			}
		}
	}
	return peak
}

// TestCorpusRemediesFitTheRun checks, with check --json on every log of the
// development sets: no small-network advice for a detector, transformer or
// language model; no learning-rate literal where the log has no learning
// rate; no val_loss in a snippet where it has no validation loss; and no
// raise of the learning rate to below the run's peak.
func TestCorpusRemediesFitTheRun(t *testing.T) {
	for rel, path := range corpusLogs(t) {
		t.Run(rel, func(t *testing.T) {
			r := losswatch(t, nil, "check", "--json", path)
			var rep checkReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("exit %d, not JSON: %v\n%s", r.code, err, r.stderr)
			}
			var hasLR, hasVal bool
			for name := range rep.Metrics {
				switch detect.RoleOf(name) {
				case detect.RoleLearningRate:
					hasLR = true
				case detect.RoleValLoss:
					hasVal = true
				}
			}
			var family string
			for prefix, f := range nonMLP {
				if strings.HasPrefix(rel, prefix) {
					family = f
				}
			}
			peak := peakLR(t, path)
			for _, f := range rep.Findings {
				for _, rm := range f.Remedies {
					if family != "" && smallNetAdvice(rm) {
						t.Errorf("%s: small-network remedy %s for a %s: %q", f.Kind, rm.ID, family, rm.Snippet)
					}
					if !hasLR && lrLiteral.MatchString(rm.Snippet) {
						t.Errorf("%s: %s invents a learning rate for a log without one: %q", f.Kind, rm.ID, rm.Snippet)
					}
					if !hasVal && (strings.Contains(rm.Snippet, "val_loss") || strings.Contains(rm.Snippet, "eval_loss")) {
						t.Errorf("%s: %s tests a validation loss the log does not have: %q", f.Kind, rm.ID, rm.Snippet)
					}
					if rm.ID == "raise-lr" && peak > 0 {
						checkRaise(t, f.Kind, rm, peak)
					}
				}
			}
		})
	}
}

// checkRaise fails when a raise-lr remedy's new rate ("a → b" in its
// title) is below peak, allowing for the three significant digits shown.
func checkRaise(t *testing.T, kind string, rm checkRemedy, peak float64) {
	t.Helper()
	i := strings.LastIndex(rm.Title, "→ ")
	if i < 0 {
		t.Errorf("%s: raise-lr names no value although the log has a learning rate: %q", kind, rm.Title)
		return
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rm.Title[i+len("→ "):]), 64)
	if err != nil || v < 0.995*peak {
		t.Errorf("%s: %q raises to below the run's peak %g", kind, rm.Title, peak)
	}
}

// TestWatchGivesKerasSnippetsForAKerasLog: watch reads standard input with
// no --format, and its remedies are still the log's framework's.
func TestWatchGivesKerasSnippetsForAKerasLog(t *testing.T) {
	path := filepath.Join(corpustest.Dir(t, "pytorch-dev"), "lr_explode-digits-s1.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := losswatch(t, data, "watch", "--json", "-")
	snippets := 0
	for _, line := range watchLines(t, r.stdout) {
		rems, _ := line["remedies"].([]any)
		for _, x := range rems {
			s, _ := x.(map[string]any)["snippet"].(string)
			if s == "" {
				continue
			}
			snippets++
			if strings.Contains(s, "torch") || strings.Contains(s, "param_groups") {
				t.Errorf("PyTorch snippet for a Keras log: %q", s)
			}
		}
	}
	if snippets == 0 {
		t.Fatalf("no remedy snippets in watch's output:\n%s", r.stdout)
	}
}
