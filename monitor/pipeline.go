package monitor

import (
	"context"
	"errors"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// CheckGCPercent is the garbage collector's target (GOGC) for reading a
// whole log in one go, as check does: its live heap is small and bounded
// (the records of a few batches), so collecting less often than the
// default 100 buys about a tenth of its CPU, for a peak heap a few times
// the live one (still flat in the log's length).
const CheckGCPercent = 400

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
	name      string
	primary   string
	hindsight bool // WithHindsight
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
	// caughtUp says the source has once read all there was (its first
	// EventEOF): the detector was told its history is read.
	caughtUp bool
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

// WithName names the pipeline's run (a sweep names each run by its path
// relative to the sweep's directory).
func WithName(name string) PipelineOption { return func(p *Pipeline) { p.name = name } }

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
	Step   detect.Step
	// Record is the index in Update.Batch.Records of the record whose point
	// raised it; -1 for what the end of input raised (detect.Tracker.Finish:
	// the history read, or the log ended), which comes after the records.
	Record int
}

// Name returns the run's name given with WithName, else the source's path.
func (p *Pipeline) Name() string {
	if p.name == "" && p.src != nil {
		return p.src.Path()
	}
	return p.name
}

// Path returns the path of the file being read: the source's, then the one
// its batches name (a followed directory moves from file to file).
func (p *Pipeline) Path() string { return p.path }

// Format returns the log's format, once recognised.
func (p *Pipeline) Format() decode.Format { return p.format }

// Stats returns the source's running totals.
func (p *Pipeline) Stats() decode.Stats { return p.stats }

// Horizon returns the step the run is planned to end at, in the unit of
// its steps (Unit), where the log says it; 0 while unknown. See
// decode.Stats.Horizon.
func (p *Pipeline) Horizon() float64 { return p.stats.Horizon }

// Unit returns what the run's steps count: the global step, or the epoch
// (Keras, HuggingFace console output); "" while unknown.
func (p *Pipeline) Unit() decode.Unit { return p.stats.Unit }

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
	if p.hindsight {
		opts = append(opts, detect.WithHindsight())
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
	if p.tracker != nil {
		// Where the log says how long the run is planned, a slow or flat
		// stretch is judged against that, not against how far it happens
		// to be (0, unknown again after a rewrite, clears it).
		p.tracker.SetHorizon(b.Stats.Horizon)
		// Its sentences count in the log's unit: "converged at epoch 12".
		p.tracker.SetStepUnit(string(b.Stats.Unit))
	}
	u := Update{Batch: &b}
	for i, r := range b.Records {
		step := StepOf(r)
		for _, m := range r.Metrics {
			for _, e := range p.tracker.ObserveStep(m.Name, step, m.Value) {
				u.Detections = append(u.Detections, Detection{Event: e, Metric: m.Name, Step: step, Record: i})
			}
		}
	}
	if len(b.Records) > 0 {
		p.stale = true
	}
	if !p.caughtUp && caughtUp(b) {
		// The history of the log is read: from here on a person watches it
		// live, and what they are shown starts from the judgement of it.
		p.caughtUp = true
		u.Detections = append(u.Detections, p.finish()...)
	}
	if p.snapshots && p.stale && p.now().Sub(p.snapAt) >= p.every {
		u.State = p.snapshot()
	}
	return u
}

// StepOf returns the record's step as the detector takes it: the integer
// the log wrote, exact beyond 2^53 too, or a fractional step (an epoch).
func StepOf(r decode.Record) detect.Step {
	if n, ok := r.StepInt(); ok {
		return detect.IntStep(n)
	}
	return detect.FloatStep(r.Step)
}

// caughtUp reports whether b says the source has read all there was.
func caughtUp(b Batch) bool {
	for _, e := range b.Events {
		if e.Kind == EventEOF {
			return true
		}
	}
	return false
}

// finish tells the detector the input read so far is the whole log (see
// detect.Tracker.Finish) and returns what that raises, placed after the
// last record, on the primary metric.
func (p *Pipeline) finish() []Detection {
	if p.tracker == nil {
		return nil
	}
	var ds []Detection
	evs := p.tracker.Finish()
	if len(evs) > 0 {
		st := p.tracker.LiveState()
		step := st.Metrics[st.Primary].LastStep
		for _, e := range evs {
			ds = append(ds, Detection{Event: e, Metric: st.Primary, Step: step, Record: -1})
		}
		p.stale = true
	}
	return ds
}

// ingestChunks ingests b chunk by chunk (see inChunks), publishing an
// update for each, so that a huge batch does not hold up cancellation.
func (p *Pipeline) ingestChunks(ctx context.Context, b Batch, publish func(Update)) error {
	return inChunks(ctx, b, func(part Batch) error {
		publish(p.Ingest(part))
		return nil
	})
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
				if err == nil { // the log ended by itself: the live verdict is the judgement
					if ds := p.finish(); len(ds) > 0 {
						pub.offer(Update{Detections: ds})
					}
				}
				if p.snapshots && p.stale && ctx.Err() == nil {
					pub.state(p.snapshot())
				}
				pub.flush()
				return err
			}
			if err := p.ingestChunks(ctx, b, pub.offer); err != nil {
				pub.flush()
				return err // the source ends by itself on the same ctx
			}
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
