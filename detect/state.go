package detect

import (
	"math"
	"sort"
)

// Convergence is where a run converged and the band it holds.
type Convergence struct {
	Step     Step               `json:"step"`    // first step after which the smoothed loss stayed in the band
	AtStep   Step               `json:"at_step"` // the point at which it became clear
	Level    float64            `json:"level"`   // the final smoothed level
	BandRel  float64            `json:"band_rel"`
	Evidence map[string]float64 `json:"evidence"`
}

// State is where the run stands.
type State struct {
	Primary string
	Verdict Verdict
	// Live is the verdict Observe's events have raised and not cleared:
	// Verdict with hysteresis (see the package documentation), which a view
	// that follows a run can show so that it does not flap with every
	// judgement near a threshold; insufficient-data before the first.
	Live        Verdict
	Convergence *Convergence
	Findings    []Finding // active, most important first
	Metrics     map[string]Summary
	Framework   string
	// Trend is the relative change of the smoothed primary per 1000 steps
	// over the last 30% of the run (-0.05: falling 5% per 1k steps); NaN,
	// like Smoothed, while the primary's last value is NaN or Inf.
	Trend float64
	// TrendSpan is the steps the Trend was measured over.
	TrendSpan float64
	// Best and BestStep are the smoothed primary's lowest level and where:
	// what the findings call its smoothed best. The smoothing is re-evaluated
	// as the run grows (its window is a share of the run), so the smoothed
	// best may move either way from one state to the next; a view that shows
	// a best as the run goes on shows Lowest.
	Best     float64
	BestStep Step
	// Lowest and LowestStep are the primary's lowest single value in its
	// current segment and where (the findings' "lowest single value"): it
	// never rises within a segment, and it is never above Smoothed, which is
	// a median of the raw values. NaN before the first finite value.
	Lowest     float64
	LowestStep Step
	// Noise is the typical deviation of the raw primary around its smoothed
	// curve in the second half, relative to the level.
	Noise float64
	// Smoothed is the smoothed primary's last value.
	Smoothed float64
	// Progress is how far the smoothed primary fell from its start, relative
	// to the start.
	Progress float64
	// EarlierStretch is set when the primary restarted (its steps went
	// back) and the stretch since is too short to judge: the verdict and
	// the numbers above are those of the stretch before it.
	EarlierStretch bool
}

// EventKind names a change the detector reports.
type EventKind string

// The events Observe returns.
const (
	EventFinding   EventKind = "finding"
	EventCleared   EventKind = "cleared"
	EventConverged EventKind = "converged"
)

// Event is a change of state caused by one point.
type Event struct {
	Kind        EventKind
	Finding     *Finding
	Convergence *Convergence
}

// State reports where the run stands now, judging the run again first if
// points arrived since the last judgement. It raises no events: those come
// from Observe's own judgements (every 8·width points), so the events of a
// stream do not depend on how often State is asked. Its Verdict, Findings
// and Convergence are the latest judgement's: what check reports.
func (t *Tracker) State() State { return t.state(false) }

// LiveState is State as a view that follows a run shows it: its Verdict is
// Live, its Findings and Convergence those that Observe's events raised
// and have not cleared (watch prints the same), at the severity a live user
// is shown (see Finish and SetHorizon), so that it changes only when the
// run does, not with every judgement near a threshold. After Finish, with
// no point since, it says what State says.
func (t *Tracker) LiveState() State { return t.state(true) }

func (t *Tracker) state(live bool) State {
	st := State{Verdict: VerdictInsufficientData, Metrics: make(map[string]Summary, len(t.series)), Framework: t.framework}
	for _, s := range t.order {
		st.Metrics[s.name] = s.sum.summary()
	}
	p := t.primary
	if p == nil {
		return st
	}
	st.Primary = p.name
	st.Lowest, st.LowestStep = math.NaN(), FloatStep(math.NaN())
	if v, at := p.sum.bestAt(); finite(v) {
		st.Lowest, st.LowestStep = v, at // the highest, for a metric better when higher
	}
	if !t.judged || t.judgedAt != t.fed {
		t.judge()
	}
	st.EarlierStretch = t.judgedPrev
	st.Verdict = t.verdict()
	st.Live = VerdictInsufficientData
	switch k := t.liveKind(); {
	case t.active[KindNonfinite]:
		st.Live = VerdictDiverging
	case k != "":
		st.Live = Verdict(k)
	}
	t.shape(&st)
	if live {
		st.Verdict = st.Live
		if t.conv != nil && st.Live == VerdictConverged {
			st.Convergence = t.shownConvergence(t.conv)
		}
	} else if st.Verdict == VerdictConverged {
		st.Convergence = t.judgedConvergence()
	}
	st.Findings = t.stateFindings(live)
	return st
}

