package detect

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// smallNetOnly are the remedies that change a small network's architecture
// or initialisation: no use to a pretrained transformer, a language model or
// a detector.
var smallNetOnly = []string{remReinit, remLeaky, remWider}

// lrLiteral matches a learning rate set to a number in a snippet
// ("g["lr"] = 1e-4", "learning_rate=3e-05", "BASE_LR = 0.02").
var lrLiteral = regexp.MustCompile(`(?i)(lr|learning_rate|lr0)"?\]?\s*=\s*[0-9.]`)

func flat(level float64) curveFunc { return func(i, n int) float64 { return level } }

// warmupDecay is a schedule that warms up over the first tenth of n steps
// to peak, then decays linearly to 1/70 of it.
func warmupDecay(peak float64) curveFunc {
	return func(i, n int) float64 {
		if w := n / 10; i < w {
			return peak * float64(i+1) / float64(w)
		}
		return peak * (1 - float64(i-n/10)/float64(n-n/10)*(1-1.0/70))
	}
}

func ids(rs []Remedy) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func hasID(rs []Remedy, id string) *Remedy {
	for i := range rs {
		if rs[i].ID == id {
			return &rs[i]
		}
	}
	return nil
}

func TestRemediesFitTheModelFamily(t *testing.T) {
	chance4 := synth("loss", 1500, flat(math.Log(4)), 0.01, 31)
	stuck := synth("loss", 1500, flat(1.0), 0.02, 32)
	tests := []struct {
		name string
		kind string
		pts  []point
		opts []Option
		// want are remedy IDs that must be there; smallNet says whether
		// small-network advice may be given.
		want     []string
		smallNet bool
		why      string // must appear in some remedy's why
		snippet  string // must appear in some remedy's snippet
	}{
		{name: "MLP demo at chance gets initialisation and capacity advice", kind: KindPlateau,
			pts:  merge(synth("loss", 1500, flat(math.Log(10)), 0.01, 33), synth("lr", 1500, flat(1e-3), 0, 34)),
			opts: []Option{WithFamily(FamilyMLP)}, want: []string{remReinit, remLeaky, "raise-lr", remWider}, smallNet: true,
			snippet: `g["lr"] = 0.01`},
		{name: "unknown family keeps small-network advice", kind: KindPlateau, pts: stuck,
			want: []string{"raise-lr", remWider, remAdam, remReinit}, smallNet: true, snippet: `g["lr"] *= 10`},
		{name: "transformer fine-tune at chance checks labels and lowers the peak", kind: KindPlateau,
			pts:  merge(chance4, synth("eval_wer", 1500, flat(0.7), 0.01, 35), synth("learning_rate", 1500, warmupDecay(4.94e-5), 0, 36)),
			opts: []Option{WithFormat("hf-trainer-state"), WithFramework("huggingface")},
			want: []string{"check-labels", "lower-lr"}, why: "this log looks like a transformer", snippet: "num_labels=4"},
		{name: "detector plateau: base rate, pretrained weights, annotations", kind: KindPlateau,
			pts: merge(synth("total_loss", 1500, flat(1.2), 0.02, 37), synth("loss_box_reg", 1500, flat(0.4), 0.02, 38),
				synth("lr", 1500, flat(0.02), 0, 39)),
			opts: []Option{WithFormat("detectron2"), WithFramework("pytorch")},
			want: []string{"raise-lr", remPretrained, "more-data"}, why: "an object detector", snippet: "cfg.SOLVER.BASE_LR = 0.06"},
		{name: "language model with NaN: relative rate, bf16, no invented literal", kind: KindNonfinite,
			pts:  merge(synth("loss", 400, decay(10, 100, 0.3), 0.02, 40), []point{{"loss", 401, math.NaN()}}, synth("mfu", 400, flat(0.3), 0, 41)),
			opts: []Option{WithFormat("nanogpt"), WithFramework("pytorch")},
			want: []string{"lower-lr", remClip, remBF16}, why: "language-model pre-training", snippet: "learning_rate *= 0.1"},
		{name: "language model plateau is not told about hidden units", kind: KindPlateau,
			pts:  merge(synth("train_loss", 1500, flat(8.2), 0.01, 42), synth("tok/s", 1500, flat(5e4), 0.01, 43)),
			want: []string{"raise-lr", remWarmup}, why: "tok/s"},
		{name: "Keras CNN without a learning rate scales the rate it has", kind: KindSlow,
			pts:  synth("loss", 60, func(i, n int) float64 { return 2 - float64(i)/100 }, 0.005, 44),
			opts: []Option{WithFramework("keras"), WithFormat("keras-csv"), WithFamily(FamilyConvNet)},
			want: []string{"raise-lr", remAdam}, smallNet: true,
			snippet: "model.optimizer.learning_rate.assign(model.optimizer.learning_rate * 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFind(t, tt.kind, tt.pts, tt.opts...)
			for _, id := range tt.want {
				if hasID(f.Remedies, id) == nil {
					t.Errorf("no %s among %v", id, ids(f.Remedies))
				}
			}
			if !tt.smallNet {
				for _, id := range smallNetOnly {
					if hasID(f.Remedies, id) != nil {
						t.Errorf("small-network advice %s given: %v", id, ids(f.Remedies))
					}
				}
			}
			var whys, snippets strings.Builder
			for _, r := range f.Remedies {
				whys.WriteString(r.Why + "\n")
				snippets.WriteString(r.Snippet + "\n")
			}
			if !strings.Contains(whys.String(), tt.why) {
				t.Errorf("no why says %q:\n%s", tt.why, whys.String())
			}
			if !strings.Contains(snippets.String(), tt.snippet) {
				t.Errorf("no snippet has %q:\n%s", tt.snippet, snippets.String())
			}
		})
	}
}

