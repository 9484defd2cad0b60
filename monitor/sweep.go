package monitor

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

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

	kind   runKind
	writer eventWriter // the writer of a runEvents run's files
	whole  bool        // the run is its folder's only one
}

// Open returns a Source that reads the run (its folder, its file, or a
// folder's event files of its writer only), with opts: what a sweep's
// pipeline for the run reads.
func (r RunInfo) Open(opts ...Option) *Source {
	switch {
	case r.kind == runFile && len(r.Paths) > 0:
		return Open(r.Paths[0], opts...)
	case r.kind == runEvents:
		w := r.writer
		return Open(r.Dir, append(slices.Clone(opts), withWriter(&w))...)
	}
	return Open(r.Dir, opts...)
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
	slices.SortFunc(out, func(a, b RunInfo) int { return CompareRunNames(a.Name, b.Name) })
	return out
}

// Run finds the runs in the directory and runs a pipeline for each,
// sending every update on out, tagged with its run, until every run ended
// (not following: each log read to its end) or ctx is done; it then closes
// out. Updates of one run arrive in order; runs interleave. Following, it
// picks up runs that appear. A run that cannot be read ends with its error
// in RunEnd and the others go on. Run returns an error only when the
// directory itself cannot be listed, or ctx.Err() when cancelled.
//
// Following, the runs share one file-system watcher (at most maxHubDirs
// directories; runs beyond it poll), and each holds its log open.
func (s *Sweep) Run(ctx context.Context, out chan<- RunUpdate) error {
	defer close(out)
	probe := Open(s.dir, s.srcOpts...)
	found, dirs, err := findRuns(s.dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sw := newSweepRunner(ctx, s, out)
	if probe.follow && probe.poll == 0 {
		if hub, err := newWatchHub(maxHubDirs); err == nil {
			defer hub.close() // after every run's waiter let go of it
			sw.hub = hub
		}
	}
	sw.start(found)
	if probe.follow {
		sw.watchForRuns(probe, dirs)
	}
	sw.wg.Wait()
	return ctx.Err()
}

// maxHubDirs bounds the directories a following sweep watches (inotify
// watches are a per-user resource shared with every other program).
const maxHubDirs = 1024

// sweepReadChunk is how much each run's source reads at once: each of a
// sweep's hundreds of followers keeps a buffer that size.
const sweepReadChunk = 64 << 10

// sweepRunner is one Run of a sweep: the runs' goroutines and the gate
// that bounds how many read history at once.
type sweepRunner struct {
	ctx  context.Context
	s    *Sweep
	out  chan<- RunUpdate
	gate chan struct{}
	hub  *watchHub // nil when polling or not following
	wg   sync.WaitGroup
	// claimed holds the folders of known runs, true for a folder read as
	// one run, so that it is not read again as several.
	claimed map[string]bool
}

func newSweepRunner(ctx context.Context, s *Sweep, out chan<- RunUpdate) *sweepRunner {
	return &sweepRunner{ctx: ctx, s: s, out: out, gate: make(chan struct{}, s.parallel), claimed: map[string]bool{}}
}

// start runs a pipeline for each run not yet known. A run in a folder
// already read as one run (a second log in a Lightning version folder) is
// that run's, not a new one.
func (sw *sweepRunner) start(found []RunInfo) {
	for _, r := range found {
		if whole, ok := sw.claimed[r.Dir]; ok && (whole || r.whole) {
			continue
		}
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
		sw.claimed[r.Dir] = r.whole
		sw.wg.Add(1)
		go func() {
			defer sw.wg.Done()
			sw.runOne(r)
		}()
	}
}

// watchForRuns looks for new runs until ctx is done: when a name appears in
// a folder of the sweep, and every rescan interval anyway (the only way
// when polling or beyond the watch's bound).
func (sw *sweepRunner) watchForRuns(probe *Source, dirs []string) {
	every := sw.s.rescan
	if probe.poll > 0 {
		every = max(every, probe.poll)
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	var sub *hubSub
	if sw.hub != nil {
		sub = sw.hub.subscribe(true)
		defer sub.Close()
		watchAll(sub, dirs)
		events, errs = sub.Events(), sub.Errors()
		every = max(every, 30*time.Second)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	defer settle.Stop()
	for {
		select {
		case <-sw.ctx.Done():
			return
		case <-events:
			settle.Reset(rescanSettle) // a burst of creations: one look
		case <-errs:
			settle.Reset(rescanSettle)
		case <-settle.C:
			sw.rescan(sub)
		case <-t.C:
			sw.rescan(sub)
		}
	}
}

// rescanSettle is how long a sweep waits after a name appeared before it
// looks for new runs, so that a folder created with its files is one look.
const rescanSettle = 100 * time.Millisecond

// rescan starts the runs that appeared and watches new folders.
func (sw *sweepRunner) rescan(sub *hubSub) {
	found, dirs, err := findRuns(sw.s.dir)
	if err != nil {
		return
	}
	if sub != nil {
		watchAll(sub, dirs)
	}
	sw.start(found)
}

// watchAll adds dirs to sub until the hub refuses one.
func watchAll(sub *hubSub, dirs []string) {
	for _, d := range dirs {
		if err := sub.Add(d); errors.Is(err, errWatchLimit) {
			return
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
	sopts := append(slices.Clone(sw.s.srcOpts), withReadChunk(sweepReadChunk))
	if sw.hub != nil {
		sopts = append(sopts, withHub(sw.hub))
	}
	p := NewPipeline(r.Open(sopts...), popts...)
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
