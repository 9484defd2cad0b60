//go:build unix

package monitor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A named pipe nobody writes to must not hold the source in open(2): a
// cancelled context ends Run, following or not.
func TestNamedPipeWithoutWriterEndsWhenTheContextIsCancelled(t *testing.T) {
	for _, follow := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "idle.fifo")
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skip("no named pipes:", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- Open(path, WithFollow(follow)).Run(ctx, make(chan Batch, 8)) }()
		time.Sleep(50 * time.Millisecond) // let it reach the open
		cancel()
		select {
		case err := <-errc:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("follow=%v: Run = %v, want context.Canceled", follow, err)
			}
		case <-time.After(guard):
			t.Fatalf("follow=%v: Run still blocked in open after the context was cancelled", follow)
		}
	}
}

// The goroutine released from the open leaves the pipe usable: a writer
// and a new reader meet as usual afterwards.
func TestNamedPipeIsReadableAfterACancelledOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := openStream(ctx, path); !errors.Is(err, context.Canceled) {
		t.Fatalf("openStream on a cancelled context = %v, want context.Canceled", err)
	}
	c := collect(t, Open(path))
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(lines(1, 5))
	w.Close()
	if err := c.end(); err != nil {
		t.Fatalf("Run = %v, want nil at the end of the pipe", err)
	}
	c.sameSteps(1, 5)
}
