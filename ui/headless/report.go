// Package headless is losswatch's front end without a terminal UI: check
// (read a log once, print the report as text or JSON) and watch (follow a
// log, print one line per event, run --exec on findings). Like the UI, it
// shows what a monitor.Pipeline publishes; it imports nothing of ui.
package headless

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// Check is the report of `losswatch check`. Its JSON field names are a
// contract: extend, don't rename.
type Check struct {
	File            string            `json:"file"`
	Format          decode.Format     `json:"format"`
	Lines           int64             `json:"lines"`
	Records         int64             `json:"records"`
	Skipped         int64             `json:"skipped"`
	SkipReasons     map[string]int64  `json:"skip_reasons"`
	DroppedPoints   int64             `json:"dropped_points"` // points of metrics past the first monitor.MaxMetricNames names: not judged
	Metrics         map[string]Metric `json:"metrics"`
	Primary         string            `json:"primary"`
	PrimaryReason   string            `json:"primary_reason"` // why, when several losses competed
	Verdict         detect.Verdict    `json:"verdict"`
	ConvergenceStep *detect.Step      `json:"convergence_step"`
	Findings        []Finding         `json:"findings"`
	// Convergence details the convergence point (null when not converged):
	// when it became clear, the final level and the band's relative width.
	Convergence *Convergence `json:"convergence"`
	// Primary's shape: smoothed best level and its step, relative change
	// per 1000 steps lately, noise relative to the level, smoothed last value.
	Best     Num         `json:"best"`
	BestStep detect.Step `json:"best_step"`
	// Lowest is the primary's lowest single value in its latest segment (the
	// smoothed Best may move as the smoothing is re-evaluated; this never
	// rises within a segment).
	Lowest     Num         `json:"lowest"`
	LowestStep detect.Step `json:"lowest_step"`
	TrendPer1k Num         `json:"trend_per_1k"`
	Noise      Num         `json:"noise"`
	Smoothed   Num         `json:"smoothed"`
	// Horizon is the step the run is planned to end at, where the log says
	// it (decode.Stats.Horizon), in the unit StepUnit names; null when
	// unknown.
	Horizon  *float64    `json:"horizon"`
	StepUnit decode.Unit `json:"step_unit"` // what steps count: "step" or "epoch"
}

// Convergence is the detector's convergence point as the report shows it.
type Convergence struct {
	Step    detect.Step `json:"step"`
	AtStep  detect.Step `json:"at_step"`
	Level   Num         `json:"level"`
	BandRel Num         `json:"band_rel"`
}

// Metric summarises the points of one metric over the whole log. When its
// steps went backwards (a restart from a checkpoint, a second fit() in the
// same log), Segment describes the latest stretch: the one the verdict is
// about once it has points enough to judge (until then the detector keeps
// the judgement of the stretch before it).
type Metric struct {
	Points    int64       `json:"points"`
	FirstStep detect.Step `json:"first_step"`
	LastStep  detect.Step `json:"last_step"`
	Last      Num         `json:"last"`
	Min       Num         `json:"min"`
	MinStep   detect.Step `json:"min_step"`
	Restarts  int         `json:"restarts"`  // times its steps went backwards
	Nonfinite int64       `json:"nonfinite"` // NaN and Inf values
	Segment   *Segment    `json:"segment,omitempty"`
	// HigherIsBetter is set for a metric better when higher (accuracy,
	// mAP, ...), with its highest value Max at MaxStep: its best.
	HigherIsBetter bool         `json:"higher_is_better,omitempty"`
	Max            *Num         `json:"max,omitempty"`
	MaxStep        *detect.Step `json:"max_step,omitempty"`
}

// Segment is the latest stretch of a metric that restarted.
type Segment struct {
	Points    int64       `json:"points"`
	FirstStep detect.Step `json:"first_step"`
	Min       Num         `json:"min"`
	MinStep   detect.Step `json:"min_step"`
	// Judged is whether the verdict is about this stretch; false while it
	// is too short to judge (the verdict is the stretch's before it) and
	// for the metrics not judged.
	Judged bool `json:"judged"`
}

// best is the metric's best value over the whole log and its step: its
// highest when higher is better, else its lowest.
func (m Metric) best() (value Num, step detect.Step) {
	if m.Max != nil {
		return *m.Max, *m.MaxStep
	}
	return m.Min, m.MinStep
}

