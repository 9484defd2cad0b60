package monitor

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSoak writes to a followed log for as long as LOSSWATCH_SOAK says
// (a duration: LOSSWATCH_SOAK=2m go test -run Soak ./monitor/), half of it
// followed by events and half by polling, with appends of every size,
// rotations, copytruncates, truncations, deletions and replacements, and
// checks at the end that every line was seen once, in order.
func TestSoak(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("LOSSWATCH_SOAK"))
	if err != nil || d <= 0 {
		t.Skip("set LOSSWATCH_SOAK to a duration to run the soak test")
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) { soak(t, d/2, m.poll) })
	}
}

func soak(t *testing.T, d time.Duration, poll time.Duration) {
	dir := t.TempDir()
	path := filepath.Join(dir, "train.log")
	c := collect(t, Open(path, WithFollow(true), WithPoll(poll)))
	rng := rand.New(rand.NewPCG(1, uint64(poll)))
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { w.Close() }()
	reopen := func() {
		w.Close()
		if w, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	step, ops := 0, map[string]int{}
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		n := 1 + rng.IntN(200)
		if rng.IntN(50) == 0 {
			n = 20000 + rng.IntN(30000) // a burst
		}
		// Half of the writes split their last line, finished by the next.
		buf := lines(step+1, step+n)
		cut := len(buf)
		if rng.IntN(2) == 0 {
			cut -= 1 + rng.IntN(10)
		}
		w.Write(buf[:cut])
		time.Sleep(time.Duration(rng.IntN(3)) * time.Millisecond)
		w.Write(buf[cut:])
		step += n
		if rng.IntN(100) != 0 {
			continue
		}
		// Something drastic: first let the follower catch up, as a trainer's
		// log rotator would not wait for it either, but lines written before
		// a rename are only lost if nobody reads them before the switch.
		c.records(step)
		op := []string{"rotate", "copytruncate", "truncate", "delete", "replace"}[rng.IntN(5)]
		ops[op]++
		switch op {
		case "rotate":
			os.Rename(path, path+".1")
			w.Write(lines(step+1, step+5))
			step += 5
			reopen()
		case "copytruncate":
			old, _ := os.ReadFile(path)
			os.WriteFile(path+".1", old, 0o644)
			os.Truncate(path, 0)
		case "truncate":
			w.Close()
			os.WriteFile(path, lines(step+1, step+3), 0o644)
			step += 3
			reopen()
		case "delete":
			os.Remove(path)
			reopen()
		case "replace":
			os.WriteFile(path+".tmp", lines(step+1, step+10), 0o644)
			os.Rename(path+".tmp", path)
			step += 10
			reopen()
		}
	}
	c.sameSteps(1, step)
	kinds := map[EventKind]int{}
	c.mu.Lock()
	for _, e := range c.events {
		kinds[e]++
	}
	c.mu.Unlock()
	t.Logf("%v: %d lines, every one seen once in order; operations %v; events %v", d, step, ops, kinds)
}
