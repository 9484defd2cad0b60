package monitor

import (
	"bufio"
	"bytes"
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

// Source reads one log and delivers its records in batches.
type Source struct {
	path   string
	follow bool
	stats  Stats
}

// Open prepares a source for path ("-" is standard input).
func Open(path string, opts ...Option) *Source {
	s := &Source{path: path, stats: Stats{SkipReasons: map[string]int64{}}}
	for _, o := range opts {
		o(s)
	}
	return s
}

const maxBatch = 4096

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
	r := bufio.NewReaderSize(f, 1<<16)
	var pending []byte
	var batch Batch
	flush := func() bool {
		if len(batch.Records) == 0 && len(batch.Events) == 0 {
			return true
		}
		batch.Stats = s.stats.Clone()
		batch.Format = FormatJSONL
		select {
		case out <- batch:
		case <-ctx.Done():
			return false
		}
		batch = Batch{}
		return true
	}
	for {
		chunk, err := r.ReadSlice('\n')
		pending = append(pending, chunk...)
		if err == nil {
			s.stats.Bytes += int64(len(pending))
			s.line(bytes.TrimRight(pending, "\r\n"), &batch)
			pending = pending[:0]
			if len(batch.Records) >= maxBatch && !flush() {
				return ctx.Err()
			}
			continue
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if !errors.Is(err, io.EOF) {
			return err
		}
		if !flush() {
			return ctx.Err()
		}
		if !s.follow || s.path == "-" {
			if len(pending) > 0 {
				s.stats.Bytes += int64(len(pending))
				s.line(bytes.TrimRight(pending, "\r\n"), &batch)
				flush()
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (s *Source) line(line []byte, batch *Batch) {
	s.stats.Lines++
	rec, reason := parseJSONLine(line, s.stats.Lines)
	if reason != "" {
		s.stats.Skipped++
		s.stats.SkipReasons[reason]++
		return
	}
	s.stats.Records++
	batch.Records = append(batch.Records, rec)
}
