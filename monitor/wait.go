package monitor

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// defaultRecheck is how often a follower that waits for file-system events looks
// at its file anyway, in case an event was never delivered (a directory
// replaced under the watch, a write through a memory map). It is slow enough
// that an idle follower costs nothing.
const defaultRecheck = 5 * time.Second

// waiter blocks a follower until its file may have changed: on file-system
// events for the file's directory, or every interval when polling. While it
// waits it hands the pending batch to the consumer.
type waiter struct {
	ctx      context.Context
	watch    dirWatch // nil when polling
	interval time.Duration
	dir      string
	file     string // the followed file, cleaned; "" wakes on every name
	// target is the file a symbolic link at file points to, whose own
	// directory is watched too ("" when file is no link).
	target  string
	recheck time.Duration
	// any wakes on an event for any name, while the followed file has been
	// moved away and may still be written under another name.
	any bool
	// listed is when a polling waiter last let the directory be listed
	// (see listEvery).
	listed time.Time
	// readEvery is the shortest time between two wake-ups on events
	// (Source.readEvery); woke is when the last one returned.
	readEvery time.Duration
	woke      time.Time
}

// minListEvery is the shortest time between two listings of a polled
// directory: the followed file is looked at every poll interval, but a
// directory of thousands of files costs a stat per file to list, which at
// four times a second is a core's worth of work (and worse on NFS).
const minListEvery = 2 * time.Second

// listEvery is how often a polling waiter lets the directory be listed:
// every 10 intervals, and no more often than minListEvery.
func (w *waiter) listEvery() time.Duration { return max(minListEvery, 10*w.interval) }

// listDue reports whether a polling waiter's directory is due to be listed
// again, and if so counts it as listed now.
func (w *waiter) listDue() bool {
	now := time.Now()
	if !w.listed.IsZero() && now.Sub(w.listed) < w.listEvery() {
		return false
	}
	w.listed = now
	return true
}

// newWaiter watches dir for events, or polls when s asks for it or the
// watch cannot be set; it then reports why with an EventPolling event.
func (s *Source) newWaiter(ctx context.Context, b *batcher, dir, file string) (*waiter, error) {
	w := &waiter{ctx: ctx, interval: s.poll, dir: dir, file: filepath.Clean(file), recheck: s.recheck, readEvery: s.readEvery}
	if s.poll > 0 {
		return w, b.event(EventPolling, fmt.Sprintf("polling %s every %s", dir, s.poll))
	}
	watch, err := s.newDirWatch()
	if err == nil {
		if err = watch.Add(dir); err != nil {
			watch.Close()
		}
	}
	if err != nil {
		w.interval = DefaultPoll
		return w, b.event(EventPolling, fmt.Sprintf("cannot watch %s for changes (%v): polling every %s instead", dir, err, DefaultPoll))
	}
	w.watch = watch
	return w, nil
}

// newDirWatch returns the source's watch: a share of its sweep's hub, or
// its own fsnotify watcher.
func (s *Source) newDirWatch() (dirWatch, error) {
	if s.hub != nil {
		return s.hub.subscribe(false), nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return ownWatch{w}, nil
}

// follow makes the waiter wake for file, watching its directory too.
func (w *waiter) follow(file string) {
	w.file = filepath.Clean(file)
	if w.watch != nil && filepath.Dir(w.file) != filepath.Clean(w.dir) {
		w.watch.Add(filepath.Dir(w.file)) // on failure the recheck still finds changes
	}
}

// resolve watches the file a symbolic link at the followed path points to,
// whose writes raise events in the target's directory, not the link's.
func (w *waiter) resolve() {
	w.target = ""
	t, err := filepath.EvalSymlinks(w.file)
	if err != nil || t == w.file {
		return
	}
	if abs, err := filepath.Abs(w.file); err == nil && abs == t {
		return
	}
	w.target = t
	w.watchDir(filepath.Dir(t))
}

// watchDir adds dir to the watch, so that a log created in it wakes the
// waiter (a followed directory's checkpoint-N folders). Polling needs none.
func (w *waiter) watchDir(dir string) {
	if w.watch != nil {
		w.watch.Add(dir) // on failure the recheck still finds it
	}
}

// close releases the watch.
func (w *waiter) close() {
	if w.watch != nil {
		w.watch.Close()
	}
}

// wait returns when the file may have changed. others reports that a name
// other than the file's changed in the directory (when polling: that the
// directory is due to be listed again, see listEvery), so that a followed
// directory can look for a newer log.
func (w *waiter) wait(b *batcher) (others bool, err error) {
	var tick <-chan time.Time
	if w.watch == nil {
		t := time.NewTimer(w.interval)
		defer t.Stop()
		tick = t.C
	} else {
		t := time.NewTimer(w.recheck)
		defer t.Stop()
		tick = t.C
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.watch != nil {
		events, errs = w.watch.Events(), w.watch.Errors()
	}
	for {
		out, pending := b.ready()
		select {
		case <-w.ctx.Done():
			return false, w.ctx.Err()
		case out <- pending:
			b.sent()
		case <-tick:
			if w.watch == nil {
				return w.listDue(), nil
			}
			return true, nil
		case ev, ok := <-events:
			if !ok {
				return false, errors.New("file watch closed")
			}
			mine, other := w.relevant(ev)
			if mine || other {
				if err := w.pace(b); err != nil {
					return false, err
				}
				return w.coalesce(other), nil
			}
		case err, ok := <-errs:
			if !ok {
				return false, errors.New("file watch closed")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				return true, nil // events were lost: look at everything again
			}
			if err := b.event(EventError, "file watch: "+err.Error()); err != nil {
				return false, err
			}
		}
	}
}

// pace waits, when the last wake-up on events was less than readEvery ago,
// for the rest of the interval, handing the pending batch over meanwhile.
// Events are not taken while it waits: the system merges those of the
// writes that keep coming, and coalesce then takes what is queued.
func (w *waiter) pace(b *batcher) error {
	now := time.Now()
	rest := w.readEvery - now.Sub(w.woke)
	if w.readEvery <= 0 || rest <= 0 {
		w.woke = now
		return nil
	}
	t := time.NewTimer(rest)
	defer t.Stop()
	for {
		out, pending := b.ready()
		select {
		case <-w.ctx.Done():
			return w.ctx.Err()
		case out <- pending:
			b.sent()
		case <-t.C:
			w.woke = time.Now()
			return nil
		}
	}
}

// relevant says whether ev concerns the followed file, or announces another
// file in the directory.
func (w *waiter) relevant(ev fsnotify.Event) (mine, other bool) {
	if ev.Op == fsnotify.Chmod {
		return false, false
	}
	if name := filepath.Clean(ev.Name); w.any || w.file == "" || name == w.file || w.target != "" && name == w.target {
		return true, false
	}
	return false, ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename)
}

// coalesce takes every event already queued, so that a burst of writes costs
// one look at the file.
func (w *waiter) coalesce(other bool) bool {
	for {
		select {
		case ev, ok := <-w.watch.Events():
			if !ok {
				return other
			}
			_, o := w.relevant(ev)
			other = other || o
		default:
			return other
		}
	}
}
