package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/ui/headless"
)

const checkHelp = `usage: losswatch check [--json] [--allow-empty] [--format F] [--metric M] FILE|DIR

Reads the whole log once, judges it and prints a short report: the verdict,
where the run converged, and each finding with its evidence and remedies.
With --json it prints one JSON object (fields in the README) for CI.
Exit status: 0 converged or converging, 1 a failure verdict (diverging,
oscillating, plateau, slow, overfitting), 2 a usage or I/O error — and,
after the report, a log from which no metric could be read (unless
--allow-empty) or a --metric the log does not have.
A DIR of several runs (a sweep, a TensorBoard logdir, lightning_logs/, an
HF output_dir, ...) gets one line per run and a summary (--json: {"runs":
[...], "summary": {...}}); the exit status is the worst run's.

%s
Examples:
  losswatch check train.log
  losswatch check --json runs/exp3/metrics.csv | jq .verdict
  losswatch check lightning_logs/
`

// check is `losswatch check [--json] FILE`.
func check(ctx context.Context, args []string) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	allowEmpty := fs.Bool("allow-empty", false, "a log with no metric is not an error: report insufficient-data and exit 0")
	var sf sourceFlags
	sf.add(fs, false)
	path, format, code, ok := sf.parse(fs, checkHelp, args)
	if !ok {
		return code
	}
	if err := readable(path); err != nil {
		return fail(err)
	}
	debug.SetGCPercent(monitor.CheckGCPercent)
	src, file := monitor.Open(path, monitor.WithFormat(format)), path
	if isDir(path) {
		runs, err := monitor.FindRuns(path)
		if err != nil {
			return fail(err)
		}
		if len(runs) > 1 {
			return checkSweep(ctx, path, format, &sf, *asJSON)
		}
		if len(runs) == 1 && !inDir(runs[0], path) {
			// One run in a subfolder (lightning_logs/version_0): the
			// report names the log read.
			src, file = runs[0].Open(monitor.WithFormat(format)), ""
		}
	}
	rep, err := headless.RunCheck(ctx, sf.pipeline(src), file)
	if err != nil {
		return fail(err)
	}
	if *asJSON {
		err = rep.WriteJSON(os.Stdout)
	} else {
		err = rep.WriteText(os.Stdout)
	}
	if err != nil {
		return fail(err)
	}
	if err := checkProblem(rep, sf.metric, *allowEmpty); err != nil {
		return fail(err) // after the report, which says what was read
	}
	if rep.Verdict.Failing() {
		return 1
	}
	return 0
}

// checkSweep is `losswatch check DIR` on a directory of several runs: one
// line (or object) per run and a summary; the exit status is the worst
// run's.
func checkSweep(ctx context.Context, dir string, format decode.Format, sf *sourceFlags, asJSON bool) int {
	rep, err := headless.RunSweepCheck(ctx, monitor.NewSweep(dir, sf.sweepOptions(format, false)...))
	if err != nil {
		return fail(err)
	}
	if asJSON {
		err = rep.WriteJSON(os.Stdout)
	} else {
		err = rep.WriteText(os.Stdout)
	}
	if err != nil {
		return fail(err)
	}
	return rep.ExitCode()
}

// isDir reports whether path is a directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

const watchHelp = `usage: losswatch watch [--json] [--exec CMD [--min-severity S] [--min-confidence C]] [--poll[=DUR]] [--from-end] [--format F] [--metric M] FILE|DIR|-

Follows a log like the UI does, without the UI: one line per event as it
happens — records ingested (a few lines a second at most), finding raised or
cleared, convergence, file truncated, rotated or recreated, errors. With
--json each line is a JSON object with at least "event" and "time".
--exec runs CMD with sh -c for each new finding of at least --min-severity
(default warning) with a confidence of at least --min-confidence (default
0.5), with LOSSWATCH_EVENT, _KIND, _SEVERITY, _METRIC, _STEP, _SINCE_STEP,
_MESSAGE, _FILE and _JSON (the finding) in its environment; its output goes
to stderr with control characters removed. Each run has a process group of
its own, ended (SIGTERM, SIGKILL 2 s later) when it exits, after a minute,
or when watch ends. On a DIR of several runs every run is followed, and
runs that appear; each event carries "run" and --exec gets LOSSWATCH_RUN.
A finding's confidence (0..1) is how sure the detector is of it, from the
strength of its evidence and the points behind it.
Ends at the end of standard input (status 0), or on SIGINT, SIGTERM or
SIGHUP, by that signal once its commands are ended (a shell: 130, 143, 129).

%s
Examples:
  losswatch watch train.log
  losswatch watch --json - < finished.log      # when each finding would have appeared live
  losswatch watch --exec 'curl -d "$LOSSWATCH_MESSAGE" ntfy.sh/my-runs' train.log
  losswatch watch --exec ./page.sh --min-severity critical --min-confidence 0.8 train.log
  kubectl logs -f job/train | losswatch watch --json -
`

