package detect

import "math"

// Option configures a Tracker.
type Option func(*Tracker)

// WithPrimary makes the named metric the one judged (the CLI's --metric),
// instead of the training loss the tracker would pick by itself.
func WithPrimary(name string) Option { return func(t *Tracker) { t.fixedPrimary = name } }

// WithFramework names the framework that wrote the log ("pytorch", "keras",
// "huggingface", "lightning" or ""), so that remedies come with its snippets.
func WithFramework(fw string) Option { return func(t *Tracker) { t.framework = fw } }

// series is everything the tracker keeps about one metric: a summary, the
// decimated history and the per-point streaming state.
type series struct {
	name           string
	index          int // in Tracker.order
	role           Role
	sum            tally
	hist           history
	firstNonfinite float64 // first non-finite value (of the current run of them, for a metric other than the primary)
	nfRun          int     // non-finite values in a row up to the last one
	spikes         spikeState
	fast, slow     float64 // EMAs of the value: α = 0.2 and 0.05
	bestSlow       float64 // lowest slow EMA so far
	hot            int     // consecutive points far above bestSlow
	hotSince       float64 // step where the current hot stretch began
	sinceEval      float64
	// passive is set for a metric no judgement reads (an epoch counter, an
	// accuracy beside a loss): it keeps its summary only, which keeps the
	// cost of a point low for logs with many such columns.
	passive bool
	// higher is set for a metric whose values are better when higher
	// (HigherIsBetter): its history and streaming state hold its shortfall
	// ceiling − v, told from its first finite value (hasCeiling), so that
	// the rules for a loss judge it the right way up.
	higher, hasCeiling bool
	ceiling            float64
}

func newSeries(name string) *series {
	h := HigherIsBetter(name)
	return &series{name: name, role: RoleOf(name), higher: h, hist: newHistory(),
		sum: tally{Min: math.Inf(1), Max: math.Inf(-1), HigherIsBetter: h, Whole: extentTally{Min: math.Inf(1), Max: math.Inf(-1)}}}
}

// restart forgets the series' segment so far: its steps went backwards.
func (s *series) restart() {
	r := s.sum.Restarts + 1
	*s = series{name: s.name, index: s.index, role: s.role, hist: s.hist, passive: s.passive,
		higher: s.higher, hasCeiling: s.hasCeiling, ceiling: s.ceiling, sum: tally{Min: math.Inf(1), Max: math.Inf(-1), HigherIsBetter: s.higher, Restarts: r, Whole: s.sum.Whole}}
	s.hist.reset()
}

// Tracker follows every metric of a run and judges the primary one.
// It is not safe for concurrent use.
type Tracker struct {
	series       map[string]*series
	order        []*series
	next         int // index in order of the metric expected next (logs repeat their columns)
	primary      *series
	val          *series
	lr           *series
	grad         *series
	fixedPrimary string
	framework    string
	format       string    // the log's format, as monitor names it (remedies only)
	family       Family    // told by WithFamily; else inferred for remedies
	optimizer    Optimizer // told by WithOptimizer; else inferred for remedies
	guess        familyGuess
	sched        scheduleMemo
	// vals indexes the validation losses by lossKey (the first of each
	// key), firstVal is the first of all: pickVal in O(1).
	vals     map[string]*series
	firstVal *series

	origin         origin // the steps below are offsets from it
	sc             *scratch
	j              judgement
	prev           *judgement      // the last segment's, while the one after a restart is too short to judge
	judgedPrev     bool            // j is *prev: the latest segment is too short to judge
	judged         bool            // t.j is a judgement of the current primary
	fed            int64           // points of the primary and validation metrics observed
	judgedAt       int64           // fed at the last judgement
	active         map[string]bool // finding kinds raised and not cleared
	conv           *convergence
	convLevel      float64             // the smoothed level when conv was declared
	explosion      *explosion          // set by the streaming rule until the loss recovers
	candidate      string              // the verdict kind of the last judgements ...
	candidateN     int                 // ... and how many in a row agreed on it
	candidateSince float64             // step of the first of them
	shown          map[string]bool     // verdict kinds raised at some time
	revisits       int                 // verdicts raised again after being replaced
	raisedSev      map[string]Severity // the severity each finding in force was raised with
	liveSince      float64             // step since which the live verdict's judgement held
	livePoints     int64               // points of the primary when the live verdict was raised
	horizon        float64             // the step the run is planned to end at, 0 if unknown
	unit           string              // what the steps count, for sentences (SetStepUnit); "" is steps
	finished       bool                // Finish was called and no point came since
	hindsight      bool                // WithHindsight: no periodic judgements
	events         []Event
}

