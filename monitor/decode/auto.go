package decode

import (
	"bytes"
	"strings"
)

// rawLimit bounds the bytes held while deciding whether a log is a text
// log, a JSON document or a binary event file.
const rawLimit = 64 << 10

// autoDecoder decides, from the first bytes of a log, between the decoders
// that read the whole input (TensorBoard event files, trainer_state.json)
// and the line decoder, which then recognises the text format itself.
type autoDecoder struct {
	name    string
	raw     []byte
	lead    int // leading white space of raw
	newline int // raw searched for the first newline so far
	scanned int // raw searched for "log_history" so far
	inner   Decoder
	// eventName: the file's name says TensorBoard event file
	// (events.out.tfevents.*), which it is unless its content is clearly
	// text (someone's export of the scalars as JSON lines or CSV).
	eventName bool
	checked   int  // raw searched for control bytes so far (eventName)
	lineEnd   bool // a newline after the first text was found (eventName)
}

func newAutoDecoder(name string) Decoder {
	return &autoDecoder{name: name, eventName: strings.Contains(name, "tfevents")}
}

func (a *autoDecoder) Feed(p []byte, dst []Record) []Record {
	if a.inner != nil {
		return a.inner.Feed(p, dst)
	}
	a.raw = append(a.raw, p...)
	if !a.decide(false) {
		return dst
	}
	raw := a.raw
	a.raw = nil
	return a.inner.Feed(raw, dst)
}

// decide picks the inner decoder once the bytes held are enough to tell
// (or, when final, with whatever there is). It only looks at what is new
// since the last call, so that a log fed a byte at a time costs linear time.
func (a *autoDecoder) decide(final bool) bool {
	if isUTF16BOM(a.raw) { // text in UTF-16: its UTF-8 is decided on
		a.inner = newBOMDecoder(&autoDecoder{name: a.name})
		return true
	}
	enough := final || len(a.raw) >= rawLimit
	for a.lead < len(a.raw) && isSpace(a.raw[a.lead]) {
		a.lead++
	}
	body := a.raw[a.lead:]
	if a.eventName {
		text, decided := a.eventText(enough)
		if !decided {
			return false
		}
		if !text {
			a.inner = newTFEventsDecoder(a.name)
			return true
		}
	}
	switch {
	case len(body) == 0 && !enough:
		return false
	case tfRecordStart(a.raw):
		if d := newBinaryDecoder(tfeventsFormat, a.name); d != nil {
			a.inner = d
			return true
		}
	case len(body) > 0 && body[0] == '{':
		from := max(a.lead, a.newline)
		nl := bytes.IndexByte(a.raw[from:], '\n')
		if nl < 0 {
			a.newline = len(a.raw)
			if !enough {
				return false
			}
		} else {
			nl += from - a.lead
		}
		if nl >= 0 && len(bytes.TrimSpace(body[:nl])) == 1 { // a pretty-printed document
			const key = `"log_history"`
			from := max(a.lead, a.scanned-len(key))
			a.scanned = len(a.raw)
			if bytes.Contains(a.raw[from:], []byte(key)) {
				if d := newBinaryDecoder(trainerStateFormat, a.name); d != nil {
					a.inner = d
					return true
				}
			} else if !enough {
				return false
			}
		}
	case len(body) < 16 && !enough && bytes.IndexByte(body, '\n') < 0:
		return false // too little to tell a text line from an event file
	}
	a.inner = newNamedLineDecoder("", a.name)
	return true
}

// eventText reports, for a file named like an event file, whether the
// bytes so far are clearly text, and whether they are enough to tell. A
// TFRecord frame starts with its length as eight little-endian bytes, the
// last of which are NUL for any length a frame can have: bytes that hold
// no control character (but tab, CR, LF) up to the end of the first line
// and for at least eight bytes cannot be one. A control byte tells at once
// (an event, maybe not all of it written yet); fewer bytes are too few to
// tell, and the name decides, while the file grows and at its end. Only
// the first rawLimit bytes are looked at, however they arrive.
func (a *autoDecoder) eventText(final bool) (text, decided bool) {
	for ; a.checked < min(len(a.raw), rawLimit) && !(a.lineEnd && a.checked >= 8); a.checked++ {
		c := a.raw[a.checked]
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f {
			return false, true
		}
		if c == '\n' && a.checked >= a.lead {
			a.lineEnd = true
		}
	}
	switch {
	case a.checked < 8:
		return false, final
	case a.lineEnd || final || a.checked >= rawLimit:
		return true, true
	}
	return false, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// tfRecordStart reports whether b starts like a TensorBoard event file: a
// TFRecord frame whose first event names the file version, or any frame
// whose checksums hold (tensorboardX before 1.8 wrote a first event with
// only a wall time).
func tfRecordStart(b []byte) bool {
	if len(b) < 12 {
		return false
	}
	head := b[:min(len(b), 64)]
	return bytes.Contains(head, []byte("brain.Event:")) || tfFramed(b)
}

func (a *autoDecoder) Flush(dst []Record) []Record {
	if a.inner == nil {
		if len(a.raw) == 0 {
			return dst
		}
		a.decide(true)
		raw := a.raw
		a.raw = nil
		dst = a.inner.Feed(raw, dst)
	}
	return a.inner.Flush(dst)
}

func (a *autoDecoder) Restart() {
	if a.inner != nil {
		a.inner.Restart()
		return
	}
	a.raw, a.lead, a.newline, a.scanned = a.raw[:0], 0, 0, 0
	a.checked, a.lineEnd = 0, false
}

func (a *autoDecoder) Stats() Stats {
	if a.inner != nil {
		return a.inner.Stats()
	}
	return Stats{Bytes: int64(len(a.raw)), SkipReasons: map[string]int64{}}
}

func (a *autoDecoder) Format() Format {
	switch {
	case a.inner != nil:
		return a.inner.Format()
	case a.eventName:
		return FormatTFEvents // an event file without its first event yet
	}
	return ""
}
