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
	buf    []byte
	frames int              // how many it holds; -1 for the last piece, whose frames are not walked
	dec    *tfeventsDecoder // a fork, kept from run to run with its caches
	laid                    // its records
	used   int              // bytes of buf it decoded: all but an incomplete last frame
}

func tfLaid(pc *tfPiece) *laid { return &pc.laid }

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
	size, start, off, walked := len(buf)/k, 0, 0, 0
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
			walked++
		}
		if off >= len(buf) {
			break
		}
		if head == nil {
			head, frames = buf[:off], walked
		} else {
			pieces = d.piece(pieces, buf[start:off], walked)
		}
		start, walked = off, 0
	}
	return d.lastPiece(buf, head, start, pieces, frames)
}

// lastPiece adds what is left of buf from start to the pieces.
func (d *tfeventsDecoder) lastPiece(buf, head []byte, start int, pieces []tfPiece, frames int) ([]byte, []tfPiece, int) {
	if head == nil {
		return buf, nil, 0
	}
	pieces = d.piece(pieces, buf[start:], -1)
	d.pieces = pieces
	return head, pieces, frames
}

// piece appends a piece of buf to pieces, with a fork to decode it.
func (d *tfeventsDecoder) piece(pieces []tfPiece, buf []byte, frames int) []tfPiece {
	pieces, pc := reuse(pieces) // its fork and buffers kept
	if pc.dec == nil {
		pc.dec = &tfeventsDecoder{table: d.table, stats: Stats{SkipReasons: map[string]int64{}}, names: nameTable{prefix: d.names.prefix}}
	}
	pc.buf, pc.frames = buf, frames
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
	dst, head1 := d.lay(head, frames, pieces, dst)
	var next atomic.Int64 // pieces claimed in order
	work := func() {
		for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
			pc := &pieces[i]
			pc.dec.inherits, pc.dec.inherited = true, 0
			pc.used, pc.recs = pc.dec.frames(pc.buf, pc.recs)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	var n int
	n, head1.recs = d.frames(head, head1.recs)
	work()
	wg.Wait()
	dst = place(dst, &head1, pieces, tfLaid)
	for i := range pieces {
		dst = d.join(pieces, i, dst)
		n += pieces[i].used
	}
	return n, dst
}

// lay makes room in dst for the records of a run of frames, one a frame
// (what a scalar event gives; the last piece's frames are not counted, so
// its room is reckoned from the first's), and lays the first piece's and
// each other's there (see laid).
func (d *tfeventsDecoder) lay(head []byte, frames int, pieces []tfPiece, dst []Record) ([]Record, laid) {
	room := func(pc *tfPiece) int {
		if pc.frames >= 0 {
			return pc.frames
		}
		return len(pc.buf)*frames/len(head) + 16
	}
	total := frames
	for i := range pieces {
		total += room(&pieces[i])
	}
	dst = slices.Grow(dst, total)
	var head1 laid
	off := head1.lay(dst, len(dst), frames)
	for i := range pieces {
		off = pieces[i].lay(dst, off, room(&pieces[i]))
	}
	return dst, head1
}

// join appends the records of pieces[i] to dst, gives those its fork read
// before an epoch of its own the epoch in force before the piece, and
// takes over the fork's counts and its state at the end of the piece.
func (d *tfeventsDecoder) join(pieces []tfPiece, i int, dst []Record) []Record {
	pc := &pieces[i]
	for i := range pc.recs[:pc.dec.inherited] {
		pc.recs[i].Epoch, pc.recs[i].HasEpoch = d.epoch, d.hasEpoch
	}
	dst = place(dst, &pc.laid, pieces[i+1:], tfLaid)
	pc.recs = nil // dst's now
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
