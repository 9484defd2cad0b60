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

// Summary describes the points seen of one metric (of its latest segment,
// when its steps went backwards).
type Summary struct {
	Points    int64   `json:"points"`
	FirstStep float64 `json:"first_step"`
	LastStep  float64 `json:"last_step"`
	Last      float64 `json:"last"`
	Min       float64 `json:"min"`
	MinStep   float64 `json:"min_step"`
	// Restarts counts how often the metric's steps went backwards (a resumed
	// checkpoint, another fit() in the same log); each restart begins anew.
	Restarts int `json:"restarts"`
	// Nonfinite counts NaN and Inf values.
	Nonfinite int64 `json:"nonfinite"`
}

// series is everything the tracker keeps about one metric: a summary, the
// decimated history and the per-point streaming state.
type series struct {
	name           string
	role           Role
	sum            Summary
	hist           history
	firstNonfinite float64
	spikes         spikeState
	fast, slow     float64 // EMAs of the value: α = 0.2 and 0.05
	bestSlow       float64 // lowest slow EMA so far
	hot            int     // consecutive points far above bestSlow
	hotSince       float64 // step where the current hot stretch began
	sinceEval      float64
}

func newSeries(name string) *series {
	return &series{name: name, role: RoleOf(name), hist: newHistory(), sum: Summary{Min: math.Inf(1)}}
}

// restart forgets the series' segment so far: its steps went backwards.
func (s *series) restart() {
	r := s.sum.Restarts + 1
	*s = series{name: s.name, role: s.role, hist: s.hist, sum: Summary{Min: math.Inf(1), Restarts: r}}
	s.hist.reset()
}

// Tracker follows every metric of a run and judges the primary one.
// It is not safe for concurrent use.
type Tracker struct {
	series       map[string]*series
	order        []*series
	primary      *series
	val          *series
	lr           *series
	grad         *series
	fixedPrimary string
	framework    string

	sc         *scratch
	j          judgement
	judged     bool            // t.j is a judgement of the current primary
	fed        int64           // points of the primary and validation metrics observed
	judgedAt   int64           // fed at the last judgement
	active     map[string]bool // finding kinds raised and not cleared
	conv       *Convergence
	explosion  *explosion // set by the streaming rule until the loss recovers
	candidate  string     // the verdict kind of the last judgements ...
	candidateN int        // ... and how many in a row agreed on it
	events     []Event
}

// New returns an empty Tracker.
func New(opts ...Option) *Tracker {
	t := &Tracker{series: map[string]*series{}, sc: newScratch(), active: map[string]bool{}}
	for _, o := range opts {
		o(t)
	}
	return t
}

// Observe feeds one point and returns what changed because of it. The
// returned slice is reused: it is valid until the next call to Observe or
// State.
func (t *Tracker) Observe(metric string, step, value float64) []Event {
	t.events = t.events[:0]
	s := t.series[metric]
	if s == nil {
		s = t.add(metric)
	}
	if s.sum.Points > 0 && step < s.sum.LastStep {
		s.restart()
		if s == t.primary {
			t.conv, t.judged, t.explosion = nil, false, nil
		}
	}
	sum := &s.sum
	if sum.Points == 0 {
		sum.FirstStep = step
	}
	sum.Points++
	sum.LastStep, sum.Last = step, value
	judged := s == t.primary || s == t.val
	if !finite(value) {
		sum.Nonfinite++
		if sum.Nonfinite == 1 {
			s.firstNonfinite = step
			if judged {
				t.raise(KindNonfinite, s, step)
			}
		}
		return t.events
	}
	if value < sum.Min {
		sum.Min, sum.MinStep = value, step
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
		if s.spikes.observe(value, step, sum.Points) && s == t.primary {
			t.spiked(s, step)
		}
	}
	if s == t.primary && t.active[KindSpike] && s.spikes.expired(sum.Points) {
		t.clear(KindSpike, s)
	}
	if judged {
		t.fed++
		s.sinceEval++
		if s.sinceEval >= 8*s.hist.width || suspicious && s.sinceEval >= s.hist.width {
			t.evaluate()
		}
	}
	return t.events
}

// The streaming explosion rule: the loss and its fast average both more
// than explodeRatio times the best slow average for explodeRun points in a
// row is an explosion, raised at once without waiting for the whole-run
// judgement (whose smoothing lags by a share of the run's length).
const (
	explodeRatio = 4
	explodeRun   = 20
)

// explosion is a divergence seen by the streaming rule.
type explosion struct {
	since, best, value float64
}

// stream updates the per-point averages and reports whether the value looks
// like the start of a climb far above the best level so far, which is worth
// judging the whole run again at once.
func (s *series) stream(v, step float64) bool {
	if s.sum.Points == 1 || s.sum.Points-s.sum.Nonfinite == 1 {
		s.fast, s.slow, s.bestSlow = v, v, v
		return false
	}
	s.fast += 0.2 * (v - s.fast)
	s.slow += 0.05 * (v - s.slow)
	if s.sum.Points < 20 {
		return false
	}
	s.bestSlow = min(s.bestSlow, s.slow)
	if s.bestSlow > 0 && s.fast > explodeRatio*s.bestSlow && v > explodeRatio*s.bestSlow {
		if s.hot == 0 {
			s.hotSince = step
		}
		s.hot++
	} else {
		s.hot = 0
	}
	return s.bestSlow > 0 && s.fast > 2*s.bestSlow
}

