package monitor

import (
	"context"
	"os"
	"syscall"
	"time"
)

// opened is what a blocking open returned.
type opened struct {
	f   *os.File
	err error
}

// openStream opens a path that is not a regular file (a named pipe, a
// device, /dev/fd/N) without tying the caller to the open: opening a named
// pipe for reading blocks in the kernel until a writer opens it, and a
// blocked open(2) hears nothing of ctx or of signals. The open runs in a
// goroutine; when ctx ends first, the goroutine is released by opening the
// pipe for writing ourselves (a reader blocked in open counts as a reader,
// so the non-blocking write-open succeeds and completes it), and both ends
// are closed.
func openStream(ctx context.Context, path string) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-ctx.Done():
	}
	go release(path, done)
	return nil, ctx.Err()
}

// release completes the open that done waits for and closes what it
// opened. The opening goroutine may not have reached open(2) yet when ctx
// ends, and a write-open finds no reader then (ENXIO), so it tries again
// until the open returns — for a few seconds at most, after which the
// goroutine is left to a writer of someone else's.
func release(path string, done <-chan opened) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for range 500 {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		select {
		case o := <-done:
			if o.f != nil {
				o.f.Close()
			}
			return
		case <-tick.C:
		}
	}
}
