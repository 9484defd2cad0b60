package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// The entries of the remedy catalogue, each with its snippets per framework
// and, where it has its own settings, per tool.

// snippets holds one remedy's code for each framework and tool; an empty
// field falls back to the framework's, then to the PyTorch one.
type snippets struct {
	torch, keras, hf, lightning               string
	nanogpt, detectron2, mmdet, yolo, fairseq string
}

// pick returns the snippet for the tool, else the framework, that wrote
// the log.
func (s snippets) pick(p profile) string {
	var v string
	switch p.tool {
	case toolNanoGPT:
		v = s.nanogpt
	case toolDetectron2:
		v = s.detectron2
	case toolMMDet:
		v = s.mmdet
	case toolYOLO:
		v = s.yolo
	case toolFairseq:
		v = s.fairseq
	}
	if v == "" {
		switch strings.ToLower(p.framework) {
		case "keras", "tensorflow", "tf":
			v = s.keras
		case "huggingface", "hf", "transformers":
			v = s.hf
		case "lightning", "pytorch-lightning", "pytorch_lightning":
			v = s.lightning
		}
	}
	if v == "" {
		v = s.torch
	}
	return v
}

func (x remedyContext) checkpoint(step Step, why string) Remedy {
	s := step.String() // a file name: not grouped
	return Remedy{ID: "restart-checkpoint", Title: "Restart from the checkpoint before " + x.t.posText(x.f.SinceStep) + " (best at " + x.t.posText(step) + ")",
		Why: why, Snippet: snippets{
			torch:      fmt.Sprintf("model.load_state_dict(torch.load(\"ckpt_%s.pt\"))", s),
			keras:      fmt.Sprintf("model.load_weights(\"ckpt_%s.weights.h5\")", s),
			hf:         fmt.Sprintf("trainer.train(resume_from_checkpoint=\"checkpoint-%s\")", s),
			lightning:  fmt.Sprintf("trainer.fit(model, ckpt_path=\"epoch=N-step=%s.ckpt\")", s),
			nanogpt:    "init_from = \"resume\"  # nanoGPT resumes from out_dir/ckpt.pt, saved at the best val loss",
			detectron2: "cfg.MODEL.WEIGHTS = \"output/model_XXXXXXX.pth\"  # the checkpoint before the blow-up\ntrainer.resume_or_load(resume=False)",
			yolo:       "YOLO(\"runs/detect/train/weights/best.pt\")  # the best epoch's weights",
		}.pick(x.p)}
}

// earlyStop is the remedy that stops at the best validation loss. On a log
// without validation it watches the metric the log has, and says so: that
// saves compute but cannot catch overfitting.
func (x remedyContext) earlyStop(why string) Remedy {
	m, noVal := x.p.val, x.p.val == ""
	if noVal {
		m = x.p.train
	}
	id, q := pyIdent(m), strconv.Quote(m)
	s := snippets{
		torch: fmt.Sprintf("if %s < best - 1e-4:\n    best, bad = %s, 0\n    torch.save(model.state_dict(), \"best.pt\")\nelse:\n    bad += 1\n    if bad >= 5:\n        break", id, id),
		keras: fmt.Sprintf("keras.callbacks.EarlyStopping(monitor=%s, patience=5, restore_best_weights=True)", q),
		hf: fmt.Sprintf("TrainingArguments(..., eval_strategy=\"epoch\", save_strategy=\"epoch\", load_best_model_at_end=True, metric_for_best_model=%s)\n", q) +
			"Trainer(..., callbacks=[EarlyStoppingCallback(early_stopping_patience=5)])",
		lightning:  fmt.Sprintf("Trainer(callbacks=[EarlyStopping(monitor=%s, patience=5), ModelCheckpoint(monitor=%s)])", q, q),
		yolo:       "model.train(data=..., patience=5)  # stops when validation fitness (mAP) stops improving; weights/best.pt keeps the best epoch",
		detectron2: "cfg.TEST.EVAL_PERIOD = cfg.SOLVER.CHECKPOINT_PERIOD\ntrainer.register_hooks([hooks.BestCheckpointer(cfg.TEST.EVAL_PERIOD, trainer.checkpointer, \"bbox/AP\", \"max\")])",
	}
	if noVal {
		s.torch = "# no validation loss in this log: compute one on held-out data; until then:\n" + s.torch
		s.keras += "  # pass validation_data= to fit() to watch a validation loss instead"
		s.hf = "TrainingArguments(..., eval_strategy=\"epoch\", save_strategy=\"epoch\", load_best_model_at_end=True)  # keeps the checkpoint with the lowest evaluation loss\n" +
			"Trainer(..., eval_dataset=held_out, callbacks=[EarlyStoppingCallback(early_stopping_patience=5)])"
	} else {
		s.nanogpt = "always_save_checkpoint = False  # nanoGPT then saves ckpt.pt only when the val loss improves"
	}
	if noVal && HigherIsBetter(m) {
		s.higher(id, q)
	}
	sn := s.pick(x.p)
	if noVal {
		why += "; this log has no validation loss, so nothing in it can show overfitting"
		if strings.Contains(sn, q) || strings.Contains(sn, id+" <") || strings.Contains(sn, id+" >") {
			why += ": until there is one, the snippet watches " + m
		}
	}
	return Remedy{ID: remEarlyStop, Title: "Stop early and keep the best weights", Why: why, Snippet: sn}
}

