// Command losswatch follows a neural-network training log, draws the loss
// curve, marks where training converged and says when and why it fails to.
//
// This file holds the flags, the subcommands and their wiring; the work is
// done in monitor (reading logs), detect (judging them) and ui (showing them).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/demo"
	"github.com/losswatch/losswatch/ui"
	"github.com/losswatch/losswatch/ui/report"
)

const usage = `usage: losswatch [flags] FILE|DIR|-
       losswatch check [--json] [--allow-empty] [--format F] [--metric M] FILE
       losswatch watch [--json] [--exec CMD] [--poll[=DUR]] [--from-end] [--format F] [--metric M] FILE|DIR|-
       losswatch demo [--scenario NAME] [--seed N] [--speed N] [--out FILE] [--no-tui] [--list]
       losswatch version`

const help = `losswatch follows a training log while the run goes on, draws the loss
curve, marks the step where training converged, and says — with evidence —
when a run fails to converge, why, and what to change.

` + usage + `

  losswatch FILE      the terminal UI on a log (a DIR: its newest run log; -: standard input)
  check FILE          judge a log once and print a report; exit status 0 converged or
                      converging, 1 a failure verdict, 2 a usage or I/O error
  watch FILE          follow a log without the UI: one line per event, --exec to alert
  demo                train a small network in-process and watch its log live
  version             print the version

Flags of the UI (losswatch [flags] FILE; each subcommand takes --help):
%s
Examples:
  losswatch runs/exp3/train.log
  kubectl logs -f job/train | losswatch -
  losswatch --poll /mnt/nfs/runs/exp3/log.txt     # NFS, SMB, FUSE: no file events
  losswatch --metric val_loss --from-end train.log
  losswatch check --json train.log > report.json; echo "exit $?"
  losswatch watch --exec 'curl -d "$LOSSWATCH_MESSAGE" ntfy.sh/my-runs' train.log
  losswatch demo --scenario healthy
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return check(ctx, args[1:])
		case "watch":
			return watch(ctx, args[1:])
		case "demo":
			return runDemo(ctx, args[1:])
		case "version":
			return version(args[1:])
		case "help":
			return monitorUI(ctx, []string{"--help"})
		}
	}
	return monitorUI(ctx, args)
}

// fail prints one line on stderr and returns the usage/I-O exit status.
func fail(err error) int {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	fmt.Fprintln(os.Stderr, "losswatch:", monitor.Sanitize(err.Error()))
	return 2
}

// newFlags returns a flag set that prints nothing itself: parse reports a
// bad flag in one line and prints the help on --help.
func newFlags(name string) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	return flags
}

// parse parses args, letting flags come after the operands too
// ("losswatch train.log --metric val_loss"). It returns the operands, or
// the exit status when parsing ended the command. helpText is printed on
// --help with the flags' defaults in place of its %s.
func parse(fs *flag.FlagSet, helpText string, args []string) ([]string, int, bool) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				var b strings.Builder
				fs.SetOutput(&b)
				fs.PrintDefaults()
				fs.SetOutput(io.Discard)
				fmt.Printf(helpText, b.String())
				return nil, 0, false
			}
			cmd := "losswatch"
			if fs.Name() != cmd {
				cmd += " " + fs.Name()
			}
			return nil, fail(fmt.Errorf("%v (see %s --help)", err, cmd)), false
		}
		if fs.NArg() == 0 {
			return operands, 0, true
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// one checks that exactly one operand was given.
func one(operands []string, what string) (string, int, bool) {
	if len(operands) != 1 {
		subject, cmd := "it", "losswatch"
		if what != cmd {
			subject, cmd = what, cmd+" "+what
		}
		return "", fail(fmt.Errorf("%s wants one FILE, DIR or - (standard input), got %d operands (see %s --help)", subject, len(operands), cmd)), false
	}
	return operands[0], 0, true
}

// readable reports why path cannot be read ("-" always can): missing, a
// permission denied, ...
func readable(path string) error {
	if path == "-" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil // a FIFO or device: opening it to look would take the writer's data or block
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

// sourceFlags are the flags that say how to read a log.
type sourceFlags struct {
	format, metric string
	poll           watchPollFlag
	fromEnd        bool
}

func (f *sourceFlags) add(fs *flag.FlagSet, follow bool) {
	fs.StringVar(&f.format, "format", "", "read the log as `FORMAT` instead of recognising it ("+formatNames()+")")
	fs.StringVar(&f.metric, "metric", "", "judge and chart `METRIC` instead of the training loss")
	if follow {
		fs.Var(&f.poll, "poll", "poll every `DUR` instead of waiting for file events (NFS, SMB, FUSE; alone: "+monitor.DefaultPoll.String()+")")
		fs.BoolVar(&f.fromEnd, "from-end", false, "skip what the log holds already; show only what is appended")
	}
}

// parse parses args for a command that reads one log: its flags, exactly
// one FILE, DIR or - and the --format name. It returns the path and the
// format, or the exit status when parsing ended the command.
func (f *sourceFlags) parse(fs *flag.FlagSet, helpText string, args []string) (string, monitor.Format, int, bool) {
	operands, code, ok := parse(fs, helpText, args)
	if !ok {
		return "", "", code, false
	}
	path, code, ok := one(operands, fs.Name())
	if !ok {
		return "", "", code, false
	}
	format, err := monitor.ParseFormat(f.format)
	if err != nil {
		return "", "", fail(err), false
	}
	return path, format, 0, true
}

// follow opens path to be followed as the flags say, after checking it can
// be read; a missing file is not an error, it is waited for.
func (f *sourceFlags) follow(path string, format monitor.Format) (*monitor.Source, error) {
	if err := readable(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return monitor.Open(path, monitor.WithFollow(true), monitor.WithFormat(format), monitor.WithPoll(f.poll.d), monitor.WithFromEnd(f.fromEnd)), nil
}

func formatNames() string {
	var names []string
	for _, f := range monitor.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// monitorUI is `losswatch [flags] FILE|DIR|-`: the terminal UI.
func monitorUI(ctx context.Context, args []string) int {
	fs := newFlags("losswatch")
	var sf sourceFlags
	sf.add(fs, true)
	smooth := fs.Float64("smooth", 0.6, "EMA `WEIGHT` of the smoothed curve to start with, 0 (off) to 0.99; s cycles it")
	debugLog := fs.String("debug-log", "", "write a debug log to `FILE`")
	path, format, code, ok := sf.parse(fs, help, args)
	if !ok {
		return code
	}
	if *smooth < 0 || *smooth >= 1 {
		return fail(fmt.Errorf("--smooth wants a weight from 0 to 0.99, got %g", *smooth))
	}
	src, err := sf.follow(path, format)
	if err != nil {
		return fail(err)
	}
	opts := []ui.Option{ui.WithPath(path), ui.WithSmoothing(*smooth), ui.WithMetric(sf.metric), ui.WithDebugLog(*debugLog)}
	if format != "" {
		opts = append(opts, ui.WithFramework(format.Framework()))
	}
	return uiExit(ui.Run(ctx, src, opts...))
}

func uiExit(err error) int {
	if err != nil && !errors.Is(err, context.Canceled) {
		return fail(err)
	}
	return 0
}

const checkHelp = `usage: losswatch check [--json] [--allow-empty] [--format F] [--metric M] FILE

