package monitor

import (
	"context"
	"slices"
	"time"

	"github.com/losswatch/losswatch/monitor/decode"
)

// batcher collects what a source reads into the batch it will send next, and
// hands it to the consumer as soon as the consumer is ready — never waiting
// for it until the batch holds its limit of records.
type batcher struct {
	ctx   context.Context
	out   chan<- Batch
	limit int
	dec   decode.Decoder
	// base holds the counts of the decoders of files read before the
	// current one (a followed directory moves from file to file).
	base   decode.Stats
	recs   []decode.Record
	events []Event
	path   string
	size   int64
	live   bool
	names  nameCap
	// fed and got are the bytes fed to decoders and the records they
	// gave, the rate by which the next batch's slice is sized.
	fed, got int64
}

func newBatcher(ctx context.Context, out chan<- Batch, limit int, dec decode.Decoder) *batcher {
	return &batcher{ctx: ctx, out: out, limit: limit, dec: dec, base: decode.Stats{SkipReasons: map[string]int64{}}}
}

// pending reports whether there is anything to send.
func (b *batcher) pending() bool { return len(b.recs) > 0 || len(b.events) > 0 }

// batch returns what is pending as a Batch, with the running totals.
func (b *batcher) batch() Batch {
	return Batch{Records: b.recs, Events: b.events, Stats: b.stats(), Format: b.dec.Format(),
		Path: b.path, Size: b.size, Live: b.live}
}

// ready returns the channel and the batch for a select that hands over what
// is pending while it waits for something else: a nil channel, whose case
// is never chosen, when there is nothing to send.
func (b *batcher) ready() (chan<- Batch, Batch) {
	if !b.pending() {
		return nil, Batch{}
	}
	return b.out, b.batch()
}

// sent forgets what the consumer now owns.
func (b *batcher) sent() { b.recs, b.events = nil, nil }

// stats returns the counts of every file read so far.
func (b *batcher) stats() decode.Stats {
	st := b.dec.Stats()
	c := b.base.Clone()
	c.Bytes += st.Bytes
	c.Lines += st.Lines
	c.Records += st.Records
	c.Skipped += st.Skipped
	for k, v := range st.SkipReasons {
		c.SkipReasons[k] += v
	}
	c.DroppedPoints += st.DroppedPoints
	c.Horizon, c.Unit = st.Horizon, st.Unit // of the file being read
	b.names.addTo(&c)
	return c
}

// useDecoder moves on to another file's decoder, keeping the counts so far.
func (b *batcher) useDecoder(d decode.Decoder) {
	b.base = b.stats()
	b.names.reset()
	b.dec = d
}

// offer hands over what is pending if the consumer is ready for it now.
func (b *batcher) offer() {
	if !b.pending() {
		return
	}
	select {
	case b.out <- b.batch():
		b.sent()
	default:
	}
}

// send waits until the consumer takes what is pending (or ctx is done).
func (b *batcher) send() error {
	if !b.pending() {
		return nil
	}
	select {
	case b.out <- b.batch():
		b.sent()
		return nil
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
}

// keep adds records to the pending batch (those past the pending ones are
// new) and sends it when it is full.
func (b *batcher) keep(recs []decode.Record) error {
	n := len(b.recs)
	b.recs = append(recs[:n], b.names.apply(recs[n:])...)
	if msg, ok := b.names.warning(); ok {
		return b.event(EventError, msg)
	}
	if len(b.recs) >= b.limit {
		return b.send()
	}
	b.offer()
	return nil
}

// feed decodes the next bytes of the log.
func (b *batcher) feed(p []byte) error {
	b.recs = slices.Grow(b.recs, b.expect(len(p)))
	n := len(b.recs)
	recs := b.dec.Feed(p, b.recs)
	b.fed += int64(len(p))
	b.got += int64(len(recs) - n)
	return b.keep(recs)
}

// expect returns how many records n more bytes will likely give, so that
// the batch's slice is made once at its size: a slice handed to the
// consumer is the consumer's, so each batch needs a new one, and regrowing
// it from empty, record by record, cost a fifth of reading a CSV log.
// Until records came, a line of 64 bytes is guessed.
func (b *batcher) expect(n int) int {
	if b.got == 0 {
		return min(n/64, b.limit)
	}
	return min(int(int64(n)*b.got/b.fed)+int(int64(n)*b.got/b.fed)/8+16, b.limit)
}

// flush decodes a last line that will get no newline.
func (b *batcher) flush() error { return b.keep(b.dec.Flush(b.recs)) }

// event reports something that happened to the log after every record
// pending, which it sends first so that the order holds.
func (b *batcher) event(kind EventKind, msg string) error {
	if len(b.recs) > 0 {
		if err := b.send(); err != nil {
			return err
		}
	}
	b.events = append(b.events, Event{Kind: kind, Time: time.Now(), Message: decode.Sanitize(msg)})
	b.offer()
	return nil
}

// eof reports that the history present at start has been read: from here
// on, batches are live.
func (b *batcher) eof() error {
	if len(b.recs) > 0 {
		if err := b.send(); err != nil {
			return err
		}
	}
	b.live = true
	return b.event(EventEOF, "caught up with "+b.path)
}
