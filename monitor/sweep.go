package monitor

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// RunUpdate is an Update of one run of a directory of runs.
type RunUpdate struct {
	// Run is the run's name: its path relative to the sweep's directory
	// (RunInfo.Name), the same in every update of the run.
	Run string
	Update
	// End is set on the run's last update, after which the sweep sends no
	// more for this run: its pipeline ended. Its other fields are then
	// empty. A sweep cancelled (ctx done) sends no End.
	End *RunEnd
}

// RunEnd is how a run's pipeline ended.
type RunEnd struct {
	// Err is the pipeline's error: nil when the log was read to its end
	// (not following), ctx.Err() when the sweep was cancelled, else why the
	// run could not be read (the sweep goes on with the other runs).
	Err error
	// Path is the file last read, Format its format, Stats the counts of
	// every file of the run.
	Path   string
	Format decode.Format
	Stats  decode.Stats
	// State is the detector's judgement of the whole run (what check
	// reports), set only when Err is nil: a cancelled sweep does not judge
	// its runs on the way out.
	State *detect.State
}

// RunInfo describes one run of a sweep.
type RunInfo struct {
	// Name is the run's path relative to the sweep's directory: a folder
	// holding the run's logs ("." for the directory itself), a log file, or
	// for event files of several runs side by side in one folder, the
	// folder joined with what their names share (see FindRuns).
	Name string
	// Dir is the folder holding the run's logs.
	Dir string
	// Paths are the run's logs in reading order when it was found.
	Paths []string
	// Path is the log being read (""  before its first update), Format its
	// format once recognised.
	Path   string
	Format decode.Format
	// Ended is set once the run's pipeline ended (RunUpdate.End was sent).
	Ended bool

	kind runKind
}

// source returns the path the run's Source reads.
func (r RunInfo) source() string {
	if r.kind == runFile && len(r.Paths) > 0 {
		return r.Paths[0]
	}
	return r.Dir
}

// SweepOption configures a Sweep.
type SweepOption func(*Sweep)

// WithRunSource passes options to the Source of every run (WithFollow,
// WithPoll, WithFormat, WithFromEnd).
func WithRunSource(opts ...Option) SweepOption {
	return func(s *Sweep) { s.srcOpts = append(s.srcOpts, opts...) }
}

// WithRunPipeline passes options to the Pipeline of every run (WithPrimary,
// WithSnapshots). Each pipeline is also named after its run (WithName).
func WithRunPipeline(opts ...PipelineOption) SweepOption {
	return func(s *Sweep) { s.pipeOpts = append(s.pipeOpts, opts...) }
}

// WithParallel bounds how many runs read their history at once (default
// GOMAXPROCS): a folder of 200 runs is read a few runs at a time, so that
// its memory is that of a few runs. Runs that caught up (following) no
// longer count.
func WithParallel(n int) SweepOption { return func(s *Sweep) { s.parallel = n } }

// WithRescan sets how often a following sweep looks for new runs when it
// gets no file-system events for the directories (default 2s; with events
// it looks when a name appears, and every 30 s anyway).
func WithRescan(every time.Duration) SweepOption { return func(s *Sweep) { s.rescan = every } }

// Sweep follows every run found in a directory (and, following, new ones
// as they appear), one Pipeline per run. FindRuns says what a run is. Its
// zero options read every run once, as check does.
type Sweep struct {
	dir      string
	srcOpts  []Option
	pipeOpts []PipelineOption
	parallel int
	rescan   time.Duration

	mu   sync.Mutex
	runs map[string]*RunInfo
}

// NewSweep prepares a sweep of the runs in dir. It does no I/O until Run.
func NewSweep(dir string, opts ...SweepOption) *Sweep {
	s := &Sweep{dir: dir, runs: map[string]*RunInfo{}}
	for _, o := range opts {
		o(s)
	}
	if s.parallel <= 0 {
		s.parallel = runtime.GOMAXPROCS(0)
	}
	if s.rescan <= 0 {
		s.rescan = 2 * time.Second
	}
	return s
}

// Dir returns the directory the sweep reads.
func (s *Sweep) Dir() string { return s.dir }

// Runs returns the runs found so far, sorted by name: a copy, safe to call
// from any goroutine while Run runs.
func (s *Sweep) Runs() []RunInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RunInfo, 0, len(s.runs))
	for _, r := range s.runs {
		c := *r
		c.Paths = slices.Clone(r.Paths)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b RunInfo) int { return compareNames(a.Name, b.Name) })
	return out
}

