package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor/decode"
)

// followSweep follows dir until stop says it has seen enough of the
// updates, or fails after limit.
func followSweep(t *testing.T, s *Sweep, limit time.Duration, stop func(RunUpdate) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	out := make(chan RunUpdate, 16)
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, out) }()
	done := false
	for u := range out {
		if !done && stop(u) {
			done = true
			cancel()
		}
	}
	if err := <-errc; !done {
		t.Fatalf("sweep ended (%v) before it saw what it should", err)
	}
}

// Polling (no file events), a run that appears is found by the rescan.
func TestSweepPollingFindsANewRun(t *testing.T) {
	dir := t.TempDir()
	writeLoss(t, filepath.Join(dir, "a", "train.log"), 50, false)
	s := NewSweep(dir, WithRunSource(WithFollow(true), WithPoll(20*time.Millisecond)), WithRescan(50*time.Millisecond))
	created := false
	followSweep(t, s, 20*time.Second, func(u RunUpdate) bool {
		if rs := s.Runs(); len(rs) == 0 || rs[0].Name != "a" { // while the sweep runs
			t.Errorf("runs while following: %+v", rs)
		}
		if u.Run == "a" && !created {
			created = true
			writeLoss(t, filepath.Join(dir, "b", "train.log"), 50, false)
		}
		return u.Run == "b" && u.Batch != nil && len(u.Batch.Records) > 0
	})
	names := []string{}
	for _, r := range s.Runs() {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "a,b" {
		t.Errorf("runs %q", names)
	}
}

// More runs than the system allows file watchers (128 inotify instances a
// user by default) are all followed on file events: they share one.
func TestSweepFollowsManyRunsWithOneWatcher(t *testing.T) {
	const runs = 140
	dir := t.TempDir()
	for i := range runs {
		writeLoss(t, filepath.Join(dir, fmt.Sprintf("r%03d", i), "metrics.jsonl"), 5, false)
	}
	live := map[string]bool{}
	inotify := -1
	followSweep(t, NewSweep(dir, WithRunSource(WithFollow(true))), 60*time.Second, func(u RunUpdate) bool {
		if u.Batch == nil {
			return false
		}
		for _, e := range u.Batch.Events {
			if e.Kind == EventPolling {
				t.Errorf("run %s polls: %s", u.Run, e.Message)
			}
		}
		if u.Batch.Live {
			live[u.Run] = true
		}
		if len(live) < runs {
			return false
		}
		inotify = countInotify()
		return true
	})
	if inotify > 1 {
		t.Errorf("%d inotify instances for %d runs, want one", inotify, runs)
	}
}

// countInotify counts the process's inotify instances (-1 when unknown).
func countInotify() int {
	dir := "/proc/self/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range entries {
		if l, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && strings.Contains(l, "inotify") {
			n++
		}
	}
	return n
}

// The hub refuses directories beyond its bound, and a source refused one
// polls instead.
func TestWatchHubBound(t *testing.T) {
	h, err := newWatchHub(2)
	if err != nil {
		t.Skip("no file events on this system:", err)
	}
	defer h.close()
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	s1 := h.subscribe(false)
	if err := s1.Add(a); err != nil {
		t.Fatal(err)
	}
	s2 := h.subscribe(false)
	for _, d := range []string{a, b} {
		if err := s2.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s2.Add(c); !errors.Is(err, errWatchLimit) {
		t.Errorf("a third directory: %v, want the limit", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan Batch, 4)
	path := filepath.Join(c, "train.log")
	src := Open(path, WithFollow(true), withHub(h))
	b0 := newBatcher(ctx, out, defaultBatchLimit, decode.NewDecoder("", path))
	w, err := src.newWaiter(ctx, b0, c, path)
	if err != nil {
		t.Fatal(err)
	}
	if w.watch != nil || w.interval != DefaultPoll {
		t.Errorf("a source refused by the hub does not poll")
	}
	s2.Close()
	if n := h.watched(); n != 1 {
		t.Errorf("%d directories watched after the second subscriber left, want a's", n)
	}
	s1.Close()
	if n := h.watched(); n != 0 {
		t.Errorf("%d directories watched after every subscriber left", n)
	}
}

// A folder read as one run (one source's event files) gets event files of
// another source: they become runs of their own, while the first run's
// processes stay one run; a second log in a one-log run folder is that
// run's, not a new run.
func TestSweepNewRunsInAKnownFolder(t *testing.T) {
	dir := t.TempDir()
	makeFiles(t, dir, "tb/events.out.tfevents.100.hostA.1.0", "lr1/train.log")
	s := NewSweep(dir, WithRunSource(WithFollow(true), WithPoll(20*time.Millisecond)), WithRescan(30*time.Millisecond))
	added := false
	followSweep(t, s, 20*time.Second, func(u RunUpdate) bool {
		if !added && u.Run == "tb" {
			added = true
			makeFiles(t, dir, "tb/events.out.tfevents.200.hostA.2.0", "tb/events.out.tfevents.300.hostB.9.0", "lr1/eval.log")
		}
		return slices.ContainsFunc(s.Runs(), func(r RunInfo) bool { return r.Name == "tb/hostB.9" })
	})
	var names []string
	for _, r := range s.Runs() {
		names = append(names, r.Name)
	}
	if want := []string{"lr1", "tb", "tb/hostB.9"}; !slices.Equal(names, want) {
		t.Errorf("runs %q, want %q", names, want)
	}
}
