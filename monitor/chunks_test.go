package monitor

import (
	"context"
	"errors"
	"testing"

	"github.com/losswatch/losswatch/monitor/decode"
)

// A batch far larger than a chunk is fed chunk by chunk, and a context
// done between two chunks stops the feeding there.
func TestAHugeBatchStopsBetweenChunksWhenTheContextIsDone(t *testing.T) {
	recs := make([]decode.Record, 10*chunkPoints)
	for i := range recs {
		recs[i] = decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: "loss", Value: 1}}}
	}
	b := Batch{Records: recs, Events: []Event{{Kind: EventOpened}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls, fed, events := 0, 0, 0
	err := inChunks(ctx, b, func(part Batch) error {
		calls++
		fed += len(part.Records)
		events += len(part.Events)
		if calls == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 2 || fed != 2*chunkPoints || events != 1 {
		t.Fatalf("inChunks = %v after %d calls, %d records, %d events; want context.Canceled after 2 chunks of %d and the events once",
			err, calls, fed, events, chunkPoints)
	}
	p := NewPipeline(nil)
	if err := p.ingestChunks(ctx, b, func(Update) {}); !errors.Is(err, context.Canceled) {
		t.Fatalf("ingestChunks on a done context = %v", err)
	}
	if n := p.State().Metrics["loss"].Points; n != 0 {
		t.Fatalf("ingestChunks on a done context fed %d points", n)
	}
}
