package report

import (
	"context"
	"errors"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// A batch far larger than a chunk is fed chunk by chunk, and a context
// done between two chunks stops the feeding there.
func TestAHugeBatchStopsBetweenChunksWhenTheContextIsDone(t *testing.T) {
	recs := make([]monitor.Record, 10*chunkPoints)
	for i := range recs {
		recs[i] = monitor.Record{Step: float64(i), Metrics: []monitor.Metric{{Name: "loss", Value: 1}}}
	}
	b := monitor.Batch{Records: recs, Events: []monitor.Event{{Kind: monitor.EventOpened}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls, fed, events := 0, 0, 0
	err := inChunks(ctx, b, func(part monitor.Batch) error {
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
	tr := detect.New()
	if err := observe(ctx, tr, b); !errors.Is(err, context.Canceled) {
		t.Fatalf("observe on a done context = %v", err)
	}
	if p := tr.State().Metrics["loss"].Points; p != 0 {
		t.Fatalf("observe on a done context fed %d points", p)
	}
}