// higher turns the early-stopping snippets that watch metric id (quoted
// q) the right way up for a metric that is better when higher.
func (s *snippets) higher(id, q string) {
	s.torch = strings.Replace(s.torch, fmt.Sprintf("if %s < best - 1e-4:", id), fmt.Sprintf("if %s > best + 1e-4:", id), 1)
	s.keras = strings.Replace(s.keras, "patience=5,", "mode=\"max\", patience=5,", 1)
	s.lightning = strings.ReplaceAll(s.lightning, "monitor="+q, "monitor="+q+", mode=\"max\"")
}

// pyIdent turns a metric name into a Python identifier for a snippet.
func pyIdent(name string) string {
	b := []byte(strings.ToLower(name))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	s := strings.Trim(string(b), "_")
	if s == "" {
		return "loss"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "m_" + s
	}
	return s
}

// optimizerAdvice is the remedy that changes the optimiser, for a run that
// may be on plain SGD; nil for one that is known to use momentum or an
// adaptive optimiser (every transformer, language model and detector
// recipe), which this advice would not help.
func (x remedyContext) optimizerAdvice(why string) *Remedy {
	if !x.p.family.smallNet() {
		return nil
	}
	title := "Use momentum or Adam"
	switch x.p.optimizer {
	case OptimizerSGD:
		title = "Add momentum or switch to Adam"
	case OptimizerUnknown:
		why = "if the run uses plain SGD: " + why
	default:
		return nil
	}
	return &Remedy{ID: remAdam, Title: title, Why: why, Snippet: snippets{
		torch: "optimizer = torch.optim.Adam(model.parameters(), lr=lr)  # or torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)",
		keras: "keras.optimizers.Adam(learning_rate=lr)  # or keras.optimizers.SGD(learning_rate=lr, momentum=0.9)",
		hf:    "TrainingArguments(..., optim=\"adamw_torch\")",
	}.pick(x.p)}
}

// checkLabels is the remedy for a fine-tune at chance: the labels do not
// reach the model, or its head has the wrong number of classes.
func (x remedyContext) checkLabels(classes int, why string) Remedy {
	return Remedy{ID: "check-labels", Title: "Check that the labels reach the model and the head has " + strconv.Itoa(classes) + " outputs",
		Why: why, Snippet: snippets{
			torch: fmt.Sprintf("print(model.config.num_labels)  # must be %d; the head's outputs: model.classifier.out_features", classes),
			hf:    fmt.Sprintf("AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=%d)  # and a \"labels\" column in the dataset", classes),
		}.pick(x.p)}
}

// The remedies whose text does not depend on the log's numbers, by ID.
const (
	remClip       = "clip-gradients"
	remEarlyStop  = "early-stopping"
	remRegularise = "regularise"
	remShuffle    = "shuffle"
	remAdam       = "momentum-adam"
	remMoreEpochs = "train-longer"
	remReinit     = "reinit-weights"
	remLeaky      = "leaky-relu"
	remWider      = "more-hidden-units"
	remWarmup     = "warmup"
	remBF16       = "bf16"
	remPretrained = "pretrained-weights"
)

// fixed returns the remedy id with why it fits this run and its snippet for
// the log's tool or framework.
func (x remedyContext) fixed(id, why string) Remedy {
	title, sn := fixedRemedy(id)
	return Remedy{ID: id, Title: title, Why: why, Snippet: sn.pick(x.p)}
}
