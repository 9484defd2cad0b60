package decode

import (
	"bytes"
	"encoding/binary"
)

// The per-row helpers of the hot paths: each gives exactly what its
// general counterpart in package bytes gives, without its set-up cost
// (bytes.TrimRight and TrimLeft build a set of the cutset's bytes on every
// call; bytes.TrimSpace decodes UTF-8 at both ends), which on a log of
// millions of short rows is a good part of the time.

// trimSpace is bytes.TrimSpace: b itself when it neither begins nor ends
// with a blank, which every number and name of a log does.
func trimSpace(b []byte) []byte {
	if len(b) == 0 || plain(b[0]) && plain(b[len(b)-1]) {
		return b
	}
	return bytes.TrimSpace(b)
}

// plain reports whether c is an ASCII byte that is not white space (and
// so neither an ASCII nor the first byte of a Unicode space).
func plain(c byte) bool { return c > ' ' && c < 0x80 }

// trimRightBlanks is bytes.TrimRight(b, "\r \t").
func trimRightBlanks(b []byte) []byte {
	i := len(b)
	for i > 0 && (b[i-1] == '\r' || b[i-1] == ' ' || b[i-1] == '\t') {
		i--
	}
	return b[:i]
}

// trimLeftHeaderBlanks is bytes.TrimLeft(b, " \t\"").
func trimLeftHeaderBlanks(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '"') {
		i++
	}
	return b[i:]
}

// splitFields splits t at delim, honouring double quotes, into dst. A row
// without quotes (nearly every row: one bytes.IndexByte tells) is cut at
// each delimiter, found eight bytes at a time (fields are too short for
// IndexByte to pay); one with quotes is split by splitQuoted.
func splitFields(t []byte, delim byte, dst [][]byte) [][]byte {
	if bytes.IndexByte(t, '"') >= 0 {
		return splitQuoted(t, delim, dst)
	}
	dst = dst[:0]
	start, i := 0, 0
	mask := swarOnes * uint64(delim)
	for ; i+8 <= len(t); i += 8 {
		x := binary.LittleEndian.Uint64(t[i:]) ^ mask
		if (x-swarOnes)&^x&swarHighs == 0 {
			continue // no delimiter among these eight bytes
		}
		for j := i; j < i+8; j++ {
			if t[j] == delim {
				dst = append(dst, t[start:j])
				start = j + 1
			}
		}
	}
	for ; i < len(t); i++ {
		if t[i] == delim {
			dst = append(dst, t[start:i])
			start = i + 1
		}
	}
	return append(dst, t[start:])
}

// swarOnes and swarHighs find a zero byte in a word: (x-ones)&^x&highs is
// non-zero exactly when one of x's bytes is zero.
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// splitQuoted is splitFields for a row with quotes: a delimiter between
// two quotes does not split.
func splitQuoted(t []byte, delim byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	start, quoted := 0, false
	for i, c := range t {
		switch {
		case c == '"':
			quoted = !quoted
		case c == delim && !quoted:
			dst = append(dst, t[start:i])
			start = i + 1
		}
	}
	return append(dst, t[start:])
}
