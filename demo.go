package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/demo"
	"github.com/losswatch/losswatch/ui"
)

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
	scenario := fs.String("scenario", demo.DefaultScenario, "the `NAME` of the scenario to train (see --list)")
	seed := fs.Uint64("seed", 1, "seed `N` of data, weights and batch order (the same seed gives the same log)")
	var speed speedFlag
	fs.Var(&speed, "speed", "pace the training at `N` steps per second (default 300 in the UI; with --no-tui as fast as possible)")
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
		if speed.set && speed.v > 0 {
			opts = append(opts, demo.WithSpeed(speed.v))
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
	if !speed.set {
		speed.v = 300
	}
	opts = append(opts, demo.WithSpeed(speed.v))
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
	code := uiExit(ui.Run(ctx, monitor.NewPipeline(monitor.Open(path, monitor.WithFollow(true), monitor.WithReadEvery(ui.UpdateEvery)), monitor.WithSnapshots(ui.StateEvery), monitor.WithPublishEvery(ui.UpdateEvery)), ui.WithPath(path)))
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

// speedFlag is --speed: unset, its default depends on --no-tui, so help
// prints no default of its own for it.
type speedFlag struct {
	v   float64
	set bool
}

func (f *speedFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return strconv.FormatFloat(f.v, 'g', -1, 64)
}

func (f *speedFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v != v {
		return fmt.Errorf("--speed wants a number of steps per second (0: as fast as possible), got %q", s)
	}
	f.v, f.set = v, true
	return nil
}
