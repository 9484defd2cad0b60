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
	// Live is set once the run's history has been read (following: from
	// then on its updates are live).
	Live bool
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
// from any goroutine while Run runs. A run is listed as soon as it is found,
// before its first update (it may wait its turn to read its history: see
// WithParallel).
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
// directories; runs beyond it poll), and each holds its log open. A Sweep
// runs once: a second Run finds every run known already.
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
