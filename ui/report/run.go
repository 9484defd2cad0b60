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
	)
	for b := range batches {
		if tr == nil && (b.Format != "" || len(b.Records) > 0) {
			tr = detect.New(append(opts, detect.WithFramework(b.Format.Framework()))...)
		}
		if err := observe(ctx, tr, b); err != nil {
			return Check{}, err // the source ends by itself on the same ctx
		}
		format, stats = b.Format, b.Stats
	}
	if err := <-errc; err != nil {
		return Check{}, err
	}
	if tr == nil {
		tr = detect.New(opts...)
	}
	return NewCheck(file, format, stats, tr.State()), nil
}
