package monitor

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// dirWatch delivers file-system events for the directories added to it.
// A follower's own fsnotify watcher is one; a sweep's followers share one
// watcher through a watchHub instead, since the system allows a user few
// of them (128 inotify instances by default on Linux) and a folder may hold
// hundreds of runs.
type dirWatch interface {
	Add(dir string) error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
	Close() error
}

// ownWatch is a follower's own fsnotify watcher.
type ownWatch struct{ w *fsnotify.Watcher }

func (o ownWatch) Add(dir string) error          { return o.w.Add(dir) }
func (o ownWatch) Events() <-chan fsnotify.Event { return o.w.Events }
func (o ownWatch) Errors() <-chan error          { return o.w.Errors }
func (o ownWatch) Close() error                  { return o.w.Close() }

// hubQueue is how many events wait for one subscriber; when it is full the
// subscriber is told events were lost (fsnotify.ErrEventOverflow) and looks
// at everything again, rather than the hub waiting for it.
const hubQueue = 64

// errWatchLimit is why a hub refuses a directory beyond its bound.
var errWatchLimit = errors.New("too many directories watched")

// watchHub shares one fsnotify watcher among subscribers, each watching the
// directories it adds, and holds at most max directories: a subscriber
// refused one polls instead (see Source.newWaiter).
type watchHub struct {
	w    *fsnotify.Watcher
	max  int
	mu   sync.Mutex
	dirs map[string][]*hubSub
	done chan struct{}
}

// newWatchHub starts a hub of at most max directories.
func newWatchHub(max int) (*watchHub, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	h := &watchHub{w: w, max: max, dirs: map[string][]*hubSub{}, done: make(chan struct{})}
	go h.dispatch()
	return h, nil
}

// close stops the hub; its subscribers get no more events.
func (h *watchHub) close() {
	h.w.Close()
	<-h.done
}

// watched returns how many directories the hub watches.
func (h *watchHub) watched() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.dirs)
}

// subscribe returns a subscriber; creations only, when set, filters out
// every event but a name appearing or going (a sweep looking for new runs
// does not want every write of every log).
func (h *watchHub) subscribe(creationsOnly bool) *hubSub {
	return &hubSub{h: h, creations: creationsOnly, events: make(chan fsnotify.Event, hubQueue), errs: make(chan error, 1)}
}

func (h *watchHub) dispatch() {
	defer close(h.done)
	for {
		select {
		case ev, ok := <-h.w.Events:
			if !ok {
				return
			}
			h.deliver(ev)
		case err, ok := <-h.w.Errors:
			if !ok {
				return
			}
			h.broadcast(err)
		}
	}
}

// deliver hands ev to the subscribers of its directory and, for a watched
// directory itself, of that directory.
func (h *watchHub) deliver(ev fsnotify.Event) {
	name := filepath.Clean(ev.Name)
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, key := range [2]string{filepath.Dir(name), name} {
		for _, s := range h.dirs[key] {
			s.offer(ev)
		}
	}
}

// broadcast hands a watcher error to every subscriber.
func (h *watchHub) broadcast(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[*hubSub]bool{}
	for _, subs := range h.dirs {
		for _, s := range subs {
			if !seen[s] {
				seen[s] = true
				s.fail(err)
			}
		}
	}
}

// hubSub is one subscriber of a watchHub: a dirWatch.
type hubSub struct {
	h         *watchHub
	creations bool
	events    chan fsnotify.Event
	errs      chan error
	dirs      []string
}

// offer queues ev without waiting; a full queue becomes an overflow error.
// The hub's lock is held.
func (s *hubSub) offer(ev fsnotify.Event) {
	if s.creations && !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Rename) && !ev.Has(fsnotify.Remove) {
		return
	}
	select {
	case s.events <- ev:
	default:
		s.fail(fsnotify.ErrEventOverflow)
	}
}

// fail queues err unless an error is already waiting.
func (s *hubSub) fail(err error) {
	select {
	case s.errs <- err:
	default:
	}
}

// Add watches dir for this subscriber.
func (s *hubSub) Add(dir string) error {
	dir = filepath.Clean(dir)
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	subs, ok := h.dirs[dir]
	for _, o := range subs {
		if o == s {
			return nil
		}
	}
	if !ok {
		if len(h.dirs) >= h.max {
			return fmt.Errorf("%s: %w (%d)", dir, errWatchLimit, h.max)
		}
		if err := h.w.Add(dir); err != nil {
			return err
		}
	}
	h.dirs[dir] = append(subs, s)
	s.dirs = append(s.dirs, dir)
	return nil
}

func (s *hubSub) Events() <-chan fsnotify.Event { return s.events }
func (s *hubSub) Errors() <-chan error          { return s.errs }

// Close stops watching this subscriber's directories; a directory no one
// watches any more is removed from the watcher.
func (s *hubSub) Close() error {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, dir := range s.dirs {
		subs := h.dirs[dir]
		for i, o := range subs {
			if o == s {
				subs = append(subs[:i], subs[i+1:]...)
				break
			}
		}
		if len(subs) == 0 {
			delete(h.dirs, dir)
			h.w.Remove(dir)
		} else {
			h.dirs[dir] = subs
		}
	}
	s.dirs = nil
	return nil
}
