package monitor

import "context"

// chunkPoints is about how many points a consumer feeds the detector
// between two looks at its context: a batch can hold 65,536 records of
// thousands of metrics each, and SIGTERM must not wait for all of them.
const chunkPoints = 1 << 16

// inChunks calls fn with b cut into batches of about chunkPoints points,
// the first carrying b's events, and returns ctx's error as soon as ctx is
// done between two of them.
func inChunks(ctx context.Context, b Batch, fn func(Batch) error) error {
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
