package detect

import (
	"strings"
)

// tool is the program whose settings a snippet uses, when the log says
// which one wrote it; toolNone falls back to the framework's snippets.
type tool int

const (
	toolNone tool = iota
	toolDetectron2
	toolMMDet
	toolYOLO
	toolNanoGPT
	toolFairseq
)

// toolOf returns the tool that writes logs in format.
func toolOf(format string) tool {
	switch format {
	case "detectron2":
		return toolDetectron2
	case "mmdet":
		return toolMMDet
	case "ultralytics-csv":
		return toolYOLO
	case "nanogpt":
		return toolNanoGPT
	case "fairseq":
		return toolFairseq
	}
	return toolNone
}

// profile is what remedies know about the run beyond its numbers: who wrote
// the log, what it trains and with what, and which metrics it has.
type profile struct {
	framework string
	tool      tool
	family    Family
	// inferred says what the family was read from ("the detectron2 format;
	// loss_rpn_cls"), "" when a front end told it or nothing showed it.
	inferred  string
	optimizer Optimizer
	train     string // the judged metric's name
	val       string // the validation loss's name, "" when the log has none
}

// profile gathers what the tracker knows and infers the rest from the
// format and the metric names seen so far.
func (t *Tracker) profile() profile {
	p := profile{framework: t.framework, optimizer: t.optimizer}
	if t.primary != nil {
		p.train = t.primary.name
	}
	if t.val != nil {
		p.val = t.val.name
	}
	g := t.inferred()
	p.tool, p.family, p.inferred = g.tool, g.family, g.from
	if t.family != FamilyUnknown {
		p.family, p.inferred = t.family, ""
	}
	if p.optimizer == OptimizerUnknown {
		p.optimizer = defaultOptimizer(p.family)
	}
	return p
}

// familyGuess is the tool and family inferred from the format and the
// metric names, kept until a new metric, format or chance level comes:
// State builds remedies every time it is asked.
type familyGuess struct {
	valid       bool
	metrics     int
	format      string
	smallChance bool
	tool        tool
	family      Family
	from        string
}

// inferred returns the tool and family the log shows, inferring them again
// only when what they depend on changed.
func (t *Tracker) inferred() familyGuess {
	// A loss at ln 2 or ln 10 is a classifier's chance level: no language
	// model has so few tokens, whatever the format says.
	small := t.j.chance > 0 && t.j.chance < minVocabulary
	g := &t.guess
	if g.valid && g.metrics == len(t.order) && g.format == t.format && g.smallChance == small {
		return *g
	}
	names := make([]string, len(t.order))
	for i, s := range t.order {
		names[i] = s.name
	}
	*g = familyGuess{valid: true, metrics: len(names), format: t.format, smallChance: small, tool: toolOf(t.format)}
	if g.tool == toolNone {
		g.tool = toolFromNames(names)
	}
	g.family, g.from = inferFamily(t.format, names)
	if g.family == FamilyLanguageModel && small {
		g.family, g.from = FamilyUnknown, ""
	}
	return *g
}

// Family returns the model family remedies assume — told by WithFamily, or
// inferred from the format and the metric names seen so far — and what it
// was inferred from ("the detectron2 format; loss_rpn_cls"), "" when it was
// told or is unknown.
func (t *Tracker) Family() (Family, string) {
	p := t.profile()
	return p.family, p.inferred
}

// minVocabulary is the fewest tokens a language model predicts (a
// character-level one over lower-case letters and a space).
const minVocabulary = 27

// familySignal is a metric-name token and the family it points to.
type familySignal struct {
	token  string
	family Family
}

// in reports whether the metric name carries the signal: as one of its
// tokens, or a run of them ("code_perplexity").
func (sig familySignal) in(name string) bool {
	toks := tokens(name)
	if strings.Contains(sig.token, "_") {
		return strings.Contains("_"+strings.Join(toks, "_")+"_", "_"+sig.token+"_")
	}
	return has(toks, sig.token)
}