Reads the whole log once, judges it and prints a short report: the verdict,
where the run converged, and each finding with its evidence and remedies.
With --json it prints one JSON object (fields in the README) for CI.
Exit status: 0 converged or converging, 1 a failure verdict (diverging,
oscillating, plateau, slow, overfitting), 2 a usage or I/O error — and,
after the report, a log from which no metric could be read (unless
--allow-empty) or a --metric the log does not have.

%s
Examples:
  losswatch check train.log
  losswatch check --json runs/exp3/metrics.csv | jq .verdict
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
	var opts []detect.Option
	if sf.metric != "" {
		opts = append(opts, detect.WithPrimary(sf.metric))
	}
	// check is a batch job whose live heap is small and bounded (the
	// records of a few batches): collecting less often buys ~10% of its CPU.
	debug.SetGCPercent(400)
	rep, err := report.RunCheck(ctx, monitor.Open(path, monitor.WithFormat(format)), path, opts...)
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

const demoHelp = `usage: losswatch demo [--scenario NAME] [--seed N] [--speed N] [--out FILE] [--no-tui] [--list]

Trains a small multilayer perceptron in-process — real forward and backward
passes on a data set made in code — under a scenario that sets up one cause
of convergence trouble, writes its log as JSON lines, and opens the UI
following that log as it grows. The default scenario, ` + demo.DefaultScenario + `, warms the
learning rate up too far: the loss falls, then explodes, and the diverging
finding and its remedies appear. --list describes every scenario.

%s
Examples:
  losswatch demo                       # ` + demo.DefaultScenario + `, in the UI
  losswatch demo --scenario healthy    # watch the convergence mark appear
  losswatch demo --scenario overfit --no-tui --out overfit.jsonl && losswatch check overfit.jsonl
  losswatch demo --no-tui | losswatch watch -
`

