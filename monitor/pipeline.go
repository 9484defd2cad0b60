package monitor

import (
	"context"
	"errors"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// Pipeline is one training run on its way from log to verdict: it owns the
// run's Source, the detector it feeds and the latest state of both. Every
// front end (the UI, check, watch) holds one and differs only in how it
// shows what the pipeline publishes, so that they cannot drift apart. The
// detector is made when the log's format is known, with the framework the
// format names (it picks the remedies' snippets).
//
// A Pipeline is owned by one goroutine at a time: the one calling Run
// while it runs, else the caller of Ingest, State and LiveState.
type Pipeline struct {
	src       *Source
	primary   string
	snapshots bool
	every     time.Duration
	// publishEvery is the shortest time between two updates published
	// (WithPublishEvery).
	publishEvery time.Duration
	now          func() time.Time

	tracker *detect.Tracker
	format  decode.Format
	stats   decode.Stats
	path    string
	// snapAt is when the last snapshot was taken; stale says points came
	// in since.
	snapAt time.Time
	stale  bool
}

// PipelineOption configures a Pipeline.
type PipelineOption func(*Pipeline)

// WithPrimary makes the detector judge metric instead of the training loss
// it would pick.
func WithPrimary(metric string) PipelineOption { return func(p *Pipeline) { p.primary = metric } }

// WithSnapshots makes the pipeline publish the detector's live state
// (detect.Tracker.LiveState, what a view that follows a run shows) at most
// every interval while points come in, and once more when they stop: 0
// takes one after every batch. Without it, updates carry no state, which
// saves the judging a headless front end does not need.
func WithSnapshots(every time.Duration) PipelineOption {
	return func(p *Pipeline) { p.snapshots, p.every = true, every }
}

// NewPipeline returns the pipeline of the run src reads. src may be nil for
// a pipeline fed only through Ingest.
func NewPipeline(src *Source, opts ...PipelineOption) *Pipeline {
	p := &Pipeline{src: src, now: time.Now}
	if src != nil {
		p.path = src.Path()
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Update is what a pipeline publishes for each batch its source delivers.
type Update struct {
	// Batch is the source's batch: its events, records and running totals;
	// nil in an update that only brings a snapshot.
	Batch *Batch
	// Detections are the detector's events, in the order the batch's
	// points raised them.
	Detections []Detection
	// State is the detector's live state, when a snapshot was due (see
	// WithSnapshots); a snapshot can also come alone.
	State *detect.State
}

// Detection is a detector event with the point that raised it.
type Detection struct {
	detect.Event
	Metric string
	Step   float64
	// Record is the index in Update.Batch.Records of the record whose point
	// raised it.
	Record int
}

// Path returns the path of the file being read: the source's, then the one
// its batches name (a followed directory moves from file to file).
func (p *Pipeline) Path() string { return p.path }

// Format returns the log's format, once recognised.
func (p *Pipeline) Format() decode.Format { return p.format }

// Stats returns the source's running totals.
func (p *Pipeline) Stats() decode.Stats { return p.stats }

// Framework returns the framework the log's format names ("" while unknown).
func (p *Pipeline) Framework() string { return p.format.Framework() }

// State returns the detector's judgement of the whole run so far, what
// check reports.
func (p *Pipeline) State() detect.State { return p.detector().State() }

// LiveState returns the detector's state as a view that follows the run
// shows it (see detect.Tracker.LiveState).
func (p *Pipeline) LiveState() detect.State { return p.detector().LiveState() }

// detector returns the tracker, made now if no batch made it yet.
func (p *Pipeline) detector() *detect.Tracker {
	if p.tracker == nil {
		p.tracker = detect.New(p.detectOptions()...)
	}
	return p.tracker
}

func (p *Pipeline) detectOptions() []detect.Option {
	var opts []detect.Option
	if p.primary != "" {
		opts = append(opts, detect.WithPrimary(p.primary))
	}
	if fw := p.format.Framework(); fw != "" {
		opts = append(opts, detect.WithFramework(fw))
	}
	return opts
}

// Ingest feeds a batch to the detector, point by point in the order of the
// log, and returns the update it makes (with a snapshot when one is due).
func (p *Pipeline) Ingest(b Batch) Update {
	if b.Path != "" && b.Path != "-" {
		p.path = b.Path
	}
	if b.Format != "" {
		p.format = b.Format
	}
	p.stats = b.Stats
	if p.tracker == nil && (b.Format != "" || len(b.Records) > 0) {
		p.tracker = detect.New(p.detectOptions()...) // the format is known: its framework
	}
	if b.Format != "" {
		// The format names the tool that wrote the log: remedies in its
		// framework, for its model family.
		p.tracker.SetSource(string(b.Format), b.Format.Framework())
	}
	u := Update{Batch: &b}
	for i, r := range b.Records {
		for _, m := range r.Metrics {
			for _, e := range p.tracker.Observe(m.Name, r.Step, m.Value) {
				u.Detections = append(u.Detections, Detection{Event: e, Metric: m.Name, Step: r.Step, Record: i})
			}
		}
	}
	if len(b.Records) > 0 {
		p.stale = true
	}
	if p.snapshots && p.stale && p.now().Sub(p.snapAt) >= p.every {
		u.State = p.snapshot()
	}
	return u
}

func (p *Pipeline) snapshot() *detect.State {
	st := p.detector().LiveState()
	p.snapAt, p.stale = p.now(), false
	return &st
}

// Run reads the source to its end (a followed file: until ctx is done),
// publishing an Update on out for every batch (or for the batches of an
// interval, WithPublishEvery), and closes out when it returns. With WithSnapshots, a snapshot that was not due when the last
// points came is published on its own when it is, and at the end of input.
// Run returns the source's error: nil when the log ended, ctx.Err() when ctx
// ended it first. A consumer that stops reading out must cancel ctx.
func (p *Pipeline) Run(ctx context.Context, out chan<- Update) error {
	defer close(out)
	if p.src == nil {
		return errors.New("pipeline has no source")
	}
	batches := make(chan Batch, 4)
	errc := make(chan error, 1)
	go func() { errc <- p.src.Run(ctx, batches); close(batches) }()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	pub := newPublisher(ctx, out, p.publishEvery, p.now)
	defer pub.timer.Stop()
	for {
		select {
		case b, ok := <-batches:
			if !ok {
				err := <-errc
				if p.snapshots && p.stale && ctx.Err() == nil {
					pub.state(p.snapshot())
				}
				pub.flush()
				return err
			}
			pub.offer(p.Ingest(b))
			if p.snapshots && p.stale {
				timer.Reset(max(p.every-p.now().Sub(p.snapAt), 0))
			}
		case <-timer.C:
			if p.stale {
				pub.state(p.snapshot())
			}
		case <-pub.due():
			pub.flush()
		}
	}
}
