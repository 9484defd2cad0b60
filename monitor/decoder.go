package monitor

import (
	"bytes"
	"math"
)

// Decoder turns the bytes of one log into records. It is fed the log in
// order, in chunks of any size; it splits lines (or binary frames) itself,
// holds an incomplete last line until the rest arrives, and counts every line
// as a record or as skipped with a reason.
type Decoder interface {
	// Feed consumes the next bytes of the log and appends the records of
	// every complete line to dst.
	Feed(p []byte, dst []Record) []Record
	// Flush treats held, incomplete data as complete: the input has ended.
	Flush(dst []Record) []Record
	// Restart prepares for the log to start again from its first byte
	// (truncated, rotated or replaced). Counts are kept.
	Restart()
	// Stats returns the running counts.
	Stats() Stats
	// Format returns the format in use ("" while it is not yet known).
	Format() Format
}

// MaxLineBytes is the longest line a decoder accepts; a longer one is
// skipped as "too long".
const MaxLineBytes = 1 << 20

// NewDecoder returns a decoder for format, or one that recognises the format
// by itself when format is "". name is the log's file name (or "-"), a hint
// for formats known by their name, such as TensorBoard event files.
func NewDecoder(format Format, name string) Decoder {
	return &lineDecoder{stats: Stats{SkipReasons: map[string]int64{}}}
}

// lineDecoder is the JSON-lines decoder of the thin path.
type lineDecoder struct {
	pending  []byte
	tooLong  bool
	stats    Stats
	lastStep float64
}

func (d *lineDecoder) Feed(p []byte, dst []Record) []Record {
	d.stats.Bytes += int64(len(p))
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			if len(d.pending)+len(p) > MaxLineBytes {
				d.tooLong, d.pending = true, d.pending[:0]
			} else {
				d.pending = append(d.pending, p...)
			}
			return dst
		}
		line := p[:i]
		if len(d.pending) > 0 {
			d.pending = append(d.pending, line...)
			line = d.pending
		}
		dst = d.line(line, dst)
		d.pending = d.pending[:0]
		p = p[i+1:]
	}
	return dst
}

func (d *lineDecoder) Flush(dst []Record) []Record {
	if len(d.pending) > 0 || d.tooLong {
		dst = d.line(d.pending, dst)
		d.pending = d.pending[:0]
	}
	return dst
}

func (d *lineDecoder) Restart() { d.pending, d.tooLong = d.pending[:0], false }

func (d *lineDecoder) Stats() Stats { return d.stats.Clone() }

func (d *lineDecoder) Format() Format { return FormatJSONL }

func (d *lineDecoder) line(line []byte, dst []Record) []Record {
	d.stats.Lines++
	if d.tooLong {
		d.tooLong = false
		d.skip("too long")
		return dst
	}
	line = bytes.TrimRight(line, "\r")
	if len(bytes.TrimSpace(line)) == 0 {
		d.skip("blank")
		return dst
	}
	rec, reason := parseJSONLine(line, d.stats.Lines)
	if reason != "" {
		d.skip(reason)
		return dst
	}
	if math.IsNaN(rec.Step) {
		rec.Step = d.lastStep + 1
	}
	d.lastStep = rec.Step
	d.stats.Records++
	return append(dst, rec)
}

func (d *lineDecoder) skip(reason string) {
	d.stats.Skipped++
	d.stats.SkipReasons[reason]++
}
