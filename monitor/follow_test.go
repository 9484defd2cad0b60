package monitor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// modes are the two ways a follower learns of changes.
var modes = []struct {
	name string
	poll time.Duration
}{
	{"events", 0},
	{"poll", 5 * time.Millisecond},
}

// guard bounds how long a test waits for the follower before failing: it is
// a hang detector, not a timing assertion.
const guard = 20 * time.Second

// collector runs a source and keeps everything it delivers.
type collector struct {
	t       *testing.T
	mu      sync.Mutex
	changed chan struct{}
	steps   []float64
	events  []EventKind
	batches int
	// history counts the records delivered before the source went live.
	history  int
	live     bool
	finished chan struct{}
	err      error
	cancel   context.CancelFunc
}

func collect(t *testing.T, src *Source) *collector {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := &collector{t: t, changed: make(chan struct{}, 1), finished: make(chan struct{}), cancel: cancel}
	out := make(chan Batch, 2)
	go func() { c.err = src.Run(ctx, out); close(out) }()
	go func() {
		defer close(c.finished)
		for b := range out {
			c.mu.Lock()
			for _, e := range b.Events {
				c.events = append(c.events, e.Kind)
			}
			for _, r := range b.Records {
				c.steps = append(c.steps, r.Step)
			}
			if len(b.Records) > 0 {
				c.batches++
			}
			c.live = c.live || b.Live
			if !c.live {
				c.history += len(b.Records)
			}
			c.mu.Unlock()
			select {
			case c.changed <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-c.finished
	})
	return c
}

// end waits for the source to return by itself and returns its error.
func (c *collector) end() error {
	c.t.Helper()
	select {
	case <-c.finished:
		return c.err
	case <-time.After(guard):
		c.t.Fatal("the source did not end")
		return nil
	}
}

// until waits for cond to hold over what was collected.
func (c *collector) until(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.After(guard)
	for {
		c.mu.Lock()
		ok := cond()
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-c.changed:
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			c.t.Fatalf("gave up waiting for %s: have %d records, events %v", what, len(c.steps), c.events)
		}
	}
}

func (c *collector) records(n int) {
	c.t.Helper()
	c.until(fmt.Sprintf("%d records", n), func() bool { return len(c.steps) >= n })
}

func (c *collector) event(k EventKind) {
	c.t.Helper()
	c.until(string(k)+" event", func() bool {
		for _, e := range c.events {
			if e == k {
				return true
			}
		}
		return false
	})
}

// sameSteps fails unless the records seen are exactly steps from..to.
func (c *collector) sameSteps(from, to int) {
	c.t.Helper()
	c.records(to - from + 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.steps) != to-from+1 {
		c.t.Fatalf("saw %d records, want %d", len(c.steps), to-from+1)
	}
	for i, s := range c.steps {
		if s != float64(from+i) {
			c.t.Fatalf("record %d has step %v, want %d (lost, doubled or out of order)", i, s, from+i)
		}
	}
}

// lines returns JSON lines for steps from..to.
func lines(from, to int) []byte {
	var b []byte
	for i := from; i <= to; i++ {
		b = fmt.Appendf(b, "{\"step\": %d, \"loss\": %g}\n", i, 1/float64(i+1))
	}
	return b
}

func appendFile(t *testing.T, path string, p []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(p); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, p []byte) {
	t.Helper()
	if err := os.WriteFile(path, p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// following writes steps 1 to n, starts the follower and waits until it
// has read them: how the scenarios that change a followed log begin.
func following(t *testing.T, path string, start func() *collector, n int) {
	t.Helper()
	writeFile(t, path, lines(1, n))
	start().records(n)
}

// scenario drives a log on disk; it returns the last step written, all
// steps from 1 to it being expected in order.
type scenario func(t *testing.T, path string, c func() *collector) int

var scenarios = []struct {
	name string
	want EventKind // an event the scenario must produce ("" for none)
	run  scenario
}{
	{"created after start", EventOpened, func(t *testing.T, path string, start func() *collector) int {
		c := start()
		c.event(EventWaiting)
		writeFile(t, path, lines(1, 100))
		return 100
	}},
	{"single appended lines", "", func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 10)
		for i := 11; i <= 200; i++ {
			appendFile(t, path, lines(i, i))
		}
		return 200
	}},
	{"partial lines split across writes", "", func(t *testing.T, path string, start func() *collector) int {
		c := start()
		c.event(EventWaiting)
		for i := 1; i <= 40; i++ {
			l := lines(i, i)
			cut := 1 + i%(len(l)-1)
			appendFile(t, path, l[:cut])
			time.Sleep(time.Millisecond) // give the follower a chance to see the half line
			appendFile(t, path, l[cut:])
		}
		return 40
	}},
	{"100k-line burst", "", func(t *testing.T, path string, start func() *collector) int {
		writeFile(t, path, nil)
		c := start()
		c.event(EventEOF)
		appendFile(t, path, lines(1, 100000))
		return 100000
	}},
	{"truncate and rewrite shorter", EventTruncated, func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 50)
		writeFile(t, path, lines(51, 60))
		return 60
	}},
	{"truncate and rewrite longer", EventTruncated, func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 10)
		writeFile(t, path, lines(11, 200))
		return 200
	}},
	{"rename and new file (logrotate create)", EventRotated, func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 50)
		if err := os.Rename(path, path+".1"); err != nil {
			t.Fatal(err)
		}
		appendFile(t, path+".1", lines(51, 60)) // the trainer writes on until told to reopen
		writeFile(t, path, lines(61, 100))
		return 100
	}},
	{"copytruncate", EventTruncated, func(t *testing.T, path string, start func() *collector) int {
		w, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		w.Write(lines(1, 50))
		c := start()
		c.records(50)
		old, _ := os.ReadFile(path)
		writeFile(t, path+".1", old)
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		w.Write(lines(51, 120))
		return 120
	}},
	{"delete and recreate", EventRecreated, func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 50)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, lines(51, 80))
		return 80
	}},
	{"atomic replace by rename", EventRecreated, func(t *testing.T, path string, start func() *collector) int {
		following(t, path, start, 50)
		writeFile(t, path+".tmp", lines(51, 90))
		if err := os.Rename(path+".tmp", path); err != nil {
			t.Fatal(err)
		}
		return 90
	}},
}

func TestFollowerSeesEveryLineOnce(t *testing.T) {
	for _, m := range modes {
		for _, sc := range scenarios {
			t.Run(m.name+"/"+sc.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "train.log")
				var c *collector
				start := func() *collector {
					src := Open(path, WithFollow(true), WithPoll(m.poll))
					src.recheck = time.Hour // file events alone must do
					c = collect(t, src)
					return c
				}
				last := sc.run(t, path, start)
				c.sameSteps(1, last)
				if sc.want != "" {
					c.event(sc.want)
				}
			})
		}
	}
}
