// Command losswatch follows a neural-network training log, draws the loss
// curve, marks where training converged and says when and why it fails to.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui"
	"github.com/losswatch/losswatch/ui/report"
)

const usage = `usage: losswatch [flags] FILE|-
       losswatch check [--json] FILE`

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
