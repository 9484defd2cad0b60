package decode

import (
	"errors"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// A log redirected to a file by Windows PowerShell 5 (`python train.py >
// log.txt`, Out-File, Tee-Object) is written in UTF-16 with a byte-order
// mark: every other byte of its text is NUL, which would read as binary.
// bomDecoder looks at a log's first two bytes; after a UTF-16 mark it hands
// the text on as UTF-8, transcoded as it arrives (x/text's decoder, which
// keeps half a character or surrogate pair for the next bytes).

// bomDecoder passes a log to inner, as UTF-8 when it starts with a UTF-16
// byte-order mark.
type bomDecoder struct {
	inner   Decoder
	head    []byte // the first bytes, while fewer than two
	decided bool
	utf16   transform.Transformer // nil: the log is not UTF-16
	pending []byte                // UTF-16 bytes not yet transcoded (half a character)
	out     []byte
	bytes   int64 // bytes of the log as written
}

func newBOMDecoder(inner Decoder) *bomDecoder { return &bomDecoder{inner: inner} }

// isUTF16BOM reports whether b starts with a UTF-16 byte-order mark.
func isUTF16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

func (d *bomDecoder) Feed(p []byte, dst []Record) []Record {
	d.bytes += int64(len(p))
	if !d.decided {
		d.head = append(d.head, p...)
		if len(d.head) < 2 {
			return dst
		}
		p, d.head, d.decided = d.head, nil, true
		if isUTF16BOM(p) {
			d.utf16 = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		}
	}
	if d.utf16 == nil {
		return d.inner.Feed(p, dst)
	}
	return d.inner.Feed(d.transcode(p, false), dst)
}

// transcode returns the UTF-8 of the pending bytes and p; with atEOF, an
// odd byte left at the end becomes U+FFFD.
func (d *bomDecoder) transcode(p []byte, atEOF bool) []byte {
	src := append(d.pending, p...)
	d.out = d.out[:0]
	for {
		if free := cap(d.out) - len(d.out); free < 2*len(src)+16 {
			d.out = append(d.out, make([]byte, 2*len(src)+16)...)[:len(d.out)]
		}
		nDst, nSrc, err := d.utf16.Transform(d.out[len(d.out):cap(d.out)], src, atEOF)
		d.out = d.out[:len(d.out)+nDst]
		src = src[nSrc:]
		if !errors.Is(err, transform.ErrShortDst) {
			break
		}
	}
	d.pending = append(d.pending[:0], src...)
	return d.out
}

func (d *bomDecoder) Flush(dst []Record) []Record {
	switch {
	case !d.decided && len(d.head) > 0:
		p := d.head
		d.head, d.decided = nil, true
		dst = d.inner.Feed(p, dst)
	case d.utf16 != nil && len(d.pending) > 0:
		dst = d.inner.Feed(d.transcode(nil, true), dst)
	}
	return d.inner.Flush(dst)
}

// Restart forgets the mark: the log that starts again may be written
// otherwise.
func (d *bomDecoder) Restart() {
	d.head, d.decided, d.utf16, d.pending = nil, false, nil, nil
	d.inner.Restart()
}

// Stats counts the bytes of the log as written, whatever they were
// transcoded to.
func (d *bomDecoder) Stats() Stats {
	st := d.inner.Stats()
	st.Bytes = d.bytes
	return st
}

func (d *bomDecoder) Format() Format { return d.inner.Format() }