// New returns an empty Tracker.
func New(opts ...Option) *Tracker {
	t := &Tracker{series: map[string]*series{}, vals: map[string]*series{}, sc: newScratch(), active: map[string]bool{}, shown: map[string]bool{},
		raisedSev: map[string]Severity{}}
	for _, o := range opts {
		o(t)
	}
	return t
}

// Observe feeds one point at a float64 step and returns what changed
// because of it. The returned slice is reused: it is valid until the next
// call to Observe or State. A log's integer steps beyond 2^53, which
// float64 rounds, are given exactly with ObserveStep.
func (t *Tracker) Observe(metric string, step, value float64) []Event {
	return t.observe(metric, Step{frac: step}, value) // kept as given (see Step)
}

// ObserveStep is Observe at a step given exactly (IntStep for the
// integers a log writes): every step the tracker reports is then exact.
func (t *Tracker) ObserveStep(metric string, step Step, value float64) []Event {
	return t.observe(metric, step, value)
}

// observe feeds one point at the step exact, which the summary keeps (see
// tally); the rest of the tracker works with its offset from the origin.
func (t *Tracker) observe(metric string, exact Step, value float64) []Event {
	if !t.origin.set {
		t.origin.fix(exact.norm())
	}
	step := t.origin.offset(exact)
	t.events = t.events[:0]
	t.finished = false
	s := t.lookup(metric)
	if !finite(step) {
		step = s.sum.LastStep + 1 // a point without a usable step follows the last one
		exact = t.at(step)
	}
	if s.sum.Points > 0 && step < s.sum.LastStep {
		t.restart(s)
	}
	s.count(step, exact, value)
	if !finite(value) {
		t.nonfinitePoint(s, step)
		return t.events
	}
	if s.nfRun > 0 {
		s.nfRun = 0
		if t.active[KindNonfinite] && !t.nonfinite() {
			t.clear(KindNonfinite, s) // a validation or gradient-norm value that recovered
		}
	}
	s.countFinite(step, exact, value)
	if !s.passive {
		t.follow(s, step, value)
	}
	return t.events
}

// restart starts series s again: its steps went backwards.
func (t *Tracker) restart(s *series) {
	if s == t.primary {
		t.keepSegment()
	}
	s.restart()
	if s == t.primary {
		t.conv, t.judged, t.explosion = nil, false, nil
		t.revisits = 0 // a new segment has not changed its mind yet
		clear(t.shown)
	}
	if t.active[KindNonfinite] && !t.nonfinite() {
		t.clear(KindNonfinite, s) // the segment that blew up is gone
	}
}

// count adds a point to the series' summary.
func (s *series) count(step float64, exact Step, value float64) {
	sum := &s.sum
	if sum.Points == 0 {
		sum.FirstStep, sum.FirstAt = step, exact
	}
	if sum.Whole.Points == 0 {
		sum.Whole.FirstStep, sum.Whole.FirstAt = step, exact
	}
	sum.Points++
	sum.Whole.Points++
	sum.LastStep, sum.LastAt, sum.Last = step, exact, value
}

// countFinite adds a finite value to the series' minima.
func (s *series) countFinite(step float64, exact Step, value float64) {
	sum := &s.sum
	if value < sum.Min {
		sum.Min, sum.MinStep, sum.MinAt = value, step, exact
	}
	if value < sum.Whole.Min {
		sum.Whole.Min, sum.Whole.MinStep, sum.Whole.MinAt = value, step, exact
	}
	if sum.HigherIsBetter {
		sum.countHigh(step, exact, value)
	}
}

// countHigh adds a finite value to the maxima, kept for a metric better
// when higher only: its best.
func (sum *tally) countHigh(step float64, exact Step, value float64) {
	if value > sum.Max {
		sum.Max, sum.MaxStep, sum.MaxAt = value, step, exact
	}
	if value > sum.Whole.Max {
		sum.Whole.Max, sum.Whole.MaxStep, sum.Whole.MaxAt = value, step, exact
	}
}

