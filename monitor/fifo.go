package monitor

import (
	"context"
	"os"
	"syscall"
)

// openStream opens a path that is not a regular file (a named pipe, a
// device, /dev/fd/N) without tying the caller to the open: opening a named
// pipe for reading blocks in the kernel until a writer opens it, and a
// blocked open(2) hears nothing of ctx or of signals. The open runs in a
// goroutine; when ctx ends first, the goroutine is released by opening the
// pipe for writing ourselves (a reader blocked in open counts as a reader,
// so the non-blocking write-open succeeds and completes it), and both ends
// are closed.
func openStream(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
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
	if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		defer w.Close()
	}
	go func() {
		// Once released (or when the file was not a pipe and the open just
		// took long), close what the open returned.
		if o := <-done; o.f != nil {
			o.f.Close()
		}
	}()
	return nil, ctx.Err()
}