func TestLearningRateNeverComesFromTheEndOfADecay(t *testing.T) {
	// A transformer that stalls above chance: raise from the peak 4.94e-05,
	// not from the 7e-07 the decay ended at.
	pts := merge(synth("loss", 1500, flat(1.0), 0.02, 50), synth("learning_rate", 1500, warmupDecay(4.94e-5), 0, 51))
	f := mustFind(t, KindPlateau, pts, WithFormat("hf-stdout"), WithFramework("huggingface"))
	r := hasID(f.Remedies, "raise-lr")
	if r == nil {
		t.Fatalf("no raise-lr among %v", ids(f.Remedies))
	}
	to := r.Title[strings.LastIndex(r.Title, "→ ")+len("→ "):]
	v, err := strconv.ParseFloat(to, 64)
	if err != nil || v < 4.94e-5 || !strings.Contains(r.Title, "4.94e-05 →") {
		t.Errorf("raise %q goes to %v, below the peak 4.94e-05", r.Title, v)
	}
	if !strings.Contains(r.Why, "peaked at 4.94e-05") || !strings.Contains(r.Snippet, "learning_rate=0.000148") {
		t.Errorf("why %q / snippet %q do not say the peak", r.Why, r.Snippet)
	}
}

func TestLogsWithoutALearningRateGetRelativeSnippets(t *testing.T) {
	for _, fw := range []string{"", "pytorch", "keras", "huggingface", "lightning"} {
		tr := New(WithFramework(fw))
		feed(tr, merge(synth("loss", 300, decay(1, 60, 0.2), 0.02, 60), []point{{"loss", 301, math.NaN()}}))
		tr.Observe("loss", 302, 0.5) // a plateau remedy on the same screen must not invent one either
		for _, f := range tr.State().Findings {
			for _, r := range f.Remedies {
				if lrLiteral.MatchString(r.Snippet) {
					t.Errorf("%s: %s remedy %s invents a learning rate: %q", fw, f.Kind, r.ID, r.Snippet)
				}
				if (r.ID == "lower-lr" || r.ID == "raise-lr") && !strings.Contains(r.Snippet, "*") {
					t.Errorf("%s: %s is not relative: %q", fw, r.ID, r.Snippet)
				}
			}
		}
	}
}