// runDemo is `losswatch demo`.
func runDemo(ctx context.Context, args []string) int {
	fs := newFlags("demo")
	scenario := fs.String("scenario", demo.DefaultScenario, "the scenario to train (`NAME`; see --list)")
	seed := fs.Uint64("seed", 1, "seed of data, weights and batch order (`N`; the same seed gives the same log)")
	speed := fs.Float64("speed", -1, "pace the training at `N` steps per second (default 300 in the UI; with --no-tui as fast as possible)")
	out := fs.String("out", "", "write the log to `FILE` (default: a temporary file, removed at exit; with --no-tui, standard output)")
	noTUI := fs.Bool("no-tui", false, "only write the log")
	list := fs.Bool("list", false, "describe the scenarios")
	operands, code, ok := parse(fs, demoHelp, args)
	if !ok {
		return code
	}
	if len(operands) > 0 {
		return fail(fmt.Errorf("demo takes no operands, got %q (see losswatch demo --help)", operands[0]))
	}
	if *list {
		for _, s := range demo.Scenarios() {
			fmt.Printf("%-15s %s\n%-15s expected verdict: %s\n", s.Name, s.Description, "", strings.Join(s.Expect, " or "))
		}
		return 0
	}
	if !knownScenario(*scenario) {
		return fail(fmt.Errorf("unknown scenario %q (see losswatch demo --list)", *scenario))
	}
	opts := []demo.Option{demo.WithSeed(*seed)}
	if *noTUI {
		if *speed > 0 {
			opts = append(opts, demo.WithSpeed(*speed))
		}
		w, closeOut, err := demoOutput(*out, os.Stdout)
		if err != nil {
			return fail(err)
		}
		err = demo.Run(ctx, *scenario, w, opts...)
		if cerr := closeOut(); err == nil {
			err = cerr
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			return fail(err)
		}
		return 0
	}
	if *speed < 0 {
		*speed = 300
	}
	opts = append(opts, demo.WithSpeed(*speed))
	return demoUI(ctx, *scenario, *out, opts)
}

// demoUI trains in a goroutine, writing the log to a file, while the UI
// follows that file through the ordinary follower.
func demoUI(ctx context.Context, scenario, out string, opts []demo.Option) int {
	f, err := openDemoLog(out)
	if err != nil {
		return fail(err)
	}
	path := f.Name()
	if out == "" {
		defer os.Remove(path)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	trained := make(chan error, 1)
	go func() {
		err := demo.Run(ctx, scenario, f, opts...)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		trained <- err
	}()
	code := uiExit(ui.Run(ctx, monitor.Open(path, monitor.WithFollow(true)), ui.WithPath(path)))
	cancel()
	if err := <-trained; err != nil && !errors.Is(err, context.Canceled) && code == 0 {
		return fail(err)
	}
	return code
}

func openDemoLog(out string) (*os.File, error) {
	if out != "" {
		return os.Create(out)
	}
	return os.CreateTemp("", "losswatch-demo-*.jsonl")
}

// demoOutput opens --out, or returns std when there is none.
func demoOutput(out string, std io.Writer) (io.Writer, func() error, error) {
	if out == "" {
		return std, func() error { return nil }, nil
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

func knownScenario(name string) bool {
	for _, s := range demo.Scenarios() {
		if s.Name == name {
			return true
		}
	}
	return false
}

// version is `losswatch version`: the module version, or the VCS revision
// of a build from a checkout.
func version(args []string) int {
	if len(args) > 0 {
		return fail(fmt.Errorf("version takes no arguments"))
	}
	v, rev, dirty, when := "(devel)", "", false, ""
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			case "vcs.time":
				if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
					when = t.UTC().Format("2006-01-02")
				}
			}
		}
	}
	line := "losswatch " + v
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		line += " " + rev
		if when != "" {
			line += " " + when
		}
		if dirty {
			line += " (modified)"
		}
	}
	if ok {
		line += " " + bi.GoVersion
	}
	fmt.Println(line)
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
	var opts []detect.Option
	if sf.metric != "" {
		opts = append(opts, detect.WithPrimary(sf.metric))
	}
	if format != "" {
		opts = append(opts, detect.WithFramework(format.Framework()))
	}
	var alert *report.Alerter
	if *execCmd != "" {
		alert = report.NewAlerter(ctx, *execCmd, os.Stderr)
	}
	if err := report.RunWatch(ctx, src, detect.New(opts...), report.NewWatchWriter(os.Stdout, *asJSON), alert); err != nil {
		return fail(err)
	}
	return 0
}

// watchPollFlag is --poll, alone (DefaultPoll) or with an interval.
type watchPollFlag struct{ d time.Duration }

func (p *watchPollFlag) String() string { return p.d.String() }

func (p *watchPollFlag) IsBoolFlag() bool { return true }

func (p *watchPollFlag) Set(s string) error {
	switch s {
	case "true":
		p.d = monitor.DefaultPoll
	case "false":
		p.d = 0
	default:
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("--poll wants a positive duration such as 500ms, got %q", s)
		}
		p.d = d
	}
	return nil
}
