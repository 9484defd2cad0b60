package decode

import (
	"bytes"
	"math"
	"slices"
)

// Decoder turns the bytes of one log into records. It is fed the log in
// order, in chunks of any size; it splits lines (or binary frames) itself,
// holds an incomplete last line until the rest arrives, and counts every line
// as a record or as skipped with a reason.
//
// For the text formats, after Flush, Stats().Lines is the number of lines
// of the input (newlines, plus one for an unterminated last line) and
// Lines == Records + Skipped: a line yields at most one record.
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

// maxLineBytes is the longest line a decoder accepts; a longer one is
// skipped as "too long".
const maxLineBytes = 1 << 20

// NewDecoder returns a decoder for format, or one that recognises the format
// by itself when format is "". name is the log's file name (or "-"), a hint
// for formats known by their name, such as TensorBoard event files.
func NewDecoder(format Format, name string) Decoder {
	if lineFormat(format) {
		return newBOMDecoder(newNamedLineDecoder(format, name)) // a text log may be UTF-16
	}
	if d := newBinaryDecoder(format, name); d != nil {
		return d
	}
	return newAutoDecoder(name)
}

// lineParser parses the lines of one text format. It may keep state from
// line to line (a CSV header, the current epoch).
type lineParser interface {
	// parse appends the record of line (number no) to dst, or returns the
	// reason it carries none. line has no line ending.
	parse(line []byte, no int64, dst []Record) ([]Record, reason)
	// reset forgets per-run state because the log starts again.
	reset()
}

// lineDecoder splits a text log into lines and hands them to the parser of
// its format, recognising the format first when it is not given.
type lineDecoder struct {
	format  Format
	parser  lineParser // nil while the format is being recognised
	sniff   sniffer
	pending []byte
	tooLong bool
	lineNo  int64 // lines split so far
	stats   Stats
	last    float64 // step of the latest record, for logs without steps
	mmdet   mmdetSteps
	par     runParser // nil for formats parsed line by line
	name    string    // the log's file name, or ""
}

// runParser parses runs of complete lines, on several cores where it pays.
type runParser interface {
	// run parses buf (complete lines, ending with '\n'), whose first line
	// is number first, appends the records to dst and adds the counts to
	// st.
	run(buf []byte, first int64, dst []Record, st *Stats) []Record
}

func newLineDecoder(format Format) *lineDecoder { return newNamedLineDecoder(format, "") }

// newNamedLineDecoder is newLineDecoder for a log whose file name is
// name: TensorBoard's export of a scalar to CSV names it only there.
func newNamedLineDecoder(format Format, name string) *lineDecoder {
	d := &lineDecoder{name: name, stats: Stats{SkipReasons: map[string]int64{}}}
	if format != "" {
		d.setFormat(format)
	}
	return d
}

func (d *lineDecoder) setFormat(f Format) {
	d.format = f
	d.parser = newParser(f)
	switch p := d.parser.(type) {
	case *jsonParser:
		d.par = newParallel(p, func() splitParser { return &jsonParser{} }, false)
	case *csvParser:
		p.tag = tensorBoardTag(d.name)
		d.par = newParallel(p, func() splitParser { return &csvParser{} }, true)
	case *nanoParser:
		d.par = newParallel(p, func() splitParser { return &nanoParser{} }, true)
	case *hfParser:
		d.par = newHFParallel(p)
	case *kvParser:
		d.par = newKVParallel(p)
	case *kerasParser:
		d.par = newKerasParallel(p)
	}
}

// newParser returns the line parser for a text format.
func newParser(f Format) lineParser {
	switch f {
	case FormatJSONL, FormatDetectron2, FormatMMDet:
		return &jsonParser{}
	case FormatCSV, FormatKerasCSV, FormatLightningCSV, FormatUltralyticsCSV:
		return &csvParser{format: f}
	case FormatHFStdout:
		return &hfParser{}
	case FormatKerasStdout:
		return &kerasParser{}
	case FormatNanoGPT:
		return &nanoParser{}
	case FormatFairseq, FormatKVText:
		return &kvParser{}
	case FormatFastai, FormatTable:
		return &tableParser{}
	case FormatDarknet:
		return &darknetParser{}
	}
	return nil
}

func (d *lineDecoder) Feed(p []byte, dst []Record) []Record {
	d.stats.Bytes += int64(len(p))
	if len(d.pending) > 0 || d.tooLong {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			d.hold(p)
			return dst
		}
		d.hold(p[:i])
		dst = d.finishPending(dst)
		p = p[i+1:]
	}
	end := bytes.LastIndexByte(p, '\n')
	if end < 0 {
		d.hold(p)
		return dst
	}
	dst = d.lines(p[:end+1], dst)
	d.hold(p[end+1:])
	return dst
}

// hold keeps the start of an incomplete line, or only remembers that it is
// too long.
func (d *lineDecoder) hold(p []byte) {
	if d.tooLong || len(p) == 0 {
		return
	}
	if len(d.pending)+len(p) > maxLineBytes {
		d.tooLong, d.pending = true, d.pending[:0]
		return
	}
	d.pending = append(d.pending, p...)
}

