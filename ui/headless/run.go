package headless

import (
	"context"

	"github.com/losswatch/losswatch/monitor"
)

// RunCheck reads the pipeline's log to its end and returns the check
// report. It streams: records are judged batch by batch and never all held,
// so a large log is checked about as fast as it is read. file is the name
// the report shows; "" shows the file the pipeline read last (the log a
// directory's run was read from).
func RunCheck(ctx context.Context, p *monitor.Pipeline, file string) (Check, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	updates, errc := monitor.Start(ctx, p.Run, 4)
	for range updates { // check reports the end state only
	}
	if err := <-errc; err != nil {
		return Check{}, err
	}
	if file == "" {
		file = p.Path()
	}
	return NewCheck(file, p.Format(), p.Stats(), p.State()), nil
}
