//go:build unix

package monitor

import (
	"context"
	"fmt"
	"github.com/losswatch/losswatch/monitor/decode"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A polling waiter looks at the followed file every interval but lets the
// directory be listed only every listEvery: listing a directory of
// thousands of files costs a stat each.
func TestPollingListsTheDirectoryRarely(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	b := newBatcher(ctx, make(chan Batch, 64), defaultBatchLimit, decode.NewDecoder("", "x"))
	const interval = 2 * time.Millisecond
	w, err := Open(dir, WithPoll(interval)).newWaiter(ctx, b, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	start, looks, listings := time.Now(), 0, 0
	for ; looks < 50; looks++ {
		others, err := w.wait(b)
		if err != nil {
			t.Fatal(err)
		}
		if others {
			listings++
		}
	}
	// However slow the machine, the listings can be no more than one per
	// listEvery over the time the looks took, plus the first.
	allowed := 1 + int(time.Since(start)/w.listEvery())
	if listings > allowed {
		t.Fatalf("%d looks listed the directory %d times, want at most %d (one per %v)", looks, listings, allowed, w.listEvery())
	}
}

// BenchmarkPollFollowedDirectory measures the CPU of following a directory
// of 10,000 files by polling, per second of following (the same metric
// the by-hand measurement with getrusage reports).
func BenchmarkPollFollowedDirectory(b *testing.B) {
	dir := b.TempDir()
	for i := range 10000 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%05d.log", i)), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "zz.jsonl"), []byte("{\"step\": 1, \"loss\": 2}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		out := make(chan Batch, 64)
		go func() {
			for range out {
			}
		}()
		cpu0 := processCPU(b)
		Open(dir, WithFollow(true), WithPoll(DefaultPoll)).Run(ctx, out)
		close(out)
		b.ReportMetric(float64(processCPU(b)-cpu0)/float64(time.Millisecond), "cpu-ms/s")
		cancel()
	}
}

// processCPU returns the user and system CPU time of the process so far.
func processCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
