package decode

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Event files are decoded on several cores as JSON lines are (see
// parallel): a run of frames is cut into pieces at frame boundaries, found
// by walking the frames' lengths from the start (a header's CRC is checked
// at each step, which costs a few nanoseconds); the decoder decodes the
// first piece while forks of it decode the others, taken by whichever
// worker is free (the decoder too, once done). The records are joined in
// log order.
//
// What a piece's records depend on from before it is the epoch in force
// (Lightning logs an "epoch" scalar): a fork counts the records it gave
// before it read an epoch of its own, and those are given the epoch the
// pieces before left in force, once known. Names are computed from the
// tags alone, so a fork's own cache gives the same. The walk stops cutting
// at a damaged header or a frame too large to hold: what follows is one
// piece, decoded in order as it always was.

// tfPiece is a piece of a run after the first, and what decoding it gave.
type tfPiece struct {
	buf  []byte
	dec  *tfeventsDecoder // a fork, kept from run to run with its caches
	recs []Record
	used int // bytes of buf it decoded: all but an incomplete last frame
}

// cutFrames cuts buf (which starts with a frame, the decoder being
// neither resyncing nor passing a large frame) into at most k runs of
// whole frames of about the same size: the first, and the pieces after it,
// or returns no pieces when buf is not to be cut. frames is how many
// frames the first holds.
func (d *tfeventsDecoder) cutFrames(buf []byte, k int) (head []byte, pieces []tfPiece, frames int) {
	pieces = d.pieces[:0]
	if d.big != nil || d.resyncing || k < 2 {
		return buf, nil, 0
	}
	size, start, off := len(buf)/k, 0, 0
	for len(pieces) < k-2 || head == nil {
		for off-start < size { // walk to the first frame boundary past size
			if len(buf)-off < frameHeader {
				return d.lastPiece(buf, head, start, pieces, frames)
			}
			length, ok := d.header(buf[off:])
			if !ok || length > maxFrameBytes {
				return d.lastPiece(buf, head, start, pieces, frames)
			}
			off += frameHeader + length + frameTrailer
			if head == nil {
				frames++
			}
		}
		if off >= len(buf) {
			break
		}
		if head == nil {
			head = buf[:off]
		} else {
			pieces = d.piece(pieces, buf[start:off])
		}
		start = off
	}
	return d.lastPiece(buf, head, start, pieces, frames)
}

// lastPiece adds what is left of buf from start to the pieces.
func (d *tfeventsDecoder) lastPiece(buf, head []byte, start int, pieces []tfPiece, frames int) ([]byte, []tfPiece, int) {
	if head == nil {
		return buf, nil, 0
	}
	pieces = d.piece(pieces, buf[start:])
	d.pieces = pieces
	return head, pieces, frames
}

// piece appends a piece of buf to pieces, with a fork to decode it.
func (d *tfeventsDecoder) piece(pieces []tfPiece, buf []byte) []tfPiece {
	pieces, pc := reuse(pieces) // its fork and buffers kept
	if pc.dec == nil {
		pc.dec = &tfeventsDecoder{table: d.table, stats: Stats{SkipReasons: map[string]int64{}}}
	}
	pc.buf = buf
	return pieces
}

// decodeRun decodes the complete frames at the start of buf, on several
// cores when buf is long enough, and returns how many bytes it consumed.
func (d *tfeventsDecoder) decodeRun(buf []byte, dst []Record) (int, []Record) {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, len(buf)/(parallelMin/2))
	if workers < 2 {
		return d.frames(buf, dst)
	}
	head, pieces, frames := d.cutFrames(buf, workers*piecesPer)
	if len(pieces) == 0 {
		return d.frames(buf, dst)
	}
	var next atomic.Int64 // pieces claimed in order
	work := func() {
		for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
			pc := &pieces[i]
			pc.dec.inherits, pc.dec.inherited = true, 0
			recs := slices.Grow(pc.recs[:0], len(pc.buf)*frames/len(head)+16) // made once, at its size
			pc.used, pc.recs = pc.dec.frames(pc.buf, recs)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	n, dst := d.frames(head, dst)
	work()
	wg.Wait()
	for i := range pieces {
		dst = d.join(&pieces[i], dst)
		n += pieces[i].used
	}
	return n, dst
}

// join appends a piece's records to dst, gives those its fork read before
// an epoch of its own the epoch in force before the piece, and takes over
// the fork's counts and its state at the end of the piece.
func (d *tfeventsDecoder) join(pc *tfPiece, dst []Record) []Record {
	for i := range pc.recs[:pc.dec.inherited] {
		pc.recs[i].Epoch, pc.recs[i].HasEpoch = d.epoch, d.hasEpoch
	}
	dst = append(dst, pc.recs...)
	clear(pc.recs) // drop references to the fork's metric arenas
	h := pc.dec
	if !h.inherits {
		d.epoch, d.hasEpoch = h.epoch, h.hasEpoch
	}
	d.resyncing, d.big = h.resyncing, h.big
	h.resyncing, h.big = false, nil
	d.stats.Lines += h.stats.Lines
	d.stats.Records += h.stats.Records
	d.stats.Skipped += h.stats.Skipped
	for r, n := range h.stats.SkipReasons {
		d.stats.SkipReasons[r] += n
	}
	h.stats.Lines, h.stats.Records, h.stats.Skipped = 0, 0, 0
	clear(h.stats.SkipReasons)
	return dst
}
