package report

import (
	"context"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// chunkPoints is about how many points a consumer feeds the detector
// between two looks at its context: a batch can hold 65,536 records of
// thousands of metrics each, and SIGTERM must not wait for all of them.
const chunkPoints = 1 << 16

// inChunks calls fn with b cut into batches of about chunkPoints points,
// the first carrying b's events, and returns ctx's error as soon as ctx is
// done between two of them.
func inChunks(ctx context.Context, b monitor.Batch, fn func(monitor.Batch) error) error {
	recs, first := b.Records, true
	for first || len(recs) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, points := 0, 0
		for n < len(recs) && points < chunkPoints {
			points += len(recs[n].Metrics)
			n++
		}
		part := b
		part.Records = recs[:n]
		if !first {
			part.Events = nil
		}
		if err := fn(part); err != nil {
			return err
		}
		recs, first = recs[n:], false
	}
	return nil
}

// observe feeds the points of b to tr, chunk by chunk, until ctx is done.
func observe(ctx context.Context, tr *detect.Tracker, b monitor.Batch) error {
	return inChunks(ctx, b, func(part monitor.Batch) error {
		for _, r := range part.Records {
			for _, m := range r.Metrics {
				tr.Observe(m.Name, r.Step, m.Value)
			}
		}
		return nil
	})
}