func TestEarlyStoppingWatchesAMetricTheLogHas(t *testing.T) {
	tests := []struct {
		framework, format string
		val               bool
		want, not         string
	}{
		{"keras", "keras-csv", false, `monitor="loss"`, "val_loss"},
		{"keras", "keras-csv", true, `monitor="val_loss"`, ""},
		{"lightning", "lightning-csv", false, `monitor="loss"`, "val_loss"},
		{"pytorch", "jsonl", false, "if loss < best", "val_loss"},
		{"huggingface", "hf-stdout", false, "eval_dataset=", "eval_loss"},
		{"pytorch", "detectron2", false, "BestCheckpointer", "val_loss"},
	}
	for _, tt := range tests {
		pts := synth("loss", 1500, decay(1, 150, 0.05), 0.05, 1)
		if tt.val {
			pts = merge(pts, synth("val_loss", 1500, decay(1, 150, 0.06), 0.01, 2))
		}
		f := mustFind(t, KindConverged, pts, WithFramework(tt.framework), WithFormat(tt.format))
		r := hasID(f.Remedies, remEarlyStop)
		if r == nil || !strings.Contains(r.Snippet, tt.want) || tt.not != "" && strings.Contains(r.Snippet, tt.not) {
			t.Errorf("%s, val %v: early stopping %+v, want %q and not %q", tt.format, tt.val, r, tt.want, tt.not)
			continue
		}
		if !tt.val && !strings.Contains(r.Why, "no validation loss") {
			t.Errorf("%s: why %q does not say the log has no validation loss", tt.format, r.Why)
		}
	}
}

func TestOptimizerAdviceOnlyForRunsThatMayUsePlainSGD(t *testing.T) {
	stuck := synth("loss", 1500, flat(1.0), 0.02, 70)
	tests := []struct {
		opt   Option
		title string // "" when the remedy must be absent
	}{
		{WithOptimizer(OptimizerUnknown), "Use momentum or Adam"},
		{WithOptimizer(ParseOptimizer("sgd")), "Add momentum or switch to Adam"},
		{WithOptimizer(ParseOptimizer("AdamW")), ""},
		{WithOptimizer(ParseOptimizer("SGD(momentum=0.9)")), ""},
		{WithFormat("hf-trainer-state"), ""}, // the Trainer's default is AdamW
	}
	for _, tt := range tests {
		r := hasID(mustFind(t, KindPlateau, stuck, tt.opt).Remedies, remAdam)
		switch {
		case tt.title == "" && r != nil:
			t.Errorf("told to switch optimiser: %+v", r)
		case tt.title != "" && (r == nil || r.Title != tt.title):
			t.Errorf("remedy %+v, want %q", r, tt.title)
		}
	}
}

