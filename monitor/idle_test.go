//go:build unix

package monitor

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time this process has used.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestIdleFollowerUsesNoCPU(t *testing.T) {
	for _, m := range []struct {
		name string
		poll time.Duration
	}{{"events", 0}, {"poll", 10 * time.Millisecond}} {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "train.log")
			writeFile(t, path, lines(1, 1000))
			c := collect(t, Open(path, WithFollow(true), WithPoll(m.poll)))
			c.event(EventEOF)
			c.records(1000)
			const idle = time.Second
			before := cpuTime(t)
			time.Sleep(idle)
			used := cpuTime(t) - before
			t.Logf("%s: an idle follower used %v of CPU in %v", m.name, used, idle)
			// A busy loop would use the whole second; blocked on events or
			// sleeping between polls it uses next to nothing.
			if used > idle/5 {
				t.Fatalf("an idle follower used %v of CPU in %v: busy loop", used, idle)
			}
		})
	}
}
