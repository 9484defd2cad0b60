package monitor

import (
	"context"
	"errors"
	"io"
	"os"
)

// runStdin reads standard input (or what WithStdin gave) to its end,
// following it as it grows: a pipe from `kubectl logs -f` stays open for as
// long as the run. At its end the rest is sent and Run returns nil.
//
// A blocking read cannot be interrupted, so a reader goroutine does the
// reading and hands chunks over; the loop here stays free to send batches
// and to notice ctx.
func (s *Source) runStdin(ctx context.Context, b *batcher) error {
	return s.runStream(ctx, b, s.stdin, "-")
}

// runPipe reads a path that is not a regular file — a named pipe, or
// /dev/fd/N from a shell's <(command) — as a stream, like standard input.
func (s *Source) runPipe(ctx context.Context, b *batcher) error {
	f, err := openStream(ctx, s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.runStream(ctx, b, f, s.path)
}

// runStream reads r to its end, following it as it grows.
func (s *Source) runStream(ctx context.Context, b *batcher, r io.Reader, name string) error {
	b.path = name
	regular := false
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			regular, b.size = true, fi.Size()
		}
	}
	// A pipe has no history to catch up with: what comes is live.
	b.live = !regular
	chunks := make(chan []byte)
	free := make(chan []byte, 2)
	free <- make([]byte, readChunk)
	free <- make([]byte, readChunk)
	errc := make(chan error, 1)
	go readChunks(ctx, r, free, chunks, errc)
	for {
		out, pending := b.ready()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case out <- pending:
			b.sent()
		case chunk, ok := <-chunks:
			if !ok {
				return s.endStdin(b, <-errc)
			}
			err := b.feed(chunk)
			free <- chunk[:cap(chunk)]
			if err != nil {
				return err
			}
		}
	}
}

// endStdin finishes standard input: the last line counts even without its
// newline.
func (s *Source) endStdin(b *batcher, err error) error {
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	if err := b.eof(); err != nil {
		return err
	}
	return b.send()
}

// readChunks reads r into the buffers of free and sends what it read to
// chunks, until r ends or fails; then it sends the error (io.EOF at the end)
// to errc and closes chunks.
func readChunks(ctx context.Context, r io.Reader, free chan []byte, chunks chan<- []byte, errc chan<- error) {
	defer close(chunks)
	for {
		var buf []byte
		select {
		case buf = <-free:
		case <-ctx.Done():
			errc <- ctx.Err()
			return
		}
		n, err := r.Read(buf)
		if n > 0 {
			select {
			case chunks <- buf[:n]:
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		} else {
			free <- buf
		}
		if err != nil {
			errc <- err
			return
		}
	}
}