func (d *lineDecoder) finishPending(dst []Record) []Record {
	d.lineNo++
	if d.tooLong {
		d.tooLong = false
		d.count(reasonTooLong)
	} else {
		dst = d.line(d.pending, d.lineNo, dst)
	}
	d.pending = d.pending[:0]
	return dst
}

// lines handles a run of complete lines (buf ends with '\n').
func (d *lineDecoder) lines(buf []byte, dst []Record) []Record {
	if d.par != nil {
		lines := bytes.Count(buf, []byte{'\n'})
		dst = slices.Grow(dst, d.room(lines))
		n := len(dst)
		dst = d.par.run(buf, d.lineNo+1, dst, &d.stats)
		d.lineNo += int64(lines)
		return d.fillSteps(dst, n)
	}
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		d.lineNo++
		if i > maxLineBytes {
			d.count(reasonTooLong)
		} else {
			dst = d.line(buf[:i], d.lineNo, dst)
		}
		buf = buf[i+1:]
		if d.par != nil { // the format was just recognised as JSON lines
			return d.lines(buf, dst)
		}
	}
	return dst
}

// line handles one complete line.
func (d *lineDecoder) line(line []byte, no int64, dst []Record) []Record {
	if d.parser == nil {
		return d.sniffLine(line, no, dst)
	}
	if bytes.IndexByte(line, 0) >= 0 {
		if line = trimNULPadding(line); line == nil {
			d.count(reasonBinary)
			return dst
		}
	}
	if len(bytes.TrimSpace(line)) == 0 {
		d.count(reasonBlank)
		return dst
	}
	n := len(dst)
	dst, r := d.parser.parse(line, no, dst)
	if r != reasonNone {
		d.count(r)
		return dst
	}
	d.stats.Lines++
	d.stats.Records++
	return d.fillSteps(dst, n)
}

// fillSteps gives records without a step of their own the next ordinal,
// and MMDetection's records their step across epochs.
func (d *lineDecoder) fillSteps(dst []Record, from int) []Record {
	if pp, ok := d.par.(*parallel); ok && d.format == FormatJSONL && pp.mmdet() {
		d.format = FormatMMDet // refined: the first lines (env_info) did not tell
	}
	for i := from; i < len(dst); i++ {
		if d.format == FormatMMDet {
			d.mmdet.step(&dst[i])
		}
		switch {
		case math.IsNaN(dst[i].Step):
			dst[i].Step = d.last + 1
		case math.IsInf(dst[i].Step, -1):
			dst[i].Step = d.last
		}
		d.last = dst[i].Step
	}
	return dst
}

// atLatestStep returns the step a parser gives a record that belongs at
// the step of the record before it (an evaluation printed after its step's
// line, with no step of its own): -Inf, which fillSteps replaces in log
// order, whichever core parsed it.
func atLatestStep() float64 { return math.Inf(-1) }

// room returns how many records to make room for before a run of lines is
// parsed on several cores (see laid): one a line, unless the lines so far
// gave far fewer — a record every hundred lines of Keras' progress, where
// room for every line made check allocate and clear four times what it
// kept — when as many as they did, with some to spare. Records beyond the
// room are appended elsewhere and joined.
func (d *lineDecoder) room(lines int) int {
	if d.stats.Lines < 1024 || 2*d.stats.Records >= d.stats.Lines {
		return lines
	}
	e := int(int64(lines) * d.stats.Records / d.stats.Lines)
	return min(lines, e+e/4+16)
}

func (d *lineDecoder) count(r reason) {
	d.stats.Lines++
	d.stats.Skipped++
	d.stats.SkipReasons[r.String()]++
}

func (d *lineDecoder) Flush(dst []Record) []Record {
	if len(d.pending) > 0 || d.tooLong {
		dst = d.finishPending(dst)
	}
	if d.parser == nil {
		dst = d.sniffEnd(dst)
	}
	return dst
}

func (d *lineDecoder) Restart() {
	if len(d.pending) > 0 || d.tooLong {
		d.lineNo++
		d.count(reasonIncomplete)
	}
	d.pending, d.tooLong, d.lineNo, d.last = d.pending[:0], false, 0, 0
	d.mmdet = mmdetSteps{}
	for range d.sniff.held { // hints about content that is gone
		d.count(reasonNoMetric)
	}
	d.sniff.held, d.sniff.heldBytes = nil, 0
	d.sniff.table = tableCandidate{}
	if d.isBinaryParser() {
		d.parser = nil // what is written now may be text: recognise it
	}
	if d.parser != nil {
		d.parser.reset()
	}
}

// planner is a lineParser that learns what the log says of the run: its
// horizon (0 unknown) and the unit of its steps ("" unknown).
type planner interface {
	plan() (horizon float64, unit Unit)
}

func (d *lineDecoder) Stats() Stats {
	st := d.stats.Clone()
	if pl, ok := d.parser.(planner); ok {
		st.Horizon, st.Unit = pl.plan()
	}
	if st.Unit == "" && st.Records > 0 {
		st.Unit = UnitStep
	}
	return st
}

func (d *lineDecoder) Format() Format {
	if d.parser == nil {
		return d.sniff.guess()
	}
	return d.format
}
