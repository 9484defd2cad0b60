// Package report renders the headless outputs of losswatch: the check
// report (text or JSON) and the event lines of watch.
package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// Check is the report of `losswatch check`. Its JSON field names are a
// contract: extend, don't rename.
type Check struct {
	File            string            `json:"file"`
	Format          monitor.Format    `json:"format"`
	Lines           int64             `json:"lines"`
	Records         int64             `json:"records"`
	Skipped         int64             `json:"skipped"`
	SkipReasons     map[string]int64  `json:"skip_reasons"`
	Metrics         map[string]Metric `json:"metrics"`
	Primary         string            `json:"primary"`
	Verdict         detect.Verdict    `json:"verdict"`
	ConvergenceStep *float64          `json:"convergence_step"`
	Findings        []Finding         `json:"findings"`
}

// Metric summarises the points of one metric.
type Metric struct {
	Points    int64 `json:"points"`
	FirstStep Num   `json:"first_step"`
	LastStep  Num   `json:"last_step"`
	Last      Num   `json:"last"`
	Min       Num   `json:"min"`
	MinStep   Num   `json:"min_step"`
}

// Finding is a detector finding as the report shows it.
type Finding struct {
	Kind       string          `json:"kind"`
	Metric     string          `json:"metric"`
	Step       Num             `json:"step"`
	SinceStep  Num             `json:"since_step"`
	Severity   detect.Severity `json:"severity"`
	Confidence Num             `json:"confidence"`
	Message    string          `json:"message"`
	Evidence   map[string]Num  `json:"evidence"`
	Remedies   []detect.Remedy `json:"remedies"`
}

// NewFinding converts a detector finding for the report.
func NewFinding(f detect.Finding) Finding {
	ev := make(map[string]Num, len(f.Evidence))
	for k, v := range f.Evidence {
		ev[k] = Num(v)
	}
	rem := f.Remedies
	if rem == nil {
		rem = []detect.Remedy{}
	}
	return Finding{Kind: f.Kind, Metric: f.Metric, Step: Num(f.Step), SinceStep: Num(f.SinceStep), Severity: f.Severity,
		Confidence: Num(f.Confidence), Message: f.Message, Evidence: ev, Remedies: rem}
}

// NewCheck builds the report from the source's totals and the detector's state.
func NewCheck(file string, format monitor.Format, stats monitor.Stats, st detect.State) Check {
	c := Check{File: file, Format: format, Lines: stats.Lines, Records: stats.Records, Skipped: stats.Skipped,
		SkipReasons: stats.SkipReasons, Metrics: map[string]Metric{}, Primary: st.Primary, Verdict: st.Verdict, Findings: []Finding{}}
	for name, m := range st.Metrics {
		c.Metrics[name] = Metric{Points: m.Points, FirstStep: Num(m.FirstStep), LastStep: Num(m.LastStep), Last: Num(m.Last), Min: Num(m.Min), MinStep: Num(m.MinStep)}
	}
	for _, f := range st.Findings {
		c.Findings = append(c.Findings, NewFinding(f))
	}
	if st.Convergence != nil {
		s := st.Convergence.Step
		c.ConvergenceStep = &s
	}
	return c
}

// WriteJSON writes c as one JSON object.
func (c Check) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteText writes c as a short human report.
func (c Check) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%s (%s): %d lines, %d records, %d skipped\nverdict: %s\n",
		c.File, c.Format, c.Lines, c.Records, c.Skipped, c.Verdict)
	return err
}