// watch is `losswatch watch`: the follower and the detector without the
// UI, one line per event.
func watch(ctx context.Context, args []string) int {
	fs := newFlags("watch")
	asJSON := fs.Bool("json", false, "print each event as one JSON object")
	execCmd := fs.String("exec", "", "run `CMD` with sh -c for each new finding that passes --min-severity and --min-confidence")
	minSev := severityFlag{detect.SeverityWarning}
	fs.Var(&minSev, "min-severity", "with --exec, run CMD only for findings of at least `LEVEL`: info, warning or critical")
	minConf := confidenceFlag{headless.DefaultMinConfidence}
	fs.Var(&minConf, "min-confidence", "with --exec, run CMD only for findings of at least confidence `C` (0..1)")
	var sf sourceFlags
	sf.add(fs, true)
	path, format, code, ok := sf.parse(fs, watchHelp, args)
	if !ok {
		return code
	}
	sweep, err := sweepOf(path)
	if err != nil {
		return fail(err)
	}
	src, err := sf.follow(path, format)
	if err != nil {
		return fail(err)
	}
	var alert *headless.Alerter
	if *execCmd != "" {
		surviveBrokenPipe()
		filter := headless.AlertFilter{MinSeverity: minSev.s, MinConfidence: minConf.c}
		alert = headless.NewAlerter(ctx, *execCmd, os.Stderr, headless.WithAlertFilter(filter))
	}
	out := headless.NewWatchWriter(os.Stdout, *asJSON)
	if sweep {
		err = headless.RunSweepWatch(ctx, monitor.NewSweep(path, sf.sweepOptions(format, true)...), out, alert)
	} else {
		err = headless.RunWatch(ctx, sf.pipeline(src), out, alert)
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// sweepOf reports whether watch follows path as a directory of runs: a
// directory unless it holds one run's logs itself (followed as before: its
// newest log).
func sweepOf(path string) (bool, error) {
	if !isDir(path) {
		return false, nil
	}
	runs, err := monitor.FindRuns(path)
	if err != nil {
		return false, err
	}
	return len(runs) != 1 || !inDir(runs[0], path), nil
}

// inDir reports whether the run's logs are in dir itself: then dir is read
// as before directories held runs — its newest log, or its event files.
func inDir(r monitor.RunInfo, dir string) bool {
	return filepath.Clean(r.Dir) == filepath.Clean(dir)
}

// severityFlag is --min-severity.
type severityFlag struct{ s detect.Severity }

func (f *severityFlag) String() string { return string(f.s) }

func (f *severityFlag) Set(v string) error {
	s, err := detect.ParseSeverity(v)
	if err != nil {
		return fmt.Errorf("--min-severity wants info, warning or critical, got %q", v)
	}
	f.s = s
	return nil
}

// confidenceFlag is --min-confidence: a number from 0 to 1.
type confidenceFlag struct{ c float64 }

func (f *confidenceFlag) String() string { return strconv.FormatFloat(f.c, 'g', -1, 64) }

func (f *confidenceFlag) Set(v string) error {
	c, err := strconv.ParseFloat(v, 64)
	if err != nil || !(c >= 0 && c <= 1) {
		return fmt.Errorf("--min-confidence wants a number from 0 to 1, got %q", v)
	}
	f.c = c
	return nil
}
