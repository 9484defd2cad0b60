package decode

import (
	"encoding/binary"
	"hash/crc32"
)

// tfFramed reports whether b starts with TFRecord framing: the masked
// CRC-32C of the length field matches, and when the whole first frame is
// in b, so does the masked CRC-32C of its data. Text cannot pass by
// accident but once in 2^32 (2^64 with the whole frame), so an event file
// is recognised by its bytes, whatever its name and first event.
func tfFramed(b []byte) bool {
	if len(b) < frameHeader {
		return false
	}
	table := crc32.MakeTable(crc32.Castagnoli) // the package's shared table
	if binary.LittleEndian.Uint32(b[8:]) != tfMask(crc32.Checksum(b[:8], table)) {
		return false
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(len(b)) || frameHeader+int(n)+frameTrailer > len(b) {
		return true // the rest has not arrived (or is too large to hold): the header's CRC decides
	}
	data := b[frameHeader : frameHeader+n]
	return binary.LittleEndian.Uint32(b[frameHeader+n:]) == tfMask(crc32.Checksum(data, table))
}

// tfMask is TFRecord's CRC masking (the same as tfeventsDecoder.mask).
func tfMask(crc uint32) uint32 { return ((crc >> 15) | (crc << 17)) + 0xa282ead8 }