// familySignals returns the metric-name tokens that give a family away,
// the strongest first.
func familySignals() []familySignal {
	return []familySignal{
		{"code_perplexity", FamilyTransformer}, {"prob_perplexity", FamilyTransformer},
		{"box", FamilyDetector}, {"rpn", FamilyDetector}, {"obj", FamilyDetector}, {"dfl", FamilyDetector},
		{"map", FamilyDetector}, {"map50", FamilyDetector}, {"bbox", FamilyDetector},
		{"wer", FamilyTransformer}, {"cer", FamilyTransformer}, {"bleu", FamilyTransformer},
		{"rouge1", FamilyTransformer}, {"rougel", FamilyTransformer}, {"seen", FamilyTransformer},
		{"mfu", FamilyLanguageModel}, {"ntokens", FamilyLanguageModel}, {"tokens", FamilyLanguageModel},
		{"tok", FamilyLanguageModel}, {"ppl", FamilyLanguageModel}, {"perplexity", FamilyLanguageModel},
		{"hella", FamilyLanguageModel}, {"hellaswag", FamilyLanguageModel}, {"bpb", FamilyLanguageModel},
		{"trl", FamilyLanguageModel}, {"tel", FamilyLanguageModel},
	}
}

// inferFamily reads the model family from the format and the metric names,
// and says what it read it from. A detector's losses or metrics decide
// first; the HuggingFace Trainer's formats mean a transformer fine-tune
// even where it reports perplexity.
func inferFamily(format string, names []string) (Family, string) {
	byName, evidence := familyFromNames(names)
	fromFormat := familyOfFormat(format)
	var f Family
	switch {
	case byName == FamilyDetector || fromFormat == FamilyDetector:
		f = FamilyDetector
	case strings.HasPrefix(format, "hf-"):
		f = FamilyTransformer
	case byName != FamilyUnknown:
		f = byName
	default:
		f = fromFormat
	}
	if f == FamilyUnknown {
		return f, ""
	}
	var from []string
	switch {
	case strings.HasPrefix(format, "hf-") && f == FamilyTransformer:
		from = append(from, "the HuggingFace Trainer's "+format+" format")
	case fromFormat == f:
		from = append(from, "the "+format+" format")
	}
	if byName == f && len(evidence) > 0 {
		from = append(from, strings.Join(evidence, ", "))
	}
	return f, strings.Join(from, "; ")
}

// familyOfFormat is the family the tools behind a format train.
func familyOfFormat(format string) Family {
	switch format {
	case "detectron2", "mmdet", "ultralytics-csv":
		return FamilyDetector
	case "nanogpt":
		return FamilyLanguageModel
	case "fairseq", "hf-stdout", "hf-trainer-state":
		return FamilyTransformer
	}
	return FamilyUnknown
}

// familyFromNames returns the family the strongest metric-name signal
// points to and up to three names that carry it.
func familyFromNames(names []string) (Family, []string) {
	signals := familySignals()
	best, rank := FamilyUnknown, len(signals)
	for _, n := range names {
		for i, sig := range signals[:rank] {
			if sig.in(n) {
				best, rank = sig.family, i
				break
			}
		}
	}
	var evidence []string
	for _, n := range names {
		for _, sig := range signals {
			if sig.family == best && sig.in(n) && len(evidence) < 3 && !has(evidence, n) {
				evidence = append(evidence, n)
			}
		}
	}
	return best, evidence
}

// toolFromNames recognises a tool by its metric names where the format
// does not (TensorBoard event files written by Detectron2 or YOLOv5).
func toolFromNames(names []string) tool {
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "fast_rcnn/") || n == "loss_rpn_cls":
			return toolDetectron2
		case n == "x/lr0" || strings.HasPrefix(n, "lr/pg") || n == "train/obj_loss" || n == "train/dfl_loss":
			return toolYOLO
		}
	}
	return toolNone
}

// defaultOptimizer is the optimiser the tools behind a family use unless
// told otherwise: AdamW for transformers and language models (the
// HuggingFace Trainer's default, nanoGPT's, fairseq's Adam), SGD with
// momentum for Detectron2 and YOLO.
func defaultOptimizer(f Family) Optimizer {
	switch f {
	case FamilyTransformer, FamilyLanguageModel:
		return OptimizerAdaptive
	case FamilyDetector:
		return OptimizerMomentum
	}
	return OptimizerUnknown
}

// seen says, for a remedy's why, what the log was taken for: "this log
// looks like a fine-tune of a pretrained transformer (the hf-trainer-state
// format; eval_wer)". It is empty when the family is unknown or was told.
func (p profile) seen() string {
	if p.family == FamilyUnknown || p.inferred == "" {
		return ""
	}
	return "this log looks like " + p.family.phrase() + " (" + p.inferred + ")"
}
