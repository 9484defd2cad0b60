// Command losswatch follows a neural-network training log, draws the loss
// curve, marks where training converged and says when and why it fails to.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui"
	"github.com/losswatch/losswatch/ui/report"
)

const usage = `usage: losswatch [flags] FILE|-
       losswatch check [--json] FILE
       losswatch watch [--json] [--exec CMD] [--poll[=DUR]] [--from-end] [--format F] [--metric M] FILE|DIR|-`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return check(args[1:])
	case "watch":
		return watch(ctx, args[1:])
	}
	if err := ui.Run(ctx, monitor.Open(args[0], monitor.WithFollow(true)), ui.WithPath(args[0])); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "losswatch:", err)
		return 2
	}
	return 0
}

func check(args []string) int {
	asJSON := false
	if len(args) > 0 && args[0] == "--json" {
		asJSON, args = true, args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	src := monitor.Open(args[0])
	batches := make(chan monitor.Batch, 4)
	errc := make(chan error, 1)
	go func() { errc <- src.Run(context.Background(), batches); close(batches) }()
	tr := detect.New()
	var last monitor.Batch
	for b := range batches {
		for _, r := range b.Records {
			for _, m := range r.Metrics {
				tr.Observe(m.Name, r.Step, m.Value)
			}
		}
		last = b
	}
	if err := <-errc; err != nil {
		fmt.Fprintln(os.Stderr, "losswatch:", err)
		return 2
	}
	rep := report.NewCheck(args[0], last.Format, last.Stats, tr.State())
	if asJSON {
		rep.WriteJSON(os.Stdout)
	} else {
		rep.WriteText(os.Stdout)
	}
	if rep.Verdict.Failing() {
		return 1
	}
	return 0
}

// watch follows a log through the detector without the TUI and prints one
// line per event (JSON with --json); --exec runs a command per new warning
// or critical finding.
func watch(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print each event as a JSON object")
	execCmd := fs.String("exec", "", "run `CMD` with sh -c for each new warning or critical finding (LOSSWATCH_* variables)")
	poll := watchPollFlag{}
	fs.Var(&poll, "poll", "poll every `DUR` instead of waiting for file events (NFS, SMB, FUSE; default "+monitor.DefaultPoll.String()+")")
	fromEnd := fs.Bool("from-end", false, "skip what the log holds already")
	format := fs.String("format", "", "read the log as `FORMAT` instead of recognising it")
	metric := fs.String("metric", "", "judge `METRIC` instead of the training loss")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	f, err := monitor.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(os.Stderr, "losswatch:", err)
		return 2
	}
	path := fs.Arg(0)
	src := monitor.Open(path, monitor.WithFollow(true), monitor.WithFormat(f), monitor.WithPoll(poll.d), monitor.WithFromEnd(*fromEnd))
	var opts []detect.Option
	if *metric != "" {
		opts = append(opts, detect.WithPrimary(*metric))
	}
	if f != "" {
		opts = append(opts, detect.WithFramework(f.Framework()))
	}
	var alert *report.Alerter
	if *execCmd != "" {
		alert = report.NewAlerter(ctx, *execCmd, os.Stderr)
	}
	if err := report.RunWatch(ctx, src, detect.New(opts...), report.NewWatchWriter(os.Stdout, *asJSON), alert); err != nil {
		fmt.Fprintln(os.Stderr, "losswatch:", err)
		return 2
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
