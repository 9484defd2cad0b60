package monitor

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// maxHubDirs bounds the directories a following sweep watches (inotify
// watches are a per-user resource shared with every other program).
const maxHubDirs = 1024

// sweepReadChunk is how much each run's source reads at once: each of a
// sweep's hundreds of followers keeps a buffer that size.
const sweepReadChunk = 64 << 10

// sweepBatchLimit is how many records a run's batch merges while the
// consumer is busy: a sweep reads several runs at once, each with batches
// in flight.
const sweepBatchLimit = 8192

// sweepRunner is one Run of a sweep: the runs' goroutines and the gate
// that bounds how many read history at once.
type sweepRunner struct {
	ctx  context.Context
	s    *Sweep
	out  chan<- RunUpdate
	gate chan struct{}
	hub  *watchHub // nil when polling or not following
	wg   sync.WaitGroup
	// claimed holds, by folder, the run that reads the whole folder (a
	// zero RunInfo when the folder's runs are several), so that a folder
	// read as one run is not read again as several.
	claimed map[string]RunInfo
}

func newSweepRunner(ctx context.Context, s *Sweep, out chan<- RunUpdate) *sweepRunner {
	return &sweepRunner{ctx: ctx, s: s, out: out, gate: make(chan struct{}, s.parallel), claimed: map[string]RunInfo{}}
}

// start runs a pipeline for each run not yet known. A run in a folder
// already read as one run (a second log in a Lightning version folder) is
// that run's, not a new one.
func (sw *sweepRunner) start(found []RunInfo) {
	for _, r := range found {
		if c, ok := sw.claimed[r.Dir]; ok && !c.admits(r) {
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
		if _, ok := sw.claimed[r.Dir]; !ok || r.whole {
			sw.claimed[r.Dir] = RunInfo{}
			if r.whole {
				sw.claimed[r.Dir] = r
			}
		}
		sw.wg.Add(1)
		go func() {
			defer sw.wg.Done()
			sw.runOne(r)
		}()
	}
}

// admits reports whether r, found in a folder whose runs are known (c
// the run reading the whole folder, or zero when its runs are several), is
// a run of its own: a folder read as one run holds no other — unless its
// event files now come from another source too, whose files the run does
// not read.
func (c RunInfo) admits(r RunInfo) bool {
	if c.Name == "" {
		return !r.whole
	}
	if c.kind != runEvents || r.kind != runEvents {
		return false
	}
	return !c.writer.covers(r.writer)
}

// watchForRuns looks for new runs until ctx is done: when a name appears in
// a folder of the sweep, and every 30 s anyway; every rescan interval when
// polling or when some folders are beyond the watch's bound.
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
		events, errs = sub.Events(), sub.Errors()
		if watchAll(sub, dirs) {
			every = max(every, 30*time.Second) // events tell; the ticker is a safety net
		}
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

// rescan starts the runs that appeared and watches new folders. A log
// created in a new folder before its watch was set is found by looking
// once more after watching it.
func (sw *sweepRunner) rescan(sub *hubSub) {
	for range 2 {
		found, dirs, err := findRuns(sw.s.dir)
		if err != nil {
			return
		}
		sw.start(found)
		if sub == nil {
			return
		}
		before := len(sub.dirs)
		watchAll(sub, dirs)
		if len(sub.dirs) == before {
			return
		}
	}
}

// watchAll adds dirs to sub until the hub refuses one, and reports whether
// every one is watched.
func watchAll(sub *hubSub, dirs []string) bool {
	all := true
	for _, d := range dirs {
		if err := sub.Add(d); errors.Is(err, errWatchLimit) {
			return false
		} else if err != nil {
			all = false // vanished meanwhile, or not permitted: the ticker finds what it holds
		}
	}
	return all
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
	sopts := append(slices.Clone(sw.s.srcOpts), withReadChunk(sweepReadChunk), withBatchLimit(sweepBatchLimit))
	if sw.hub != nil {
		sopts = append(sopts, withHub(sw.hub))
	}
	p := NewPipeline(r.Open(sopts...), popts...)
	updates, errc := Start(sw.ctx, p.Run, 4)
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
		ri.Live = ri.Live || b.Live
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
