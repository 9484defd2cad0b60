package detect

import (
	"fmt"
	"math"
	"sort"
)

// schedule is what the logged learning rate did over the run. A remedy
// changes the rate a run is configured with — the peak of its schedule —
// never the tail end of a decay, which is not a setting anyone chose.
type schedule struct {
	known     bool
	first     float64 // at the start (the first bucket's mean)
	peak      float64 // the highest rate the run used
	peakStep  float64
	last      float64
	varied    bool // it changed by more than 10% over the run: a schedule
	warmupEnd bool // it rose to its peak after the start: a warm-up
}

// scheduleMemo keeps the schedule read until the learning rate has new
// points: State builds remedies every time it is asked.
type scheduleMemo struct {
	points int64 // of the learning rate, over the whole log, when read
	s      schedule
}

// schedule reads the learning rate's history; unknown when the log has no
// learning rate or only zeros.
func (t *Tracker) schedule() schedule {
	if t.lr == nil || len(t.lr.hist.buckets) == 0 {
		return schedule{}
	}
	if m := &t.sched; m.points != t.lr.sum.Whole.Points {
		m.points, m.s = t.lr.sum.Whole.Points, t.readSchedule()
	}
	return t.sched.s
}

func (t *Tracker) readSchedule() schedule {
	bs := t.lr.hist.buckets
	sc := schedule{first: bs[0].mean(), last: t.lr.sum.Last}
	lo := math.Inf(1)
	for _, b := range bs {
		for _, v := range [2]float64{b.mean(), b.rep} {
			if v > sc.peak {
				sc.peak, sc.peakStep = v, b.first
			}
			if v > 0 {
				lo = math.Min(lo, v)
			}
		}
	}
	if !(sc.peak > 0) || !finite(sc.peak) {
		return schedule{}
	}
	if !(sc.last > 0) || !finite(sc.last) {
		sc.last = bs[len(bs)-1].mean()
	}
	sc.known = true
	sc.varied = lo < 0.9*sc.peak
	sc.warmupEnd = sc.first < 0.5*sc.peak
	return sc
}

// lrAt returns the logged learning rate around step.
func (t *Tracker) lrAt(step float64) (float64, bool) {
	if t.lr == nil || len(t.lr.hist.buckets) == 0 || !finite(step) {
		return 0, false
	}
	bs := t.lr.hist.buckets
	i := sort.Search(len(bs), func(i int) bool { return bs[i].last >= step })
	i = min(i, len(bs)-1)
	return bs[i].mean(), true
}

// changeLR is the remedy that scales the learning rate by factor (< 1
// lowers it) because of a problem that began at onset (NaN when it has no
// single start). The value it names is the run's own: the rate of a
// constant schedule, the peak of a varying one — and when a warm-up was
// still rising at the onset, the rate it had reached there. Without a
// logged rate the snippet scales whatever rate the run set.
func (x remedyContext) changeLR(factor, onset float64, why string) Remedy {
	id, verb := "raise-lr", "Raise"
	if factor < 1 {
		id, verb = "lower-lr", "Lower"
	}
	sc := x.sched
	switch {
	case !sc.known:
		desc := "multiply it by " + num(factor)
		if factor < 1 {
			desc = "divide it by " + num(1/factor)
		}
		return Remedy{ID: id, Title: verb + " the learning rate: " + desc,
			Why:     why + "; the log has no learning rate, so the snippet scales the one the run sets",
			Snippet: x.scaleLRSnippet(factor)}
	case !sc.varied:
		nv := sc.peak * factor
		return Remedy{ID: id, Title: fmt.Sprintf("%s the learning rate: %s → %s", verb, num(sc.peak), num(nv)),
			Why: why, Snippet: x.setLRSnippet(nv, false)}
	}
	onsetLR, ok := x.lrAt(onset)
	if factor < 1 && ok && onset < sc.peakStep && onsetLR < 0.8*sc.peak {
		nv := onsetLR / 2
		return Remedy{ID: id, Title: fmt.Sprintf("Lower the peak learning rate: %s → %s", num(sc.peak), num(nv)),
			Why: fmt.Sprintf("%s; the problem began at %s, when the warm-up had raised the learning rate to %s (it went on to %s): keep the peak below that",
				why, x.t.pos(onset), num(onsetLR), num(sc.peak)),
			Snippet: x.setLRSnippet(nv, true)}
	}
	nv := sc.peak * factor
	var also string
	if ok && math.Abs(onsetLR-sc.peak) > 0.2*sc.peak {
		also += fmt.Sprintf(", was %s at %s where the problem began", num(onsetLR), x.t.pos(onset))
	}
	if math.Abs(sc.last-sc.peak) > 0.1*sc.peak {
		also += fmt.Sprintf(", is %s now", num(sc.last))
	}
	return Remedy{ID: id, Title: fmt.Sprintf("%s the peak learning rate: %s → %s", verb, num(sc.peak), num(nv)),
		Why: fmt.Sprintf("%s; the schedule peaked at %s at %s%s: the snippet scales the whole schedule through its peak",
			why, num(sc.peak), x.t.pos(sc.peakStep), also),
		Snippet: x.setLRSnippet(nv, true)}
}