// Run finds the runs in the directory and runs a pipeline for each,
// sending every update on out, tagged with its run, until every run ended
// (not following: each log read to its end) or ctx is done; it then closes
// out. Updates of one run arrive in order; runs interleave. Following, it
// picks up runs that appear. A run that cannot be read ends with its error
// in RunEnd and the others go on. Run returns an error only when the
// directory itself cannot be listed, or ctx.Err() when cancelled.
func (s *Sweep) Run(ctx context.Context, out chan<- RunUpdate) error {
	defer close(out)
	probe := Open(s.dir, s.srcOpts...)
	found, err := FindRuns(s.dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sw := newSweepRunner(ctx, s, out)
	sw.start(found)
	if probe.follow {
		sw.watchForRuns(probe)
	}
	sw.wg.Wait()
	return ctx.Err()
}

// sweepRunner is one Run of a sweep: the runs' goroutines and the gate
// that bounds how many read history at once.
type sweepRunner struct {
	ctx  context.Context
	s    *Sweep
	out  chan<- RunUpdate
	gate chan struct{}
	wg   sync.WaitGroup
}

func newSweepRunner(ctx context.Context, s *Sweep, out chan<- RunUpdate) *sweepRunner {
	return &sweepRunner{ctx: ctx, s: s, out: out, gate: make(chan struct{}, s.parallel)}
}

// start runs a pipeline for each run not yet known.
func (sw *sweepRunner) start(found []RunInfo) {
	for _, r := range found {
		sw.s.mu.Lock()
		_, known := sw.s.runs[r.Name]
		if !known {
			c := r
			sw.s.runs[r.Name] = &c
		}
		sw.s.mu.Unlock()
		if known {
			continue
		}
		sw.wg.Add(1)
		go func() {
			defer sw.wg.Done()
			sw.runOne(r)
		}()
	}
}

// watchForRuns looks for new runs until ctx is done.
func (sw *sweepRunner) watchForRuns(probe *Source) {
	every := sw.s.rescan
	if probe.poll > 0 {
		every = max(every, probe.poll)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-sw.ctx.Done():
			return
		case <-t.C:
			if found, err := FindRuns(sw.s.dir); err == nil {
				sw.start(found)
			}
		}
	}
}

// runOne runs the pipeline of one run, holding the gate while it reads its
// history.
func (sw *sweepRunner) runOne(r RunInfo) {
	select {
	case sw.gate <- struct{}{}:
	case <-sw.ctx.Done():
		sw.send(RunUpdate{Run: r.Name, End: &RunEnd{Err: sw.ctx.Err()}})
		return
	}
	held := true
	release := func() {
		if held {
			held = false
			<-sw.gate
		}
	}
	defer release()
	popts := append(slices.Clone(sw.s.pipeOpts), WithName(r.Name))
	p := NewPipeline(Open(r.source(), sw.s.srcOpts...), popts...)
	updates := make(chan Update, 4)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(sw.ctx, updates) }()
	for u := range updates {
		if u.Batch != nil {
			if u.Batch.Live {
				release() // caught up: let another run read its history
			}
			sw.note(r.Name, u.Batch)
		}
		sw.send(RunUpdate{Run: r.Name, Update: u})
	}
	sw.end(r.Name, p, <-errc)
}

// note records what a batch says of its run.
func (sw *sweepRunner) note(name string, b *Batch) {
	sw.s.mu.Lock()
	defer sw.s.mu.Unlock()
	if ri := sw.s.runs[name]; ri != nil {
		if b.Path != "" {
			ri.Path = b.Path
		}
		if b.Format != "" {
			ri.Format = b.Format
		}
	}
}

// end sends the run's last update.
func (sw *sweepRunner) end(name string, p *Pipeline, err error) {
	e := &RunEnd{Err: err, Path: p.Path(), Format: p.Format(), Stats: p.Stats()}
	if err == nil {
		st := p.State()
		e.State = &st
	}
	sw.s.mu.Lock()
	if ri := sw.s.runs[name]; ri != nil {
		ri.Ended = true
	}
	sw.s.mu.Unlock()
	sw.send(RunUpdate{Run: name, End: e})
}

// send hands u to the consumer unless ctx ended.
func (sw *sweepRunner) send(u RunUpdate) {
	select {
	case sw.out <- u:
	case <-sw.ctx.Done():
	}
}
