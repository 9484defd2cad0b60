package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// batchOf returns an update of one batch with records at steps, and a
// detection on the last of them.
func batchOf(events []Event, steps ...float64) Update {
	b := &Batch{Events: events, Stats: decode.Stats{Records: int64(len(steps))}}
	for _, s := range steps {
		b.Records = append(b.Records, decode.Record{Step: s})
	}
	u := Update{Batch: b}
	if len(steps) > 0 {
		u.Detections = []Detection{{Step: detect.FloatStep(steps[len(steps)-1]), Record: len(steps) - 1}}
	}
	return u
}

func TestPublisherMergesTheUpdatesOfAnInterval(t *testing.T) {
	now := time.Unix(1000, 0)
	out := make(chan Update, 16)
	pb := newPublisher(context.Background(), out, 100*time.Millisecond, func() time.Time { return now })
	pb.offer(batchOf(nil, 1)) // the first after a quiet spell: at once
	if len(out) != 1 {
		t.Fatalf("the first update was held: %d published", len(out))
	}
	now = now.Add(10 * time.Millisecond)
	pb.offer(batchOf(nil, 2, 3))
	st := detect.State{Primary: "loss"}
	pb.state(&st)
	pb.offer(batchOf(nil, 4))
	if len(out) != 1 || pb.due() == nil {
		t.Fatalf("updates within the interval were published (%d) or not held", len(out))
	}
	// Events after held records cannot join them: the held go out first.
	pb.offer(batchOf([]Event{{Kind: EventTruncated}}, 1))
	if len(out) != 2 {
		t.Fatalf("%d published, want the held records out before the truncation", len(out))
	}
	pb.flush()
	<-out
	merged, trunc := <-out, <-out
	var steps []float64
	for _, r := range merged.Batch.Records {
		steps = append(steps, r.Step)
	}
	if len(steps) != 3 || steps[0] != 2 || steps[2] != 4 {
		t.Errorf("merged records at steps %v, want [2 3 4]", steps)
	}
	if len(merged.Detections) != 2 || merged.Detections[0].Record != 1 || merged.Detections[1].Record != 2 {
		t.Errorf("detections %+v, want records 1 and 2 of the merged batch", merged.Detections)
	}
	if merged.State == nil || merged.State.Primary != "loss" {
		t.Errorf("the snapshot taken while updates were held was lost: %+v", merged.State)
	}
	if len(trunc.Batch.Events) != 1 || len(trunc.Batch.Records) != 1 {
		t.Errorf("the truncation's batch is %+v", trunc.Batch)
	}
}

func TestPublisherWithoutIntervalPublishesEveryUpdate(t *testing.T) {
	out := make(chan Update, 16)
	pb := newPublisher(context.Background(), out, 0, time.Now)
	for i := range 5 {
		pb.offer(batchOf(nil, float64(i)))
	}
	if len(out) != 5 || pb.due() != nil {
		t.Fatalf("%d of 5 updates published", len(out))
	}
}
