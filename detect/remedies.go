package detect

import (
	"fmt"
	"math"
)

// remedyContext is what the catalogue needs to make a remedy concrete: the
// run's profile (framework, tool, family, optimiser, metric names), its
// learning-rate schedule, and the judgement and finding it answers.
type remedyContext struct {
	p     profile
	sched schedule
	t     *Tracker
	j     *judgement
	f     *Finding
}

// dir is loss for a primary that is better when lower, higher for one
// better when higher: the words a remedy's why uses for it.
func (x remedyContext) dir(loss, higher string) string {
	if x.t.primary.higher {
		return higher
	}
	return loss
}

// name is the primary metric's name, said in a why.
func (x remedyContext) name() string { return x.t.primary.name }

// improvedOnly says how little the primary improved over the run.
func (x remedyContext) improvedOnly() string {
	j := x.j
	return fmt.Sprintf("%s only %s in %s", x.dir("the loss improved", x.name()+" closed"), pct(math.Max(0, j.progress))+x.dir("", " of its gap"), x.t.span(j.lastStep-j.firstStep))
}

func (x remedyContext) lrAt(step float64) (float64, bool) { return x.t.lrAt(step) }

// because appends to a remedy's why what the log was taken for, when the
// remedy was chosen for that family.
func (x remedyContext) because(why string) string {
	if s := x.p.seen(); s != "" {
		return why + "; " + s
	}
	return why
}

// remedies returns the ordered remedies for a finding.
func (t *Tracker) remedies(f Finding) []Remedy {
	x := remedyContext{p: t.profile(), sched: t.schedule(), t: t, j: &t.j, f: &f}
	var out []Remedy
	add := func(r Remedy) { out = append(out, r) }
	addOpt := func(r *Remedy) {
		if r != nil {
			out = append(out, *r)
		}
	}
	switch f.Kind {
	case KindNonfinite:
		x.nonfiniteRemedies(add)
	case KindDiverging:
		ev := f.Evidence
		onset, best, bestStep := x.t.off(f.SinceStep), ev["best"], f.StepEvidence["best_step"]
		add(x.changeLR(0.1, onset, x.dir(fmt.Sprintf("the loss climbed %sx above its best after %s: the steps are too large for this point of training", num(ev["ratio"]), x.t.pos(onset)),
			fmt.Sprintf("%s fell after %s, its shortfall %sx that at its best: the steps are too large for this point of training", x.name(), x.t.pos(onset), num(ev["ratio"])))))
		add(x.checkpoint(bestStep, fmt.Sprintf("the weights were best around %s (%s %s); the steps after it undid the progress", x.t.posText(bestStep), x.dir("loss", x.name()), num(best))))
		add(x.fixed(remClip, "clipping stops single large gradients from throwing the weights out of the basin"))
		x.warmup(add, "large updates before the optimiser's statistics settle are what a warm-up prevents")
	case KindOscillating:
		j := x.j
		if j.periodSteps > 0 {
			add(x.fixed(remShuffle, fmt.Sprintf("the swings repeat every ~%s (autocorrelation %s): batches come in a fixed order, so each stretch of the epoch pulls the model towards different classes", x.t.spanNum(j.periodSteps), num(j.periodACF))))
		}
		add(x.changeLR(1.0/3, math.NaN(), x.dir(fmt.Sprintf("the loss swings ±%s around its trend: each step overshoots the minimum", pct(j.noise)),
			fmt.Sprintf("%s swings ±%s of its shortfall around its trend: each step overshoots the optimum", x.name(), pct(j.noise)))))
		addOpt(x.optimizerAdvice("momentum averages the gradient over steps and damps the zig-zag"))
		if j.periodSteps == 0 {
			add(x.fixed(remShuffle, "unshuffled or class-sorted data make successive batches disagree"))
		}
		add(x.fixed(remClip, "large single updates make the swings worse"))
	case KindOverfitting:
		j := x.j
		add(x.earlyStop(fmt.Sprintf("validation loss was lowest at %s (%s) and is %sx higher now: stop there and keep those weights", x.t.pos(j.valMinStep), num(j.valMin), num(j.valRatio))))
		add(x.fixed(remRegularise, x.dir("the training loss keeps falling", x.name()+" keeps rising")+" while validation rises: the model memorises the training set"))
		add(Remedy{ID: "more-data", Title: "Use more (or cleaner) training data, or augment it",
			Why: "the gap between training and validation loss is the model fitting noise it will not see again; more varied data, or fixing mislabelled examples, closes it"})
	case KindConverged:
		j := x.j
		add(x.earlyStop(fmt.Sprintf("nothing to fix — %s has stayed within ±%s of %s since %s; consider stopping and keep the best weights", x.dir("the loss", x.name()), num(j.band), num(x.t.primary.shown(j.end)), x.t.posText(f.SinceStep))))
	case KindConverging:
		j := x.j
		if j.trendShare < settledShare {
			add(x.fixed(remMoreEpochs, x.dir("the loss", x.name())+" is levelling off; a little longer shows whether it has settled — nothing to fix yet"))
			break
		}
		add(x.fixed(remMoreEpochs, x.dir(fmt.Sprintf("the loss is still falling significantly (%s lower over the last %s, Mann-Kendall z = %s); more steps will still pay off",
			pct(-j.recentTrend()), x.t.span(j.recentSpan), num(j.z)),
			fmt.Sprintf("%s is still rising significantly (%s more of its gap closed over the last %s, Mann-Kendall z = %s); more steps will still pay off",
				x.name(), pct(-j.recentTrend()), x.t.span(j.recentSpan), num(-j.z)))))
	case KindSlow:
		x.slowRemedies(add)
	case KindPlateau:
		x.plateauRemedies(add)
	case KindSpike:
		x.spikeRemedies(add)
	}
	return out
}