// newMetric reports a detector summary: the whole log, and the latest
// segment when there was a restart.
//
// The highest value is reported (judgedHigher) only for a judged primary
// that is better when higher: its best, which check names. The reports of
// metrics beside a judged loss stay as they were.
func newMetric(m detect.Summary, judgedHigher bool) Metric {
	r := Metric{Points: m.Whole.Points, FirstStep: m.Whole.FirstStep, LastStep: m.LastStep, Last: Num(m.Last),
		Min: Num(m.Whole.Min), MinStep: m.Whole.MinStep, Restarts: m.Restarts, Nonfinite: m.Nonfinite}
	if judgedHigher && m.Whole.Points > m.Nonfinite {
		hi, at := Num(m.Whole.Max), m.Whole.MaxStep
		r.HigherIsBetter, r.Max, r.MaxStep = true, &hi, &at
	}
	if m.Restarts > 0 {
		r.Segment = &Segment{Points: m.Points, FirstStep: m.FirstStep, Min: Num(m.Min), MinStep: m.MinStep}
	}
	return r
}

// Finding is a detector finding as the report shows it.
type Finding struct {
	Kind       detect.Kind     `json:"kind"`
	Metric     string          `json:"metric"`
	Step       detect.Step     `json:"step"`
	SinceStep  detect.Step     `json:"since_step"`
	Severity   detect.Severity `json:"severity"`
	Confidence Num             `json:"confidence"`
	Message    string          `json:"message"`
	// Evidence is the finding's measures and its steps (best_step,
	// onset_step, ...): one JSON object, the steps written exactly.
	Evidence Evidence        `json:"evidence"`
	Remedies []detect.Remedy `json:"remedies"`
}

// NewFinding converts a detector finding for the report.
func NewFinding(f detect.Finding) Finding {
	ev := make(Evidence, len(f.Evidence)+len(f.StepEvidence))
	for k, v := range f.Evidence {
		ev[k] = EvidenceValue{Num: Num(v)}
	}
	for k, s := range f.StepEvidence {
		ev[k] = EvidenceValue{Step: s, IsStep: true}
	}
	rem := f.Remedies
	if rem == nil {
		rem = []detect.Remedy{}
	}
	return Finding{Kind: f.Kind, Metric: f.Metric, Step: f.Step, SinceStep: f.SinceStep, Severity: f.Severity,
		Confidence: Num(f.Confidence), Message: f.Message, Evidence: ev, Remedies: rem}
}

// NewCheck builds the report from the source's totals and the detector's
// state. file is shown as decode.SanitizeName makes it, in JSON too: a
// name's control and bidi characters (U+202E turns the rest of a line
// around) become U+FFFD.
func NewCheck(file string, format decode.Format, stats decode.Stats, st detect.State) Check {
	c := Check{File: decode.SanitizeName(file), Format: format, Lines: stats.Lines, Records: stats.Records, Skipped: stats.Skipped,
		SkipReasons: stats.SkipReasons, DroppedPoints: stats.DroppedPoints, Metrics: map[string]Metric{}, Primary: st.Primary, Verdict: st.Verdict, Findings: []Finding{},
		StepUnit: stats.Unit}
	if h := stats.Horizon; h > 0 {
		c.Horizon = &h
	}
	names := make([]string, 0, len(st.Metrics))
	for name, m := range st.Metrics {
		if !detect.IsAxis(name) || name == st.Primary {
			c.Metrics[name] = newMetric(m, name == st.Primary && m.HigherIsBetter)
			names = append(names, name)
		}
	}
	if g := c.Metrics[st.Primary].Segment; g != nil {
		g.Judged = !st.EarlierStretch
	}
	c.PrimaryReason = detect.PrimaryReason(st.Primary, names)
	for _, f := range st.Findings {
		c.Findings = append(c.Findings, NewFinding(f))
	}
	if cv := st.Convergence; cv != nil {
		s := cv.Step
		c.ConvergenceStep = &s
		c.Convergence = &Convergence{Step: cv.Step, AtStep: cv.AtStep, Level: Num(cv.Level), BandRel: Num(cv.BandRel)}
	}
	c.Best, c.BestStep, c.TrendPer1k, c.Noise, c.Smoothed = Num(st.Best), st.BestStep, Num(st.Trend), Num(st.Noise), Num(st.Smoothed)
	c.Lowest, c.LowestStep = Num(st.Lowest), st.LowestStep
	return c
}

