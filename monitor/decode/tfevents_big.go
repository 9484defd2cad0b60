package decode

import (
	"encoding/binary"
	"hash/crc32"
)

// maxBigFrameBytes bounds the length a frame header may declare: an Event
// is a protocol buffer, and those are under 2 GiB. Beyond maxFrameBytes
// frames are only passed over, never held; this bound keeps a header whose
// CRC matched by accident (once in 2^32) from making the decoder pass over
// the rest of a file of any size.
const maxBigFrameBytes = 1<<31 - 1

// bigFrame is a frame over maxFrameBytes (a large image, audio clip or
// graph) being passed over: its data's CRC is computed as the bytes stream
// by, and the frame is counted once its trailer has arrived.
type bigFrame struct {
	left    int64  // data bytes still to come
	crc     uint32 // CRC-32C (unmasked) of the data so far
	trailer [frameTrailer]byte
	got     int // trailer bytes so far
}

// passBig consumes the bytes of the big frame from p and returns how many
// it used. When the frame ends it is counted ("no scalar", or "bad crc")
// and d.big is cleared.
func (d *tfeventsDecoder) passBig(p []byte) int {
	b := d.big
	n := int(min(int64(len(p)), b.left))
	b.crc = crc32.Update(b.crc, d.table, p[:n])
	b.left -= int64(n)
	for b.left == 0 && b.got < frameTrailer && n < len(p) {
		b.trailer[b.got] = p[n]
		b.got++
		n++
	}
	if b.left == 0 && b.got == frameTrailer {
		if binary.LittleEndian.Uint32(b.trailer[:]) != d.mask(b.crc) {
			d.skip("bad crc")
		} else {
			d.skip("no scalar") // no scalar summary comes near this size
		}
		d.big = nil
	}
	return n
}
