package monitor

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/losswatch/losswatch/monitor/decode"
)

// DefaultPoll is how often a polling source looks at its file when no
// interval was asked for (`--poll` without a value, or the fallback when
// file-system events cannot be had).
const DefaultPoll = 250 * time.Millisecond

// defaultBatchLimit is how many records a batch merges while the consumer is
// busy before the source waits for it.
const defaultBatchLimit = 1 << 16

// readChunk is how much the source reads at once: large, so that a burst of
// lines costs few system calls and becomes few batches.
const readChunk = 1 << 20

// Option configures a Source.
type Option func(*Source)

// WithFollow makes the source keep reading what is appended after the end
// of the log; without it, the source stops at the end.
func WithFollow(follow bool) Option { return func(s *Source) { s.follow = follow } }

// WithFormat forces a format instead of recognising it.
func WithFormat(f decode.Format) Option { return func(s *Source) { s.format = f } }

// WithPoll makes a following source look at its file every interval instead
// of waiting for file-system events, for NFS, SMB and FUSE mounts, which
// deliver none. 0, the default, uses events (and falls back to polling every
// DefaultPoll when they cannot be had).
func WithPoll(interval time.Duration) Option { return func(s *Source) { s.poll = interval } }

// WithReadEvery makes a following source that waits for file-system events
// look at its file at most once every interval while writes keep coming:
// the first write after a quiet spell is read at once, those that follow
// within the interval are read together when it ends. The system merges
// the events of writes that nobody takes in the meantime, so a log written
// line by line costs one wake-up per interval instead of several per line.
// For a consumer that takes updates no more often than that anyway (the
// UI: monitor.WithPublishEvery); 0, the default, reads at every event.
func WithReadEvery(interval time.Duration) Option { return func(s *Source) { s.readEvery = interval } }

// WithFromEnd makes the source skip what the file holds when it starts and
// deliver only what is written afterwards.
func WithFromEnd(fromEnd bool) Option { return func(s *Source) { s.fromEnd = fromEnd } }

// WithStdin sets what the path "-" reads (default os.Stdin).
func WithStdin(r io.Reader) Option { return func(s *Source) { s.stdin = r } }

// withHub makes a following source watch its directories through the
// sweep's hub rather than a watcher of its own.
func withHub(h *watchHub) Option { return func(s *Source) { s.hub = h } }

// withBatchLimit sets how many records a batch merges while the consumer
// is busy (a sweep's runs hold less each).
func withBatchLimit(n int) Option { return func(s *Source) { s.batchLimit = n } }

// withReadChunk sets how much the source reads at once (a sweep's many
// followers each keep a buffer that size).
func withReadChunk(n int) Option { return func(s *Source) { s.chunk = n } }

// withWriter makes a directory's source read the event files of writer
// only (one run of several side by side in a folder).
func withWriter(w *eventWriter) Option { return func(s *Source) { s.writer = w } }

// Source reads one log — a file, standard input ("-") or the newest log of
// a directory — and delivers its records in batches. Its zero options read a
// file once, recognising its format.
type Source struct {
	path       string
	follow     bool
	format     decode.Format
	poll       time.Duration
	fromEnd    bool
	batchLimit int
	stdin      io.Reader
	writer     *eventWriter
	hub        *watchHub // shared with the other runs of a sweep, else nil
	chunk      int       // read size (readChunk unless a sweep asks for less)
	// recheck is how often a follower on file events looks anyway.
	recheck time.Duration
	// readEvery is the shortest time between two looks at a file that
	// events announce (WithReadEvery).
	readEvery time.Duration
}

// Open prepares a source for path ("-" is standard input).
func Open(path string, opts ...Option) *Source {
	s := &Source{path: path, recheck: defaultRecheck}
	for _, o := range opts {
		o(s)
	}
	if s.chunk <= 0 {
		s.chunk = readChunk
	}
	if s.batchLimit <= 0 {
		s.batchLimit = defaultBatchLimit
	}
	if s.stdin == nil {
		s.stdin = os.Stdin
	}
	return s
}

// Path returns the path the source was opened with.
func (s *Source) Path() string { return s.path }

// Run reads the log and sends batches to out until the log ends (or, when
// following, until ctx is done, when it returns ctx.Err()). Standard input
// ends at its end of file, following or not: Run then returns nil. It does
// not close out.
//
// Within one batch, Events happened before Records: a source sends what it
// holds before it reports a truncation or rotation, so a consumer that
// handles Events first keeps the order of the log. The batch carrying the
// EventEOF event is the first with Live set.
//
// A consumer that is slower than the log does not make Run block or grow
// without bound: Run keeps reading and merges records into the batch it
// holds, up to the batch limit, and only then waits for the consumer.
func (s *Source) Run(ctx context.Context, out chan<- Batch) error {
	b := newBatcher(ctx, out, s.batchLimit, decode.NewDecoder(s.format, s.path))
	if s.path == "-" {
		return s.runStdin(ctx, b)
	}
	fi, err := os.Stat(s.path)
	if err == nil && fi.IsDir() {
		return s.runDir(ctx, b)
	}
	if err == nil && !fi.Mode().IsRegular() {
		return s.runPipe(ctx, b)
	}
	if !s.follow {
		if err := s.readOnce(b, s.path); err != nil {
			return err
		}
		if err := b.eof(); err != nil {
			return err
		}
		return b.send()
	}
	return s.followFile(ctx, b)
}

// readOnce reads one file to its end, as check does, and treats a last line
// without its newline as complete.
func (s *Source) readOnce(b *batcher, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b.path = path
	if fi, err := f.Stat(); err == nil {
		b.size = fi.Size()
	}
	if err := readAhead(f, s.chunk, b.feed); err != nil {
		return err
	}
	return b.flush()
}
