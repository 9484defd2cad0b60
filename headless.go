package main

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
)

const checkHelp = `usage: losswatch check [--json] [--format F] [--metric M] FILE

Reads the whole log once, judges it and prints a short report: the verdict,
where the run converged, and each finding with its evidence and remedies.
With --json it prints one JSON object (fields in the README) for CI.
Exit status: 0 converged or converging, 1 a failure verdict (diverging,
oscillating, plateau, slow, overfitting), 2 a usage or I/O error.

%s
Examples:
  losswatch check train.log
  losswatch check --json runs/exp3/metrics.csv | jq .verdict
`

// check is `losswatch check [--json] FILE`.
func check(ctx context.Context, args []string) int {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	var sf sourceFlags
	sf.add(fs, false)
	path, format, code, ok := sf.parse(fs, checkHelp, args)
	if !ok {
		return code
	}
	if err := readable(path); err != nil {
		return fail(err)
	}
	// check is a batch job whose live heap is small and bounded (the
	// records of a few batches): collecting less often buys ~10% of its CPU.
	debug.SetGCPercent(400)
	rep, err := headless.RunCheck(ctx, sf.pipeline(monitor.Open(path, monitor.WithFormat(format))), path)
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
	if rep.Verdict.Failing() {
		return 1
	}
	return 0
}

const watchHelp = `usage: losswatch watch [--json] [--exec CMD] [--poll[=DUR]] [--from-end] [--format F] [--metric M] FILE|DIR|-

Follows a log like the UI does, without the UI: one line per event as it
happens — records ingested (a few lines a second at most), finding raised or
cleared, convergence, file truncated, rotated or recreated, errors. With
--json each line is a JSON object with at least "event" and "time".
--exec runs CMD with sh -c for each new warning or critical finding, with
LOSSWATCH_EVENT, _KIND, _SEVERITY, _METRIC, _STEP, _SINCE_STEP, _MESSAGE,
_FILE and _JSON (the finding) in its environment; its output goes to stderr.
Ends on SIGINT or SIGTERM, and at the end of standard input (status 0).

%s
Examples:
  losswatch watch train.log
  losswatch watch --json - < finished.log      # when each finding would have appeared live
  losswatch watch --exec 'curl -d "$LOSSWATCH_MESSAGE" ntfy.sh/my-runs' train.log
  kubectl logs -f job/train | losswatch watch --json -
`

// watch is `losswatch watch`: the follower and the detector without the
// UI, one line per event.
func watch(ctx context.Context, args []string) int {
	fs := newFlags("watch")
	asJSON := fs.Bool("json", false, "print each event as one JSON object")
	execCmd := fs.String("exec", "", "run `CMD` with sh -c for each new warning or critical finding")
	var sf sourceFlags
	sf.add(fs, true)
	path, format, code, ok := sf.parse(fs, watchHelp, args)
	if !ok {
		return code
	}
	src, err := sf.follow(path, format)
	if err != nil {
		return fail(err)
	}
	var alert *headless.Alerter
	if *execCmd != "" {
		alert = headless.NewAlerter(ctx, *execCmd, os.Stderr)
	}
	if err := headless.RunWatch(ctx, sf.pipeline(src), headless.NewWatchWriter(os.Stdout, *asJSON), alert); err != nil {
		return fail(err)
	}
	return 0
}