func (x remedyContext) nonfiniteRemedies(add func(Remedy)) {
	since := x.t.off(x.f.SinceStep)
	add(x.changeLR(0.1, since, fmt.Sprintf("%s overflowed to non-finite at %s; a step size that large throws the weights out of range", x.dir("the loss", "training"), x.t.pos(since))))
	add(x.fixed(remClip, fmt.Sprintf("a single huge gradient is enough to produce NaN at %s; clipping bounds every update", x.t.pos(since))))
	if x.p.family == FamilyTransformer || x.p.family == FamilyLanguageModel {
		add(x.fixed(remBF16, x.because("float16 overflows above 65,504 where bfloat16 keeps float32's range; mixed-precision NaNs in transformers usually come from that")))
	}
	add(x.checkpoint(x.f.StepEvidence["best_step"], "everything after the first NaN is lost; resume from the last good weights with the smaller learning rate"))
	anomaly := snippets{torch: "torch.autograd.set_detect_anomaly(True)", keras: "tf.debugging.enable_check_numerics()"}
	add(Remedy{ID: "detect-anomaly", Title: "Find the operation that produces the first NaN",
		Why:     "if the learning rate is not the cause, a log of 0, a division by zero or bad input data is",
		Snippet: anomaly.pick(x.p)})
}

// warmup adds the warm-up remedy for a family trained with one (a
// transformer, a language model, a detector) when the logged schedule
// shows none.
func (x remedyContext) warmup(add func(Remedy), why string) {
	if x.p.family.smallNet() || x.sched.known && x.sched.warmupEnd {
		return
	}
	if !x.sched.known {
		why += " (the log has no learning rate, so whether the run warms up is not known)"
	}
	add(x.fixed(remWarmup, x.because(why)))
}

func (x remedyContext) slowRemedies(add func(Remedy)) {
	j := x.j
	add(x.changeLR(3, math.NaN(), x.because(fmt.Sprintf("%s only %s in %s with a clear trend: the steps are too small", x.dir("the loss fell", x.name()+" closed"), pct(j.progress)+x.dir("", " of its gap"), x.t.span(j.lastStep-j.firstStep)))))
	if r := x.optimizerAdvice("Adam (or SGD with momentum) takes larger effective steps along consistent directions"); r != nil {
		add(*r)
	}
	if !math.IsInf(j.stepsToHalve, 1) {
		n, unit := x.t.spanWords(j.stepsToHalve)
		add(x.fixed(remMoreEpochs, fmt.Sprintf("at this rate %s needs about %s more %s to halve%s", x.dir("the loss", x.name()), n, unit, x.dir("", " its gap"))))
	}
	if x.p.family == FamilyDetector {
		add(x.fixed(remPretrained, x.because("a detector trained from scratch learns slowly; pretrained backbone and head weights start it far down the curve")))
	}
}

func (x remedyContext) spikeRemedies(add func(Remedy)) {
	at := x.t.off(x.f.StepEvidence["spike_step"])
	if _, ok := x.f.StepEvidence["grad_norm_spike_step"]; ok {
		add(x.fixed(remClip, "the gradient norm spiked just before "+x.dir("the loss did", x.name()+" dropped")+": clipping removes exactly those updates"))
		add(x.changeLR(0.5, at, "repeated spikes mean some updates are too large"))
	} else {
		add(x.changeLR(0.5, at, "repeated spikes mean some updates are too large"))
		add(x.fixed(remClip, "clipping bounds the update of an unusual batch"))
	}
	add(Remedy{ID: "inspect-batch", Title: fmt.Sprintf("Look at the batch of %s", x.t.pos(at)),
		Why: "an isolated spike is often one bad or mislabelled batch"})
}
