package detect

import (
	"strings"
)

// Family is the kind of model a run trains, as far as its log shows it. It
// decides which remedies fit: more hidden units help a small network stuck
// at chance, not a transformer fine-tune or a detector.
type Family int

// The families remedies tell apart.
const (
	// FamilyUnknown: the log does not say (a bare loss column). Remedies
	// stay general, with small-network advice offered as such.
	FamilyUnknown Family = iota
	// FamilyMLP is a small fully connected network.
	FamilyMLP
	// FamilyConvNet is a convolutional image model trained from scratch or
	// fine-tuned (a Keras CNN, a ResNet).
	FamilyConvNet
	// FamilyTransformer is a transformer other than a language model
	// pre-trained from scratch: a fine-tune of a pretrained one (the
	// HuggingFace Trainer: text classification, speech, SFT) or a fairseq
	// speech or translation model.
	FamilyTransformer
	// FamilyLanguageModel is language-model pre-training (nanoGPT, llm.c,
	// logs that count tokens or report MFU or perplexity).
	FamilyLanguageModel
	// FamilyDetector is an object detector or segmenter (Detectron2,
	// MMDetection, YOLO).
	FamilyDetector
)

// String names the family as --family and check --json would.
func (f Family) String() string {
	switch f {
	case FamilyMLP:
		return "mlp"
	case FamilyConvNet:
		return "convnet"
	case FamilyTransformer:
		return "transformer"
	case FamilyLanguageModel:
		return "language-model"
	case FamilyDetector:
		return "detector"
	}
	return "unknown"
}

// ParseFamily returns the family String names s; false when s names none.
func ParseFamily(s string) (Family, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for f := FamilyUnknown; f <= FamilyDetector; f++ {
		if f.String() == s {
			return f, true
		}
	}
	return FamilyUnknown, false
}

// phrase describes the family inside a sentence ("a transformer fine-tune").
func (f Family) phrase() string {
	switch f {
	case FamilyMLP:
		return "a small fully connected network"
	case FamilyConvNet:
		return "a convolutional network"
	case FamilyTransformer:
		return "a transformer"
	case FamilyLanguageModel:
		return "language-model pre-training"
	case FamilyDetector:
		return "an object detector"
	}
	return "a model of unknown kind"
}

// smallNet reports whether advice for small networks trained from scratch
// (He initialisation, LeakyReLU, more hidden units) may be given: never to
// a pretrained transformer, a language model or a detector, whose
// architecture is not the run's to change.
func (f Family) smallNet() bool {
	return f == FamilyUnknown || f == FamilyMLP || f == FamilyConvNet
}

// Optimizer is the kind of optimiser a run uses, as far as it is known.
type Optimizer int

// The optimiser kinds remedies tell apart.
const (
	// OptimizerUnknown: the log does not say.
	OptimizerUnknown Optimizer = iota
	// OptimizerSGD is plain stochastic gradient descent, without momentum.
	OptimizerSGD
	// OptimizerMomentum is SGD with momentum (or Nesterov).
	OptimizerMomentum
	// OptimizerAdaptive is Adam, AdamW or another optimiser with per-weight
	// step sizes (RMSprop, Adafactor, Adagrad, Lion, LAMB, Muon...).
	OptimizerAdaptive
)

// ParseOptimizer classifies an optimiser name as a log or a configuration
// writes it: "AdamW", "adamw_torch_fused", "torch.optim.SGD", "rmsprop",
// "sgd_momentum". A bare "sgd" is plain SGD; "" and names it does not know
// are OptimizerUnknown.
func ParseOptimizer(name string) Optimizer {
	toks := tokens(name)
	adaptive := []string{"adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adafactor", "adagrad",
		"adadelta", "lion", "lamb", "lars", "muon", "sophia", "shampoo", "paged", "ftrl"}
	for _, t := range toks {
		for _, a := range adaptive {
			if t == a || strings.HasPrefix(t, a) && (a == "adam" || a == "lion") {
				return OptimizerAdaptive
			}
		}
	}
	if has(toks, "momentum") || has(toks, "nesterov") || has(toks, "sgdm") {
		return OptimizerMomentum
	}
	if has(toks, "sgd") {
		return OptimizerSGD
	}
	return OptimizerUnknown
}

// WithFormat names the log's format as monitor names it ("keras-csv",
// "detectron2", "nanogpt", "hf-trainer-state"...): remedies infer from it
// the model family and the tool whose settings their snippets use.
func WithFormat(format string) Option { return func(t *Tracker) { t.format = format } }

// WithFamily tells the tracker the model family when the front end knows it
// (the demo trains an MLP), instead of inferring it from the log.
func WithFamily(f Family) Option { return func(t *Tracker) { t.family = f } }

// WithOptimizer tells the tracker the run's optimiser (see ParseOptimizer),
// when the front end found it (a configuration line, trainer_state's
// arguments). Without it the optimiser is inferred from the format.
func WithOptimizer(o Optimizer) Option { return func(t *Tracker) { t.optimizer = o } }

// SetSource tells the tracker the log's format and framework once a front
// end has recognised them, which may be after points arrived (a followed
// file whose format is sniffed from its first lines). Only what no option
// fixed is filled in: an explicit WithFramework or WithFormat stands.
// Both only shape remedies, so the verdict is unaffected.
func (t *Tracker) SetSource(format, framework string) {
	if t.format == "" {
		t.format = format
	}
	if t.framework == "" {
		t.framework = framework
	}
}