// shape fills the primary's shape into st: best, noise, smoothed level,
// progress and trend.
func (t *Tracker) shape(st *State) {
	j := &t.j
	if j.n > 0 {
		p := t.primary
		st.Best, st.BestStep, st.Noise, st.Smoothed, st.Progress = p.shown(j.best), t.at(j.bestStep), j.noise, p.shown(j.end), j.progress
		if j.levelHalf != 0 {
			st.Trend, st.TrendSpan = j.trendPer1k(), j.recentSpan
		}
		if l := p.shown(j.levelHalf); p.higher && l != 0 {
			st.Trend = -j.slope * 1000 / math.Abs(l) // the metric's own slope, relative to its own level
		}
	}
	if !finite(t.primary.sum.Last) {
		// the loss is NaN now: no level and no trend to speak of
		st.Smoothed, st.Trend = math.NaN(), math.NaN()
	}
}

// judgedConvergence is the latest judgement's convergence point, at the
// mark Observe declared while it stands.
func (t *Tracker) judgedConvergence() *Convergence {
	j, p := &t.j, t.primary
	c := convergence{step: t.convergenceStep(), atStep: p.sum.LastStep, level: t.primary.shown(j.end), bandRel: j.band / math.Abs(t.primary.shown(j.end))}
	if t.conv != nil && c.step == t.conv.step {
		c.atStep = t.conv.atStep
	}
	cv := t.shownConvergence(&c)
	cv.Evidence = map[string]float64{"progress": j.progress, "trend_share": j.trendShare,
		"band": j.band, "start": j.start, "points": float64(p.sum.Points)}
	return cv
}

// convergence is a convergence point as the tracker keeps it: its steps
// are offsets from the origin.
type convergence struct {
	step, atStep, level, bandRel float64
}

// shownConvergence returns c as the tracker shows it, at its steps.
func (t *Tracker) shownConvergence(c *convergence) *Convergence {
	return &Convergence{Step: t.at(c.step), AtStep: t.at(c.atStep), Level: c.level, BandRel: c.bandRel}
}

// stateFindings builds the findings in force, most important first: the
// judgement's, or live those Observe's events raised at the severity a
// live user is shown.
func (t *Tracker) stateFindings(live bool) []Finding {
	p := t.primary
	kinds := t.activeKinds()
	if live {
		kinds = t.liveKinds()
	}
	var out []Finding
	for _, k := range kinds {
		s := p
		if k == KindOverfitting && t.val != nil {
			s = t.val
		}
		if n := t.nonfiniteSeries(); k == KindNonfinite && n != nil {
			s = n
		}
		f := t.finding(k, s, p.sum.LastStep)
		if live {
			f.Severity = t.gate(k, f.Severity)
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(a, b int) bool {
		return out[a].Severity.rank() > out[b].Severity.rank()
	})
	return out
}

// liveKinds lists the finding kinds raised by events and not cleared, in
// order of importance.
func (t *Tracker) liveKinds() []string {
	return findingKinds(t.active[KindNonfinite], t.liveKind(), t.active[KindSpike])
}

// activeKinds lists the finding kinds of the current judgement in order of
// importance (events may lag behind it by one judgement).
func (t *Tracker) activeKinds() []string {
	return findingKinds(t.nonfinite(), t.verdictKind(), t.active[KindSpike])
}

// findingKinds orders finding kinds by importance: non-finite values, the
// verdict's kind ("" for none), spikes.
func findingKinds(nonfinite bool, verdict string, spike bool) []string {
	var out []string
	if nonfinite {
		out = append(out, KindNonfinite)
	}
	if verdict != "" {
		out = append(out, verdict)
	}
	if spike {
		out = append(out, KindSpike)
	}
	return out
}