// setLRSnippet sets the learning rate to v in the run's tool. scheduled
// says a schedule scales the rate from a peak: the snippet then sets the
// peak where the run configures it, since a scheduler overwrites a rate
// set on the optimiser at its next step; it takes its peak from the rate
// the optimiser has when the scheduler is built.
func (x remedyContext) setLRSnippet(v float64, scheduled bool) string {
	c := code(v)
	s := snippets{
		torch:      fmt.Sprintf("for g in optimizer.param_groups: g[\"lr\"] = %s", c),
		keras:      fmt.Sprintf("model.optimizer.learning_rate.assign(%s)", c),
		hf:         fmt.Sprintf("TrainingArguments(..., learning_rate=%s)", c),
		lightning:  fmt.Sprintf("for g in self.trainer.optimizers[0].param_groups: g[\"lr\"] = %s", c),
		nanogpt:    fmt.Sprintf("learning_rate = %s  # nanoGPT's config, the peak of get_lr(); min_lr = learning_rate / 10 (llm.c: -l %s)", c, c),
		detectron2: fmt.Sprintf("cfg.SOLVER.BASE_LR = %s", c),
		mmdet:      fmt.Sprintf("optimizer = dict(type=..., lr=%s)  # the config's optimizer, the rate its schedule scales", c),
		yolo:       fmt.Sprintf("model.train(data=..., lr0=%s)  # YOLOv5's train.py: lr0: %s in the --hyp yaml", c, c),
		fairseq:    fmt.Sprintf("--lr %s  # optimization.lr=[%s] in a hydra config", c, c),
	}
	if scheduled {
		s.torch = fmt.Sprintf("for g in optimizer.param_groups: g[\"lr\"] = %s  # before the scheduler is built: it scales from this peak", c)
		s.lightning = fmt.Sprintf("for g in optimizer.param_groups: g[\"lr\"] = %s  # in configure_optimizers, before the scheduler is built", c)
		s.keras = fmt.Sprintf("keras.optimizers.schedules.CosineDecay(initial_learning_rate=%s, decay_steps=decay_steps)  # or your schedule, from this peak", c)
	}
	return s.pick(x.p)
}

// scaleLRSnippet multiplies the run's learning rate, whatever it is, by f:
// the snippet for a log that does not say what the rate is.
func (x remedyContext) scaleLRSnippet(f float64) string {
	c := code(f)
	return snippets{
		torch:      fmt.Sprintf("for g in optimizer.param_groups: g[\"lr\"] *= %s", c),
		keras:      fmt.Sprintf("model.optimizer.learning_rate.assign(model.optimizer.learning_rate * %s)", c),
		hf:         fmt.Sprintf("training_args.learning_rate *= %s  # before building the Trainer", c),
		lightning:  fmt.Sprintf("for g in self.trainer.optimizers[0].param_groups: g[\"lr\"] *= %s", c),
		nanogpt:    fmt.Sprintf("learning_rate *= %s; min_lr *= %s  # nanoGPT's config", c, c),
		detectron2: fmt.Sprintf("cfg.SOLVER.BASE_LR *= %s", c),
	}.pick(x.p)
}
