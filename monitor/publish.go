package monitor

import (
	"context"
	"slices"
	"time"

	"github.com/losswatch/losswatch/detect"
)

// WithPublishEvery makes the pipeline publish at most one update every
// interval while batches keep coming: those that arrive in between are
// merged into one (records and detections in log order, the latest totals
// and state). The first batch after a quiet spell is published at once.
// A front end that draws frames (the UI) needs no more updates than
// frames, and each one it receives costs it a wake-up; 0, the default,
// publishes every batch.
func WithPublishEvery(every time.Duration) PipelineOption {
	return func(p *Pipeline) { p.publishEvery = every }
}

// publisher hands a pipeline's updates to its consumer, merging those that
// come sooner than every after the last one published.
type publisher struct {
	ctx   context.Context
	out   chan<- Update
	every time.Duration
	now   func() time.Time
	held  *Update // merged updates waiting for the interval to end
	last  time.Time
	timer *time.Timer
}

func newPublisher(ctx context.Context, out chan<- Update, every time.Duration, now func() time.Time) *publisher {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &publisher{ctx: ctx, out: out, every: every, now: now, timer: t}
}

// due returns the channel that fires when held updates may go out.
func (pb *publisher) due() <-chan time.Time {
	if pb.held == nil {
		return nil
	}
	return pb.timer.C
}

// send publishes u now (waiting for the consumer, or for ctx).
func (pb *publisher) send(u Update) {
	select {
	case pb.out <- u:
	case <-pb.ctx.Done(): // the source ends on ctx too: drain its batches
	}
	pb.last = pb.now()
}

// offer publishes u, or holds it (merged with what is held) until the
// interval since the last update ends.
func (pb *publisher) offer(u Update) {
	if pb.held != nil && !pb.held.merge(u) {
		pb.flush()
	}
	if pb.held != nil {
		return
	}
	wait := pb.every - pb.now().Sub(pb.last)
	if wait <= 0 {
		pb.send(u)
		return
	}
	pb.held = &u
	pb.timer.Reset(wait)
}

// state publishes a snapshot that came alone: with what is held, if any.
func (pb *publisher) state(st *detect.State) {
	if pb.held != nil {
		pb.held.State = st
		return
	}
	pb.send(Update{State: st})
}

// flush publishes what is held.
func (pb *publisher) flush() {
	if pb.held == nil {
		return
	}
	u := *pb.held
	pb.held = nil
	pb.timer.Stop()
	pb.send(u)
}

// merge appends v, which came after u, to u, and reports false when it
// cannot because that would break the order of the log: events in a batch
// happened before its records, so v's events cannot join u's records; and
// what the end of input raised (Detection.Record -1) comes after every
// record, so nothing joins an update that has it.
func (u *Update) merge(v Update) bool {
	if slices.ContainsFunc(u.Detections, func(d Detection) bool { return d.Record < 0 }) {
		return false
	}
	switch {
	case v.Batch == nil:
		u.Detections = append(u.Detections, v.Detections...) // the end of input's, after the records
	case u.Batch == nil:
		return false
	case len(v.Batch.Events) > 0 && len(u.Batch.Records) > 0:
		return false
	default:
		n := len(u.Batch.Records)
		for _, d := range v.Detections {
			if d.Record >= 0 {
				d.Record += n
			}
			u.Detections = append(u.Detections, d)
		}
		b := *v.Batch
		b.Events = append(u.Batch.Events, b.Events...)
		b.Records = append(u.Batch.Records, b.Records...)
		u.Batch = &b
	}
	if v.State != nil {
		u.State = v.State
	}
	return true
}