// WriteJSON writes c as one JSON object.
func (c Check) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteText writes c as a short human report: what was read, the verdict,
// the convergence step, and each finding with its evidence and remedies.
// Text from the log (metric names, the file name) is sanitised.
func (c Check) WriteText(w io.Writer) error {
	p := &printer{w: w}
	p.f("%s · %s · %d lines, %d records", decode.Sanitize(c.File), orUnknown(string(c.Format)), c.Lines, c.Records)
	if c.Skipped > 0 {
		p.f(", %d skipped%s", c.Skipped, reasons(c.SkipReasons))
	}
	if c.DroppedPoints > 0 {
		p.f("; %d points of metrics past the first %d names dropped", c.DroppedPoints, monitor.MaxMetricNames)
	}
	p.f("\n")
	if c.Primary != "" {
		m := c.Metrics[c.Primary]
		u := unitWord(c.StepUnit)
		best, at := m.best()
		p.f("metric %s: %d points, %ss %s–%s, last %s, best %s at %s %s\n", decode.Sanitize(c.Primary), m.Points,
			u, fmtStep(m.FirstStep), fmtStep(m.LastStep), fmtNum(m.Last), fmtNum(best), u, fmtStep(at))
		if c.Horizon != nil {
			p.f("  planned to end at %s %s\n", unitWord(c.StepUnit), fmtStep(detect.FloatStep(*c.Horizon)))
		}
		if c.PrimaryReason != "" {
			p.f("  judged: %s\n", decode.Sanitize(c.PrimaryReason))
		}
		if g := m.Segment; g != nil {
			p.f("  restarted %s (steps went back); %s\n", times(m.Restarts), stretchWords(g, u))
		}
	}
	u := unitWord(c.StepUnit)
	p.f("\nverdict: %s\n", strings.ToUpper(string(c.Verdict)))
	if c.ConvergenceStep != nil {
		p.f("converged at %s %s\n", u, fmtStep(*c.ConvergenceStep))
	}
	for _, f := range c.Findings {
		p.f("\n%s %s [%s, confidence %.0f%%] since %s %s\n  %s\n", mark(f.Severity), f.Kind, f.Severity,
			100*float64(f.Confidence), u, fmtStep(f.SinceStep), decode.Sanitize(f.Message))
		for _, r := range f.Remedies {
			p.f("  → %s", r.Title)
			if r.Why != "" {
				p.f(": %s", r.Why)
			}
			p.f("\n")
			if r.Snippet != "" {
				p.f("      %s\n", strings.ReplaceAll(r.Snippet, "\n", "\n      "))
			}
		}
	}
	if len(c.Findings) == 0 && !c.Verdict.Failing() && c.Verdict != detect.VerdictInsufficientData {
		p.f("nothing to fix\n")
	}
	return p.err
}

// printer writes formatted text and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func mark(s detect.Severity) string {
	switch s {
	case detect.SeverityCritical:
		return "✖"
	case detect.SeverityWarning:
		return "▲"
	}
	return "·"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown format"
	}
	return s
}

// reasons lists skip reasons, most frequent first.
func reasons(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// fmtNum formats a report number for people: "n/a" when not finite.
func fmtNum(n Num) string {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

// fmtStep formats a step (or epoch) in full, exactly: "n/a" when not
// finite.
func fmtStep(s detect.Step) string {
	if !s.Finite() {
		return "n/a"
	}
	return s.String()
}

// times says how often: "1 time", "3 times".
func times(n int) string {
	if n == 1 {
		return "1 time"
	}
	return fmt.Sprintf("%d times", n)

}

// stretchWords says which stretch of a restarted primary the verdict is
// about: the latest, or — while the latest is too short to judge, and the
// detector keeps the judgement of the one before — the one before it.
func stretchWords(g *Segment, u string) string {
	latest := fmt.Sprintf("%d points from %s %s", g.Points, u, fmtStep(g.FirstStep))
	if !g.Judged {
		return "the latest stretch (" + latest + ") is too short to judge: the verdict is that of the stretch before it"
	}
	return "judged on the latest stretch: " + latest
}

// unitWord names what steps count, for the text report.
func unitWord(u decode.Unit) string {
	if u == decode.UnitEpoch {
		return "epoch"
	}
	return "step"
}
