package detect

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// snippets holds one remedy's code for each framework; an empty field falls
// back to the PyTorch one.
type snippets struct{ torch, keras, hf, lightning string }

// pick returns the snippet for the framework that wrote the log.
func (s snippets) pick(framework string) string {
	var v string
	switch strings.ToLower(framework) {
	case "keras", "tensorflow", "tf":
		v = s.keras
	case "huggingface", "hf", "transformers":
		v = s.hf
	case "lightning", "pytorch-lightning", "pytorch_lightning":
		v = s.lightning
	}
	if v == "" {
		v = s.torch
	}
	return v
}

// remedyContext is what the catalogue needs to make a remedy concrete.
type remedyContext struct {
	framework string
	lr        float64 // the log's last learning rate, 0 if unknown
	j         *judgement
	f         *Finding
}

// lrChange describes a learning-rate change by factor, with the log's own
// value when it is known ("3e-4 → 1e-4"), and returns the new value for
// snippets (a placeholder when unknown).
func (x remedyContext) lrChange(factor float64) (desc, value string) {
	if x.lr > 0 {
		nv := x.lr * factor
		return fmt.Sprintf("%s → %s", num(x.lr), num(nv)), code(nv)
	}
	if factor < 1 {
		return fmt.Sprintf("divide it by %s", num(1/factor)), "1e-4"
	}
	return fmt.Sprintf("multiply it by %s", num(factor)), "1e-3"
}

// remedies returns the ordered remedies for a finding.
func (t *Tracker) remedies(f Finding) []Remedy {
	x := remedyContext{framework: t.framework, j: &t.j, f: &f}
	if t.lr != nil && finite(t.lr.sum.Last) && t.lr.sum.Last > 0 {
		x.lr = t.lr.sum.Last
	}
	j := &t.j
	ev := f.Evidence
	var out []Remedy
	add := func(r Remedy) { out = append(out, r) }
	switch f.Kind {
	case KindNonfinite:
		add(t.lowerLRFrom(x, f.SinceStep, fmt.Sprintf("the loss overflowed to non-finite at step %s; a step size that large throws the weights out of range", stepStr(f.SinceStep))))
		add(x.fixed(remClip, fmt.Sprintf("a single huge gradient is enough to produce NaN at step %s; clipping bounds every update", stepStr(f.SinceStep))))
		add(x.checkpoint(ev["best_step"], "everything after the first NaN is lost; resume from the last good weights with the smaller learning rate"))
		add(Remedy{ID: "detect-anomaly", Title: "Find the operation that produces the first NaN",
			Why:     "if the learning rate is not the cause, a log of 0, a division by zero or bad input data is",
			Snippet: "torch.autograd.set_detect_anomaly(True)"})
	case KindDiverging:
		onset, best, bestStep := f.SinceStep, ev["best"], ev["best_step"]
		add(t.lowerLRFrom(x, onset, fmt.Sprintf("the loss climbed %sx above its best after step %s: the steps are too large for this point of training", num(ev["ratio"]), stepStr(onset))))
		add(x.checkpoint(bestStep, fmt.Sprintf("the weights were best around step %s (loss %s); the steps after it undid the progress", stepStr(bestStep), num(best))))
		add(x.fixed(remClip, "clipping stops single large gradients from throwing the weights out of the basin"))
	case KindOscillating:
		if j.periodSteps > 0 {
			add(x.fixed(remShuffle, fmt.Sprintf("the swings repeat every ~%s steps (autocorrelation %s): batches come in a fixed order, so each stretch of the epoch pulls the model towards different classes", num(j.periodSteps), num(j.periodACF))))
		}
		add(x.lowerLR(1.0/3, fmt.Sprintf("the loss swings ±%s around its trend: each step overshoots the minimum", pct(j.noise))))
		add(x.fixed(remAdam, "momentum averages the gradient over steps and damps the zig-zag"))
		if j.periodSteps == 0 {
			add(x.fixed(remShuffle, "unshuffled or class-sorted data make successive batches disagree"))
		}
		add(x.fixed(remClip, "large single updates make the swings worse"))
	case KindOverfitting:
		add(x.fixed(remEarlyStop, fmt.Sprintf("validation loss was lowest at step %s (%s) and is %sx higher now: stop there and keep those weights", stepStr(j.valMinStep), num(j.valMin), num(j.valRatio))))
		add(x.fixed(remRegularise, "the training loss keeps falling while validation rises: the model memorises the training set"))
		add(Remedy{ID: "more-data", Title: "Use more (or cleaner) training data, or augment it",
			Why: "the gap between training and validation loss is the model fitting noise it will not see again; more varied data, or fixing mislabelled examples, closes it"})
	case KindConverged:
		add(x.fixed(remEarlyStop, fmt.Sprintf("nothing to fix — the loss has stayed within ±%s of %s since step %s; consider stopping and keep the best weights", num(j.band), num(j.end), stepStr(f.SinceStep))))
	case KindConverging:
		if j.trendShare < settledShare {
			add(x.fixed(remMoreEpochs, "the loss is levelling off; a little longer shows whether it has settled — nothing to fix yet"))
			break
		}
		add(x.fixed(remMoreEpochs, fmt.Sprintf("the loss is still falling significantly (%s lower over the last %s steps, Mann-Kendall z = %s); more steps will still pay off",
			pct(-j.recentChange), count(j.recentSpan), num(j.z))))
	case KindSlow:
		add(x.raiseLR(3, fmt.Sprintf("the loss fell only %s in %s steps with a clear trend: the steps are too small", pct(j.progress), count(j.lastStep-j.firstStep))))
		add(x.fixed(remAdam, "Adam (or SGD with momentum) takes larger effective steps along consistent directions"))
		if !math.IsInf(j.stepsToHalve, 1) {
			add(x.fixed(remMoreEpochs, fmt.Sprintf("at this rate the loss needs about %s more steps to halve", count(j.stepsToHalve))))
		}
	case KindPlateau:
		t.plateauRemedies(x, add)
	case KindSpike:
		if _, ok := ev["grad_norm_spike_step"]; ok {
			add(x.fixed(remClip, "the gradient norm spiked just before the loss did: clipping removes exactly those updates"))
			add(x.lowerLR(0.5, "repeated spikes mean some updates are too large"))
		} else {
			add(x.lowerLR(0.5, "repeated spikes mean some updates are too large"))
			add(x.fixed(remClip, "clipping bounds the update of an unusual batch"))
		}
		add(Remedy{ID: "inspect-batch", Title: fmt.Sprintf("Look at the batch of step %s", stepStr(ev["spike_step"])),
			Why: "an isolated spike is often one bad or mislabelled batch"})
	}
	return out
}

