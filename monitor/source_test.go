package monitor

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStdinIsReadToItsEndAsItGrows(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := collect(t, Open("-", WithFollow(true), WithStdin(r)))
	w.Write(lines(1, 10))
	c.records(10) // what comes through a pipe is seen before it ends
	l := lines(11, 30)
	for len(l) > 0 {
		n := min(7, len(l))
		w.Write(l[:n])
		l = l[n:]
	}
	last := lines(31, 31)
	w.Write(last[:len(last)-1]) // the last line has no newline
	w.Close()
	if err := c.end(); err != nil {
		t.Fatalf("Run = %v at the end of standard input, want nil", err)
	}
	c.sameSteps(1, 31)
	c.event(EventEOF)
}

func TestReadOnceStopsAtTheEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	writeFile(t, path, append(lines(1, 20), `{"step": 21, "loss": 0.1}`...))
	c := collect(t, Open(path))
	if err := c.end(); err != nil {
		t.Fatal(err)
	}
	c.sameSteps(1, 21)
}

func TestReadOnceOfAMissingFileFails(t *testing.T) {
	c := collect(t, Open(filepath.Join(t.TempDir(), "nope.log")))
	if err := c.end(); err == nil {
		t.Fatal("Run of a missing file without following returned nil")
	}
}

func TestHistoryIsNotLiveAndAppendsAre(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.log")
	writeFile(t, path, lines(1, 100))
	c := collect(t, Open(path, WithFollow(true)))
	c.event(EventEOF)
	appendFile(t, path, lines(101, 110))
	c.sameSteps(1, 110)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.history != 100 {
		t.Fatalf("%d records came before the source went live, want the 100 of the history", c.history)
	}
}

func TestFromEndSkipsHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.log")
	writeFile(t, path, lines(1, 100))
	c := collect(t, Open(path, WithFollow(true), WithFromEnd(true)))
	c.event(EventEOF)
	appendFile(t, path, lines(101, 110))
	c.sameSteps(101, 110)
}

func TestSlowConsumerGetsFewLargeBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.log")
	writeFile(t, path, lines(1, 100000))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan Batch, 1)
	done := make(chan error, 1)
	go func() { done <- Open(path).Run(ctx, out); close(out) }()
	// Nobody reads until the source has had time to read everything; it must
	// neither block for good nor send one batch per line.
	time.Sleep(50 * time.Millisecond)
	batches, step := 0, 0.0
	for b := range out {
		if len(b.Records) > 0 {
			batches++
		}
		for _, r := range b.Records {
			if r.Step != step+1 {
				t.Fatalf("step %v after %v", r.Step, step)
			}
			step = r.Step
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if step != 100000 {
		t.Fatalf("last step %v, want 100000", step)
	}
	if batches > 10 {
		t.Fatalf("100000 lines came in %d batches, want a few", batches)
	}
}

func TestBurstBecomesFewBatches(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.log")
			writeFile(t, path, nil)
			c := collect(t, Open(path, WithFollow(true), WithPoll(m.poll)))
			c.event(EventEOF)
			appendFile(t, path, lines(1, 100000))
			c.sameSteps(1, 100000)
			c.mu.Lock()
			batches := c.batches
			c.mu.Unlock()
			t.Logf("%s: 100000 lines in %d batches", m.name, batches)
			if batches > 200 {
				t.Fatalf("a 100000-line burst came in %d batches", batches)
			}
		})
	}
}

func TestPollingIsAnnouncedWithItsReason(t *testing.T) {
	// A directory that does not exist cannot be watched: the follower says
	// so and polls, then finds the file once the directory appears.
	dir := filepath.Join(t.TempDir(), "later")
	path := filepath.Join(dir, "train.log")
	c := collect(t, Open(path, WithFollow(true)))
	c.event(EventPolling)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, lines(1, 5))
	c.sameSteps(1, 5)
}

func TestFromEndStillNoticesATruncation(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.log")
			writeFile(t, path, lines(1, 100))
			c := collect(t, Open(path, WithFollow(true), WithFromEnd(true), WithPoll(m.poll)))
			c.event(EventEOF)
			writeFile(t, path, lines(101, 300)) // rewritten, longer than before
			c.sameSteps(101, 300)
			c.event(EventTruncated)
		})
	}
}

func TestSymlinkedLogIsFollowedThroughItsTarget(t *testing.T) {
	runs, here := t.TempDir(), t.TempDir()
	target := filepath.Join(runs, "train.log")
	writeFile(t, target, lines(1, 10))
	link := filepath.Join(here, "latest.log")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	src := Open(link, WithFollow(true))
	src.recheck = time.Hour // only file events can bring the appends in time
	c := collect(t, src)
	c.records(10)
	appendFile(t, target, lines(11, 20))
	c.records(20)
	// The link moves on to a new run.
	next := filepath.Join(runs, "train2.log")
	writeFile(t, next, lines(21, 30))
	os.Remove(link)
	if err := os.Symlink(next, link); err != nil {
		t.Fatal(err)
	}
	c.records(30)
	appendFile(t, next, lines(31, 40))
	c.sameSteps(1, 40)
}
