package decode

import (
	"runtime"
	"sync"
)

// Event files are decoded on two cores as JSON lines are (see parallel):
// a run of frames is cut in two at a frame boundary, found by walking the
// frames' lengths from the start (a header's CRC is checked at each step,
// which costs a few nanoseconds), and the second half is decoded by a fork
// of the decoder while the first is decoded by the decoder itself. The
// records are joined in log order.
//
// What the second half's records depend on from before the cut is the
// epoch in force (Lightning logs an "epoch" scalar): the fork counts the
// records it gave before it read an epoch of its own, and those are given
// the epoch the first half left in force once it is known. Its names are
// computed from the tags alone, so the fork's own cache gives the same.
// A walk that meets a damaged header or a frame too large to hold does not
// cut: the run is decoded in order, as it always was.

// tfFork is the second core's decoder and what it gave.
type tfFork struct {
	dec  *tfeventsDecoder
	recs []Record
	used int // bytes of its half it decoded
}

// cutFrames returns where to cut buf (which starts with a frame, the
// decoder being neither resyncing nor passing a large frame) in two runs
// of whole frames of about the same size, or 0 when it should not be cut.
func (d *tfeventsDecoder) cutFrames(buf []byte) int {
	if len(buf) < parallelMin || d.big != nil || d.resyncing || runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	off := 0
	for off < len(buf)/2 {
		if len(buf)-off < frameHeader {
			return 0
		}
		length, ok := d.header(buf[off:])
		if !ok || length > maxFrameBytes {
			return 0
		}
		off += frameHeader + length + frameTrailer
	}
	if len(buf)-off < parallelMin/4 { // too little left to be worth a goroutine
		return 0
	}
	return off
}

// decodeRun decodes the complete frames at the start of buf, on two cores
// when buf is long enough, and returns how many bytes it consumed.
func (d *tfeventsDecoder) decodeRun(buf []byte, dst []Record) (int, []Record) {
	cut := d.cutFrames(buf)
	if cut == 0 {
		return d.frames(buf, dst)
	}
	if d.fork == nil {
		d.fork = &tfFork{dec: &tfeventsDecoder{table: d.table, stats: Stats{SkipReasons: map[string]int64{}}}}
	}
	f := d.fork
	f.dec.inherits, f.dec.inherited = true, 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.used, f.recs = f.dec.frames(buf[cut:], f.recs[:0])
	}()
	n, dst := d.frames(buf[:cut], dst)
	wg.Wait()
	dst = d.join(f, dst)
	return n + f.used, dst
}

// join appends the fork's records to dst, gives those it read before an
// epoch of its own the epoch in force at the cut, and takes over the
// fork's counts and its state at the end of its half.
func (d *tfeventsDecoder) join(f *tfFork, dst []Record) []Record {
	for i := range f.recs[:f.dec.inherited] {
		f.recs[i].Epoch, f.recs[i].HasEpoch = d.epoch, d.hasEpoch
	}
	dst = append(dst, f.recs...)
	clear(f.recs) // drop references to the fork's metric arenas
	h := f.dec
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
