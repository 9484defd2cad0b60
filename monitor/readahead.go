package monitor

import (
	"errors"
	"io"
)

// readAhead reads r to its end in chunks of size bytes and hands each to
// feed, reading the next chunk while feed works on the one before: a read
// is a copy out of the page cache on one core, which otherwise waited with
// the decoder's workers idle (a tenth of check's wall time on an event
// file). Two buffers take turns; feed must be done with a chunk when it
// returns. It returns the first error of feed or of the read (io.EOF ends
// the file without error). The reading goroutine has ended when it returns.
func readAhead(r io.Reader, size int, feed func([]byte) error) error {
	type chunk struct {
		buf []byte
		err error
	}
	full := make(chan chunk, 1)
	free := make(chan []byte, 2)
	free <- make([]byte, size)
	free <- make([]byte, size)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(full)
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-stop:
				return
			}
			n, err := io.ReadFull(r, buf)
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = io.EOF
			}
			select {
			case full <- chunk{buf[:n], err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()
	for c := range full {
		if len(c.buf) > 0 {
			if err := feed(c.buf); err != nil {
				return err
			}
		}
		if errors.Is(c.err, io.EOF) {
			return nil
		}
		if c.err != nil {
			return c.err
		}
		free <- c.buf[:cap(c.buf)]
	}
	return nil
}
