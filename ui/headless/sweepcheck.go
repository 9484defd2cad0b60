package headless

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// RunReport is the check report of one run of a directory of runs: the
// report of a single log, plus the run's name (its path relative to the
// directory). Error is set, and the report empty, when the run could not be
// read.
type RunReport struct {
	Run   string `json:"run"`
	Error string `json:"error,omitempty"`
	Check
}

// SweepSummary counts a directory's runs by verdict and names the worst.
type SweepSummary struct {
	Runs     int                    `json:"runs"`
	Verdicts map[detect.Verdict]int `json:"verdicts"`
	// Worst is the worst verdict of a run (detect.Verdict.Rank); "" when no
	// run could be judged.
	Worst   detect.Verdict `json:"worst"`
	Failing int            `json:"failing"`
	// Errors counts the runs that could not be read.
	Errors int `json:"errors"`
	// NoMetrics names the logs that gave no record (a README.txt beside the
	// runs): they are not counted as runs.
	NoMetrics []string `json:"no_metrics"`
}

// SweepCheck is the report of `losswatch check DIR` on a directory of
// several runs. Its JSON field names are a contract: extend, don't rename.
type SweepCheck struct {
	Runs    []RunReport  `json:"runs"`
	Summary SweepSummary `json:"summary"`
}

// RunSweepCheck reads every run of the sweep to its end (the sweep bounds
// how many at once) and returns the report, runs in the order of their
// names. A run that cannot be read is reported with its error; the error
// returned is the sweep's own (the directory cannot be listed, ctx done).
func RunSweepCheck(ctx context.Context, s *monitor.Sweep) (SweepCheck, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates, errc := monitor.Start(ctx, s.Run, 16)
	byRun := map[string]RunReport{}
	for u := range updates {
		if e := u.End; e != nil {
			byRun[u.Run] = newRunCheck(u.Run, e)
		}
	}
	if err := <-errc; err != nil {
		return SweepCheck{}, err
	}
	return NewSweepCheck(slices.Collect(maps.Values(byRun))), nil
}

// newRunCheck makes a run's report from how its pipeline ended.
func newRunCheck(run string, e *monitor.RunEnd) RunReport {
	if e.Err != nil || e.State == nil {
		msg := "not read to its end"
		if e.Err != nil {
			msg = e.Err.Error()
		}
		return RunReport{Run: decode.SanitizeName(run), Error: decode.Sanitize(msg), Check: Check{File: decode.SanitizeName(e.Path), Format: e.Format,
			Metrics: map[string]Metric{}, Findings: []Finding{}}}
	}
	return RunReport{Run: decode.SanitizeName(run), Check: NewCheck(e.Path, e.Format, e.Stats, *e.State)}
}

// NewSweepCheck sorts runs by name and sums them up. A log read without a
// single record is no run: it is only named in the summary.
func NewSweepCheck(all []RunReport) SweepCheck {
	slices.SortFunc(all, func(a, b RunReport) int { return monitor.CompareRunNames(a.Run, b.Run) })
	sum := SweepSummary{Verdicts: map[detect.Verdict]int{}, NoMetrics: []string{}}
	runs := make([]RunReport, 0, len(all))
	for _, r := range all {
		if r.Error == "" && r.Records == 0 {
			sum.NoMetrics = append(sum.NoMetrics, r.Run)
			continue
		}
		runs = append(runs, r)
		if r.Error != "" {
			sum.Errors++
			continue
		}
		sum.Verdicts[r.Verdict]++
		if r.Verdict.Failing() {
			sum.Failing++
		}
		if sum.Worst == "" || r.Verdict.Rank() > sum.Worst.Rank() {
			sum.Worst = r.Verdict
		}
	}
	sum.Runs = len(runs)
	return SweepCheck{Runs: runs, Summary: sum}
}

// ExitCode is check's exit status for the directory: the worst run's — 2
// when a run could not be read (or no log gave a record), 1 when one
// failed, else 0.
func (c SweepCheck) ExitCode() int {
	switch {
	case c.Summary.Errors > 0 || c.Summary.Runs == 0:
		return 2
	case c.Summary.Failing > 0:
		return 1
	}
	return 0
}

// WriteJSON writes c as one JSON object.
func (c SweepCheck) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// WriteText writes one line per run — name, verdict, format, records, the
// primary metric's last and best values, the convergence step and the
// warning and critical findings — then the summary. Text from the logs is sanitised.
func (c SweepCheck) WriteText(w io.Writer) error {
	p := &printer{w: w}
	width := 3
	for _, r := range c.Runs {
		width = max(width, len([]rune(decode.Sanitize(r.Run))))
	}
	for _, r := range c.Runs {
		p.f("%-*s  %s\n", width, decode.Sanitize(r.Run), runLine(r))
	}
	p.f("\n%s\n", c.Summary.text())
	if n := c.Summary.NoMetrics; len(n) > 0 {
		p.f("no metric found in %s\n", decode.Sanitize(strings.Join(n, ", ")))
	}
	return p.err
}

// runLine is a run's line of the text report, after its name.
func runLine(r RunReport) string {
	if r.Error != "" {
		return "ERROR  " + r.Error
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-17s %s, %d records", strings.ToUpper(string(r.Verdict)), orUnknown(string(r.Format)), r.Records)
	if r.Primary != "" {
		m := r.Metrics[r.Primary]
		best, at := m.best()
		fmt.Fprintf(&b, ", %s last %s best %s at step %s", decode.Sanitize(r.Primary), fmtNum(m.Last), fmtNum(best), fmtStep(at))
	}
	if r.ConvergenceStep != nil {
		fmt.Fprintf(&b, ", converged at step %s", fmtStep(*r.ConvergenceStep))
	}
	for _, f := range r.Findings {
		if f.Severity == detect.SeverityInfo {
			continue // the verdict says it
		}
		fmt.Fprintf(&b, "; %s %s", mark(f.Severity), f.Kind)
		if f.Metric != "" && f.Metric != r.Primary {
			fmt.Fprintf(&b, " (%s)", decode.Sanitize(f.Metric))
		}
	}
	return b.String()
}

// text is the summary line: "5 runs: 3 converged, 1 diverging, 1 plateau;
// worst diverging".
func (s SweepSummary) text() string {
	vs := slices.Collect(maps.Keys(s.Verdicts))
	slices.SortFunc(vs, func(a, b detect.Verdict) int { return a.Rank() - b.Rank() })
	parts := make([]string, 0, len(vs)+1)
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%d %s", s.Verdicts[v], v))
	}
	if s.Errors > 0 {
		parts = append(parts, fmt.Sprintf("%d unreadable", s.Errors))
	}
	line := fmt.Sprintf("%d runs", s.Runs)
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, ", ")
	}
	if s.Worst != "" {
		line += "; worst " + string(s.Worst)
	}
	return line
}
