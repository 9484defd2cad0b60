// Command losswatch follows a neural-network training log, draws the loss
// curve, marks where training converged and says when and why it fails to.
//
// The command only parses flags and picks a front end: main.go the UI and
// the flags every command shares, headless.go check and watch (ui/headless),
// demo.go the demo, version.go the version. Each front end is given a
// monitor.Pipeline, which reads the log (monitor, monitor/decode) and judges
// it (detect); the front ends only show what it publishes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/ui"
)

const usage = `usage: losswatch [flags] FILE|DIR|-
       losswatch check [--json] [--allow-empty] [--format F] [--metric M] FILE|DIR
       losswatch watch [--json] [--exec CMD] [--poll[=DUR]] [--from-end] [--format F] [--metric M] FILE|DIR|-
       losswatch demo [--scenario NAME] [--seed N] [--speed N] [--out FILE] [--no-tui] [--list]
       losswatch version`

const help = `losswatch follows a training log while the run goes on, draws the loss
curve, marks the step where training converged, and says — with evidence —
when a run fails to converge, why, and what to change.

` + usage + `

  losswatch FILE      the terminal UI on a log (a DIR of several runs: the runs view; -: standard input)
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
	ctx, signals := catchSignals(context.Background(), signalGrace)
	signals.exit(run(ctx, os.Args[1:]))
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
		case "--version", "-version":
			return version(args[1:])
		}
		if name, ok := mistypedCommand(args[0]); ok {
			return fail(fmt.Errorf("unknown command %s; did you mean %s? (a log of that name: ./%s)", args[0], name, args[0]))
		}
	}
	return monitorUI(ctx, args)
}

// commands are the subcommands, for mistypedCommand.
var commands = [...]string{"check", "watch", "demo", "version", "help"}

// mistypedCommand returns the command arg is a typo of ("chek": check), when
// no file of that name exists: a log is what such a word would otherwise
// be taken for, and the UI would wait for it to appear.
func mistypedCommand(arg string) (string, bool) {
	if arg == "" || strings.ContainsAny(arg, "-/.") {
		return "", false
	}
	if _, err := os.Lstat(arg); !errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	for _, c := range commands {
		if d := editDistance(strings.ToLower(arg), c); d > 0 && d <= 2 && d < len(c)/2+1 {
			return c, true
		}
	}
	return "", false
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// fail prints one line on stderr and returns the usage/I-O exit status.
// A cancelled context is a signal's doing: main ends by that signal and
// there is nothing to say.
func fail(err error) int {
	if errors.Is(err, context.Canceled) {
		return 2
	}
	if errors.Is(err, syscall.EPIPE) { // the reader went away (losswatch watch … | head)
		return signalStatus(syscall.SIGPIPE)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	fmt.Fprintln(os.Stderr, "losswatch:", decode.Sanitize(err.Error()))
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
				fmt.Printf(helpText, doubleDash(b.String()))
				return nil, 0, false
			}
			cmd := "losswatch"
			if fs.Name() != cmd {
				cmd += " " + fs.Name()
			}
			return nil, fail(fmt.Errorf("%v (see %s --help)", flagError(fs, err), cmd)), false
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
		subject, cmd := "losswatch", "losswatch"
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
func (f *sourceFlags) parse(fs *flag.FlagSet, helpText string, args []string) (string, decode.Format, int, bool) {
	operands, code, ok := parse(fs, helpText, args)
	if !ok {
		return "", "", code, false
	}
	path, code, ok := one(operands, fs.Name())
	if !ok {
		return "", "", code, false
	}
	format, err := decode.ParseFormat(f.format)
	if err != nil {
		return "", "", fail(err), false
	}
	return path, format, 0, true
}

// follow opens path to be followed as the flags say (and more), after
// checking it can be read; a missing file is not an error, it is waited for.
func (f *sourceFlags) follow(path string, format decode.Format, more ...monitor.Option) (*monitor.Source, error) {
	if err := readable(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	opts := []monitor.Option{monitor.WithFollow(true), monitor.WithFormat(format), monitor.WithPoll(f.poll.d), monitor.WithFromEnd(f.fromEnd)}
	return monitor.Open(path, append(opts, more...)...), nil
}

// pipeline returns the pipeline of the run src reads, judging the metric
// the flags name.
func (f *sourceFlags) pipeline(src *monitor.Source, opts ...monitor.PipelineOption) *monitor.Pipeline {
	if f.metric != "" {
		opts = append(opts, monitor.WithPrimary(f.metric))
	}
	return monitor.NewPipeline(src, opts...)
}

// sweepOptions are the options of a sweep of a directory of runs, each run
// read as the flags say (following: as watch does).
func (f *sourceFlags) sweepOptions(format decode.Format, follow bool) []monitor.SweepOption {
	src := []monitor.Option{monitor.WithFormat(format)}
	if follow {
		src = append(src, monitor.WithFollow(true), monitor.WithPoll(f.poll.d), monitor.WithFromEnd(f.fromEnd))
	}
	opts := []monitor.SweepOption{monitor.WithRunSource(src...)}
	if f.metric != "" {
		opts = append(opts, monitor.WithRunPipeline(monitor.WithPrimary(f.metric)))
	}
	return opts
}

func formatNames() string {
	var names []string
	for _, f := range decode.Formats() {
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
	opts := []ui.Option{ui.WithSmoothing(*smooth), ui.WithMetric(sf.metric), ui.WithDebugLog(*debugLog), ui.WithFromEnd(sf.fromEnd)}
	if format != "" {
		opts = append(opts, ui.WithFramework(format.Framework()))
	}
	if runs, err := monitor.FindRuns(path); err == nil && len(runs) > 1 {
		return uiExit(ui.RunSweep(ctx, sf.sweep(path, format), opts...))
	}
	// The UI takes an update every UpdateEvery at most: reading the log
	// more often than that would only cost wake-ups.
	src, err := sf.follow(path, format, monitor.WithReadEvery(ui.UpdateEvery))
	if err != nil {
		return fail(err)
	}
	opts = append(opts, ui.WithPath(path))
	return uiExit(ui.Run(ctx, sf.pipeline(src, monitor.WithSnapshots(ui.StateEvery), monitor.WithPublishEvery(ui.UpdateEvery)), opts...))
}

// sweep returns the sweep of the runs in dir, each followed and judged as
// the flags say, for the runs view.
func (f *sourceFlags) sweep(dir string, format decode.Format) *monitor.Sweep {
	// Each run's log is read, and its pipeline publishes, no more often than
	// the UI draws new data: more would only cost wake-ups.
	opts := append(f.sweepOptions(format, true),
		monitor.WithRunSource(monitor.WithReadEvery(ui.UpdateEvery)),
		monitor.WithRunPipeline(monitor.WithSnapshots(ui.StateEvery), monitor.WithPublishEvery(ui.UpdateEvery)))
	return monitor.NewSweep(dir, opts...)
}

func uiExit(err error) int {
	if err != nil && !errors.Is(err, context.Canceled) {
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

// doubleDash writes the flags of PrintDefaults as the usage lines do:
// --flag, not -flag.
func doubleDash(defaults string) string {
	return strings.ReplaceAll("\n"+defaults, "\n  -", "\n  --")[1:]
}