func TestParseOptimizer(t *testing.T) {
	tests := map[string]Optimizer{
		"AdamW": OptimizerAdaptive, "adamw_torch_fused": OptimizerAdaptive, "using fused AdamW: False": OptimizerAdaptive,
		"rmsprop": OptimizerAdaptive, "Adafactor": OptimizerAdaptive, "torch.optim.SGD": OptimizerSGD,
		"sgd": OptimizerSGD, "SGD with nesterov momentum": OptimizerMomentum, "": OptimizerUnknown, "mystery": OptimizerUnknown,
	}
	for name, want := range tests {
		if got := ParseOptimizer(name); got != want {
			t.Errorf("ParseOptimizer(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestFamilyIsInferredFromFormatAndMetricNames(t *testing.T) {
	tests := []struct {
		format string
		names  []string
		want   Family
	}{
		{"detectron2", []string{"total_loss", "lr"}, FamilyDetector},
		{"tfevents", []string{"train/box_loss", "train/obj_loss", "x/lr0"}, FamilyDetector},
		{"ultralytics-csv", []string{"train/box_loss"}, FamilyDetector},
		{"hf-trainer-state", []string{"loss", "eval_loss", "eval_wer"}, FamilyTransformer},
		{"hf-stdout", []string{"loss", "eval_perplexity"}, FamilyTransformer},
		{"fairseq", []string{"loss", "ntokens", "code_perplexity"}, FamilyTransformer},
		{"nanogpt", []string{"loss", "val_loss", "mfu"}, FamilyLanguageModel},
		{"kv-text", []string{"loss", "ntokens"}, FamilyLanguageModel},
		{"lightning-csv", []string{"train_loss_step", "val_perplexity"}, FamilyLanguageModel},
		{"keras-csv", []string{"loss", "accuracy", "val_loss"}, FamilyUnknown},
		{"csv", []string{"loss"}, FamilyUnknown},
	}
	for _, tt := range tests {
		got, from := inferFamily(tt.format, tt.names)
		if got != tt.want || got != FamilyUnknown && from == "" {
			t.Errorf("%s %v: %s (from %q), want %s", tt.format, tt.names, got, from, tt.want)
		}
	}
}

func TestChanceLevelOfAFewClassesIsNoLanguageModel(t *testing.T) {
	// nanoGPT's format, but a loss at ln 10: a 10-class classifier.
	f := mustFind(t, KindPlateau, synth("loss", 1500, flat(math.Log(10)), 0.01, 80), WithFormat("nanogpt"))
	if hasID(f.Remedies, remReinit) == nil {
		t.Errorf("remedies %v, want the small-network advice for a classifier at chance", ids(f.Remedies))
	}
}

func TestSetSourceAfterPointsGivesTheFrameworksSnippets(t *testing.T) {
	tr := New()
	feed(tr, synth("loss", 1500, flat(math.Log(10)), 0.01, 90))
	tr.SetSource("keras-csv", "keras")
	f := findingOf(tr.State(), KindPlateau)
	if f == nil || !strings.HasPrefix(f.Remedies[0].Snippet, "layers.Dense") {
		t.Fatalf("remedies after SetSource: %+v", f)
	}
	tr = New(WithFramework("lightning"))
	tr.SetSource("keras-csv", "keras") // an explicit framework stands
	feed(tr, synth("loss", 1500, flat(math.Log(10)), 0.01, 90))
	if f := findingOf(tr.State(), KindPlateau); strings.HasPrefix(f.Remedies[0].Snippet, "layers.") {
		t.Errorf("SetSource overrode WithFramework: %q", f.Remedies[0].Snippet)
	}
	if fam, _ := New(WithFormat("detectron2")).Family(); fam != FamilyDetector {
		t.Errorf("Family() = %s, want detector", fam)
	}
}

func TestParseFamilyRoundTrips(t *testing.T) {
	for f := FamilyUnknown; f <= FamilyDetector; f++ {
		if got, ok := ParseFamily(f.String()); !ok || got != f {
			t.Errorf("ParseFamily(%q) = %v, %v", f.String(), got, ok)
		}
	}
	if _, ok := ParseFamily("gan"); ok {
		t.Error("ParseFamily accepted an unknown family")
	}
}

// BenchmarkStateWithRemedies measures State on a detector log with a
// learning-rate schedule and nothing new to judge: every call still builds
// the findings' remedies, so the family guess and the schedule read must
// stay cheap.
func BenchmarkStateWithRemedies(b *testing.B) {
	names := []string{"total_loss", "loss_box_reg", "loss_cls", "loss_mask", "loss_rpn_cls", "loss_rpn_loc",
		"fast_rcnn/cls_accuracy", "fast_rcnn/fg_cls_accuracy", "mask_rcnn/accuracy", "data_time", "eta_seconds"}
	tr := New(WithFormat("detectron2"), WithFramework("pytorch"))
	for i := 0; i < 100000; i++ {
		for _, n := range names {
			tr.Observe(n, float64(i), 1+0.01*math.Sin(float64(i)))
		}
		tr.Observe("lr", float64(i), warmupDecay(0.02)(i, 100000))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if st := tr.State(); len(st.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}

// FuzzFamilyAndOptimizerNames feeds arbitrary metric and optimiser names:
// inference never panics, and a family it names comes with what it read.
func FuzzFamilyAndOptimizerNames(f *testing.F) {
	f.Add("detectron2", "loss_rpn_cls", "sgd")
	f.Add("hf-trainer-state", "eval_wer", "adamw_torch_fused")
	f.Add("", "code_perplexity", "")
	f.Fuzz(func(t *testing.T, format, name, opt string) {
		fam, from := inferFamily(format, []string{name, "loss"})
		if fam < FamilyUnknown || fam > FamilyDetector || fam != FamilyUnknown && from == "" {
			t.Errorf("inferFamily(%q, %q) = %v, %q", format, name, fam, from)
		}
		if o := ParseOptimizer(opt); o < OptimizerUnknown || o > OptimizerAdaptive {
			t.Errorf("ParseOptimizer(%q) = %d", opt, o)
		}
		_ = toolFromNames([]string{name})
		_ = pyIdent(name)
	})
}
