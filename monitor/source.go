package monitor

import (
	"context"
	"errors"
	"io"
	"os"
	"time"
)

// Option configures a Source.
type Option func(*Source)

// WithFollow makes the source keep reading what is appended after the end
// of the log; without it, the source stops at the end.
func WithFollow(follow bool) Option { return func(s *Source) { s.follow = follow } }

// WithFormat forces a format instead of recognising it.
func WithFormat(f Format) Option { return func(s *Source) { s.format = f } }

// Source reads one log and delivers its records in batches.
type Source struct {
	path   string
	follow bool
	format Format
}

// Open prepares a source for path ("-" is standard input).
func Open(path string, opts ...Option) *Source {
	s := &Source{path: path}
	for _, o := range opts {
		o(s)
	}
	return s
}

const readChunk = 1 << 20

// Run reads the log and sends batches to out until the log ends (or, when
// following, until ctx is done). It does not close out.
func (s *Source) Run(ctx context.Context, out chan<- Batch) error {
	var f io.Reader = os.Stdin
	if s.path != "-" {
		file, err := os.Open(s.path)
		if err != nil {
			return err
		}
		defer file.Close()
		f = file
	}
	dec := NewDecoder(s.format, s.path)
	buf := make([]byte, readChunk)
	send := func(recs []Record) bool {
		select {
		case out <- Batch{Records: recs, Stats: dec.Stats(), Format: dec.Format()}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if recs := dec.Feed(buf[:n], nil); len(recs) > 0 && !send(recs) {
				return ctx.Err()
			}
		}
		if err == nil {
			continue
		}
		if !errors.Is(err, io.EOF) {
			return err
		}
		if !s.follow || s.path == "-" {
			send(dec.Flush(nil))
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