// add creates the series of a new metric and re-chooses the roles.
func (t *Tracker) add(metric string) *series {
	s := newSeries(metric)
	t.series[metric] = s
	t.order = append(t.order, s)
	switch {
	case t.fixedPrimary != "":
		if metric == t.fixedPrimary {
			t.primary = s
		}
	case t.primary == nil || primaryRank(metric) < primaryRank(t.primary.name):
		t.primary, t.conv, t.judged = s, nil, false
	}
	t.val = t.pickVal()
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
	var first *series
	key := lossKey(t.primary.name)
	for _, s := range t.order {
		if s.role != RoleValLoss {
			continue
		}
		if lossKey(s.name) == key {
			return s
		}
		if first == nil {
			first = s
		}
	}
	return first
}

// judge computes the whole-run judgement of the primary (and validation)
// metric into t.j.
func (t *Tracker) judge() {
	t.primary.hist.curve(&t.sc.c)
	var vc *curve
	if t.val != nil {
		t.val.hist.curve(&t.sc.vc)
		vc = &t.sc.vc
	}
	t.j, t.judged, t.judgedAt = judge(&t.sc.c, vc, t.sc), true, t.fed
}

// evaluate judges the whole run again and raises or clears findings.
func (t *Tracker) evaluate() {
	p := t.primary
	if p == nil {
		return
	}
	p.sinceEval = 0
	if t.val != nil {
		t.val.sinceEval = 0
	}
	t.judge()
	if t.explosion != nil && p.fast < 2*p.bestSlow {
		t.explosion = nil
	}
	want := t.verdictKind()
	// Once raised, converged stays until the trend is clearly back (twice
	// the threshold), so that a run settling slowly does not flap.
	if want == KindConverging && t.active[KindConverged] && t.j.trendShare < 2*settledShare {
		want = KindConverged
	}
	// A verdict from the judgement is raised once two judgements in a row
	// agree, so that a run near a threshold does not flap; a streaming
	// explosion is raised at once.
	if want != t.candidate {
		t.candidate, t.candidateN = want, 0
	}
	t.candidateN++
	if t.candidateN < 2 && t.explosion == nil {
		return
	}
	for _, k := range verdictKinds() {
		switch {
		case k == want && !t.active[k]:
			t.raise(k, t.findingMetric(k), p.sum.LastStep)
		case k != want && t.active[k]:
			t.clear(k, p)
		}
	}
	t.updateConvergence()
}

// verdictKinds are the finding kinds that follow from the whole-run verdict.
func verdictKinds() [7]string {
	return [...]string{KindDiverging, KindOscillating, KindOverfitting, KindConverged,
		KindConverging, KindSlow, KindPlateau}
}

func (t *Tracker) verdictKind() string {
	switch {
	case t.nonfinite():
		return ""
	case t.explosion != nil:
		return KindDiverging
	case t.j.verdict == VerdictInsufficientData:
		return ""
	}
	return string(t.j.verdict)
}

// verdict is the tracker's verdict: the judgement's, overruled by
// non-finite values and by the streaming explosion rule.
func (t *Tracker) verdict() Verdict {
	if t.nonfinite() || t.explosion != nil {
		return VerdictDiverging
	}
	return t.j.verdict
}

func (t *Tracker) findingMetric(kind string) *series {
	if kind == KindOverfitting && t.val != nil {
		return t.val
	}
	return t.primary
}

func (t *Tracker) nonfinite() bool {
	return t.primary != nil && t.primary.sum.Nonfinite > 0 || t.val != nil && t.val.sum.Nonfinite > 0
}

// updateConvergence marks, moves or drops the convergence point.
func (t *Tracker) updateConvergence() {
	j := &t.j
	switch {
	case j.converged && !t.nonfinite():
		if t.conv == nil {
			t.conv = &Convergence{AtStep: t.primary.sum.LastStep}
		} else if math.Abs(t.conv.Step-j.convStep) <= 0.05*(j.lastStep-j.firstStep) {
			t.conv.Level, t.conv.BandRel = j.end, j.band/math.Abs(j.end)
			return
		} else {
			t.conv.AtStep = t.primary.sum.LastStep // moved: clear again from here
		}
		t.conv.Step, t.conv.Level, t.conv.BandRel = j.convStep, j.end, j.band/math.Abs(j.end)
		c := *t.conv
		t.events = append(t.events, Event{Kind: EventConverged, Convergence: &c})
	case j.verdict != VerdictConverging && j.verdict != VerdictInsufficientData:
		t.conv = nil
	}
}

func (t *Tracker) raise(kind string, s *series, step float64) {
	t.active[kind] = true
	f := t.finding(kind, s, step)
	t.events = append(t.events, Event{Kind: EventFinding, Finding: &f})
}

func (t *Tracker) clear(kind string, s *series) {
	delete(t.active, kind)
	t.events = append(t.events, Event{Kind: EventCleared, Finding: &Finding{Kind: kind, Metric: s.name}})
}
