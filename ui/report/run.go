package report

import (
	"context"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// RunCheck reads src to its end, feeding every point to a detector, and
// returns the check report. It streams: records are judged batch by batch
// and never all held, so a large log is checked about as fast as it is read.
// The detector is made when the log's format is known (opts plus the
// format's framework, which picks the remedies' snippets). file is the name
// the report shows.
func RunCheck(ctx context.Context, src *monitor.Source, file string, opts ...detect.Option) (Check, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan monitor.Batch, 4)
	errc := make(chan error, 1)
	go func() {
		errc <- src.Run(ctx, batches)
		close(batches)
	}()
	var (
		tr     *detect.Tracker
		format monitor.Format
		stats  monitor.Stats
		exact  exactSteps
	)
	for b := range batches {
		if tr == nil && (b.Format != "" || len(b.Records) > 0) {
			tr = detect.New(append(opts, detect.WithFramework(b.Format.Framework()))...)
		}
		for _, r := range b.Records {
			exact.observe(r)
			for _, m := range r.Metrics {
				tr.Observe(m.Name, r.Step, m.Value)
			}
		}
		format, stats = b.Format, b.Stats
	}
	if err := <-errc; err != nil {
		return Check{}, err
	}
	if tr == nil {
		tr = detect.New(opts...)
	}
	c := NewCheck(file, format, stats, tr.State())
	exact.apply(&c)
	return c, nil
}