// nonfinitePoint counts a NaN or Inf and raises the finding at the point
// it makes the run diverging.
func (t *Tracker) nonfinitePoint(s *series, step float64) {
	s.sum.Nonfinite++
	s.nfRun++
	if s.nfRun == 1 && (s != t.primary || s.sum.Nonfinite == 1) {
		s.firstNonfinite = step
	}
	if !t.active[KindNonfinite] && t.nonfinite() {
		t.raise(KindNonfinite, s, step)
	}
}

// follow feeds a finite value to the series' history and per-point rules
// (explosion, spikes) and judges the run again when it is due.
func (t *Tracker) follow(s *series, step, value float64) {
	if s.higher {
		value = s.judged(value)
	}
	s.hist.add(step, value)
	suspicious := s.stream(value, step)
	if s == t.primary && s.hot == explodeRun && t.explosion == nil {
		t.explosion = &explosion{since: s.hotSince, best: s.bestSlow, value: s.fast}
		if !t.active[KindDiverging] {
			t.raise(KindDiverging, s, step)
		}
	}
	if s.role == RoleGradNorm || s == t.primary {
		if s.spikes.observe(value, step, s.sum.Points) && s == t.primary {
			t.spiked(s, step)
		}
	}
	if s == t.primary && s.spikes.expired(s.sum.Points) && t.active[KindSpike] {
		t.clear(KindSpike, s)
	}
	if s == t.primary || s == t.val {
		t.fed++
		s.sinceEval++
		if s.sinceEval >= evalEvery(s.hist.width) || suspicious && s.sinceEval >= s.hist.width {
			t.evaluateLive()
		}
	}
}

// lookup returns the series of metric, creating it when it is new. Logs
// name their metrics in the same order on every line, so the metric after
// the last one looked up is tried before the map.
func (t *Tracker) lookup(metric string) *series {
	if n := len(t.order); n > 0 {
		if s := t.order[t.next]; s.name == metric {
			t.next = (t.next + 1) % n
			return s
		}
	}
	s := t.series[metric]
	if s == nil {
		s = t.add(metric)
	}
	t.next = (s.index + 1) % len(t.order)
	return s
}

// add creates the series of a new metric and re-chooses the roles.
func (t *Tracker) add(metric string) *series {
	s := newSeries(metric)
	s.index = len(t.order)
	t.series[metric] = s
	t.order = append(t.order, s)
	if s.role == RoleValLoss {
		if key := lossKey(metric); t.vals[key] == nil {
			t.vals[key] = s
		}
		if t.firstVal == nil {
			t.firstVal = s
		}
	}
	old := t.primary
	switch {
	case t.fixedPrimary != "":
		if metric == t.fixedPrimary {
			t.primary = s
		}
	case t.primary == nil || primaryRank(metric) < primaryRank(t.primary.name):
		t.primary, t.conv, t.judged, t.prev = s, nil, false, nil
	}
	t.val = t.pickVal()
	s.passive = s != t.primary && unjudged(s)
	if old != nil && old != t.primary && unjudged(old) {
		old.passive = true // a better primary came: nothing reads it any more
	}
	switch s.role {
	case RoleLearningRate:
		if t.lr == nil {
			t.lr = s
		}
	case RoleGradNorm:
		if t.grad == nil {
			t.grad = s
		}
	}
	return s
}

// pickVal chooses the validation metric that belongs to the primary: the
// one with the same loss name apart from train/val words, else the first.
func (t *Tracker) pickVal() *series {
	if t.primary == nil || t.primary.role == RoleValLoss {
		return nil
	}
	if s := t.vals[lossKey(t.primary.name)]; s != nil {
		return s
	}
	return t.firstVal
}

// unjudged reports whether no judgement reads s unless it is the primary:
// it is neither a loss nor the learning rate or gradient norm.
func unjudged(s *series) bool {
	return s.role == RoleOther && !LossLike(s.name)
}

// evalEvery is how many points of a judged metric pass between two
// whole-run judgements: 8 buckets' worth, and 32 once buckets hold 64
// points or more (runs past ~64k points), where a judgement over the 1024
// buckets costs more than the points between them and 32 buckets are still
// under 4% of the run. A suspicious point (a loss twice its best) asks for
// a judgement after one bucket whatever the length.
func evalEvery(width float64) float64 {
	if width >= 64 {
		return 32 * width
	}
	return 8 * width
}