// lowerLRFrom is the remedy for a loss that blew up at onset: when a
// schedule had raised the learning rate since, lower the peak below what it
// was at the onset; otherwise divide it by 10.
func (t *Tracker) lowerLRFrom(x remedyContext, onset float64, why string) Remedy {
	lrOn, ok := t.lrAt(onset)
	if !ok || x.lr <= 0 || lrOn >= 0.8*x.lr {
		return x.lowerLR(10, why)
	}
	nv := lrOn / 2
	return Remedy{ID: "lower-lr", Title: fmt.Sprintf("Lower the peak learning rate: %s → %s", num(x.lr), num(nv)),
		Why: fmt.Sprintf("the loss began to blow up at step %s, when the schedule had raised the learning rate to %s (it is %s now): keep the peak of the warm-up below that",
			stepStr(onset), num(lrOn), num(x.lr)),
		Snippet: x.lrSnippet(code(nv))}
}

// lrAt returns the logged learning rate around step.
func (t *Tracker) lrAt(step float64) (float64, bool) {
	if t.lr == nil || len(t.lr.hist.buckets) == 0 {
		return 0, false
	}
	bs := t.lr.hist.buckets
	i := sort.Search(len(bs), func(i int) bool { return bs[i].last >= step })
	i = min(i, len(bs)-1)
	return bs[i].mean(), true
}

func (t *Tracker) plateauRemedies(x remedyContext, add func(Remedy)) {
	j := x.j
	if j.chance > 0 {
		add(x.fixed(remReinit, fmt.Sprintf("the loss sits at ln %d = %s, what a network that outputs the same for every input scores: the weights or the initialisation give it no signal", j.chance, num(j.end))))
		add(x.fixed(remLeaky, "ReLUs that only ever see negative input output 0 and get no gradient (dead ReLUs); LeakyReLU keeps a small slope"))
		add(x.raiseLR(10, "no progress at all may also mean the steps are far too small"))
		add(x.fixed(remWider, "a network with too few hidden units cannot do better than chance on a hard task"))
		return
	}
	add(x.raiseLR(10, fmt.Sprintf("the loss improved only %s in %s steps: the steps may be far too small", pct(maxf(0, j.progress)), count(j.lastStep-j.firstStep))))
	add(x.fixed(remWider, "a network with too few hidden units levels off early"))
	add(x.fixed(remAdam, "Adam adapts the step size per weight and escapes flat regions faster"))
	add(x.fixed(remReinit, "a bad initialisation (too large, or saturating sigmoid/tanh units) can leave the network stuck"))
	add(Remedy{ID: "more-data", Title: "Check the labels and the data",
		Why: "if the labels are noisy or the inputs carry little signal, the loss cannot fall much further"})
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
