// Package detect is a streaming convergence detector: fed the points of a
// training run one at a time, it can say at any moment where the run stands
// (its verdict), where it converged, what is going wrong since when, how sure
// it is, why, and what to change. It does no I/O.
package detect

import (
	"math"
	"strings"
)

// Verdict is the single most important state of a run.
type Verdict string

// The verdicts, as check --json reports them.
const (
	VerdictConverged        Verdict = "converged"
	VerdictConverging       Verdict = "converging"
	VerdictDiverging        Verdict = "diverging"
	VerdictOscillating      Verdict = "oscillating"
	VerdictPlateau          Verdict = "plateau"
	VerdictSlow             Verdict = "slow"
	VerdictOverfitting      Verdict = "overfitting"
	VerdictInsufficientData Verdict = "insufficient-data"
)

// Failing reports whether v is a failure verdict (exit status 1 in check).
func (v Verdict) Failing() bool {
	return v != VerdictConverged && v != VerdictConverging && v != VerdictInsufficientData
}

// Role says what a metric means to the detector.
type Role int

// The roles a metric name can have.
const (
	RoleOther Role = iota
	RoleTrainLoss
	RoleValLoss
	RoleLearningRate
	RoleGradNorm
)

// RoleOf classifies a metric name.
func RoleOf(name string) Role {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case n == "lr" || n == "learning_rate" || strings.HasPrefix(n, "lr/") || strings.HasPrefix(n, "lr-"):
		return RoleLearningRate
	case n == "grad_norm" || n == "gnorm" || n == "gradient_norm":
		return RoleGradNorm
	case strings.Contains(n, "val") || strings.Contains(n, "eval") || strings.Contains(n, "test"):
		if strings.Contains(n, "loss") {
			return RoleValLoss
		}
	case n == "loss" || n == "train_loss" || n == "train/loss" || n == "total_loss":
		return RoleTrainLoss
	}
	return RoleOther
}

// Severity ranks findings.
type Severity string

// The severities.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Remedy is one thing to change, from the catalogue.
type Remedy struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Why     string `json:"why"`
	Snippet string `json:"snippet"`
}

// Finding is something the detector noticed about one metric.
type Finding struct {
	Kind       string             `json:"kind"`
	Metric     string             `json:"metric"`
	Step       float64            `json:"step"`
	SinceStep  float64            `json:"since_step"`
	Severity   Severity           `json:"severity"`
	Confidence float64            `json:"confidence"`
	Message    string             `json:"message"`
	Evidence   map[string]float64 `json:"evidence"`
	Remedies   []Remedy           `json:"remedies"`
}

// Summary describes the points seen of one metric.
type Summary struct {
	Points    int64   `json:"points"`
	FirstStep float64 `json:"first_step"`
	LastStep  float64 `json:"last_step"`
	Last      float64 `json:"last"`
	Min       float64 `json:"min"`
	MinStep   float64 `json:"min_step"`
}

// Convergence is where a run converged and the band it holds.
type Convergence struct {
	Step    float64 `json:"step"`
	AtStep  float64 `json:"at_step"` // the point at which it became clear
	Level   float64 `json:"level"`
	BandRel float64 `json:"band_rel"`
}

// State is where the run stands.
type State struct {
	Primary     string
	Verdict     Verdict
	Convergence *Convergence
	Findings    []Finding
	Metrics     map[string]Summary
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

// Tracker follows every metric of a run and judges the primary one.
type Tracker struct {
	metrics map[string]*Summary
	order   []string
	primary string
	nonfin  *Finding
}

// New returns an empty Tracker.
func New() *Tracker {
	return &Tracker{metrics: map[string]*Summary{}}
}

// Observe feeds one point and returns what changed because of it.
func (t *Tracker) Observe(metric string, step, value float64) []Event {
	s, ok := t.metrics[metric]
	if !ok {
		s = &Summary{FirstStep: step, Min: math.Inf(1)}
		t.metrics[metric] = s
		t.order = append(t.order, metric)
		if t.primary == "" && RoleOf(metric) == RoleTrainLoss {
			t.primary = metric
		}
	}
	s.Points++
	s.LastStep, s.Last = step, value
	if value < s.Min {
		s.Min, s.MinStep = value, step
	}
	if metric == t.primary && t.nonfin == nil && (math.IsNaN(value) || math.IsInf(value, 0)) {
		t.nonfin = &Finding{Kind: "nonfinite", Metric: metric, Step: step, SinceStep: step,
			Severity: SeverityCritical, Confidence: 1, Message: "loss became non-finite",
			Evidence: map[string]float64{"step": step}}
		return []Event{{Kind: EventFinding, Finding: t.nonfin}}
	}
	return nil
}

// State reports where the run stands now.
func (t *Tracker) State() State {
	st := State{Primary: t.primary, Verdict: VerdictInsufficientData, Metrics: map[string]Summary{}}
	for k, v := range t.metrics {
		st.Metrics[k] = *v
	}
	if t.nonfin != nil {
		st.Verdict = VerdictDiverging
		st.Findings = append(st.Findings, *t.nonfin)
	}
	return st
}
