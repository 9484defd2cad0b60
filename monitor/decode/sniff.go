package decode

import (
	"bytes"
	"math"
)

// Recognition. A text log is recognised line by line: each line is tested
// against the formats, most specific first, and the first line that only
// one format explains decides. Lines that explain nothing (banners, shell
// prompts, warnings, tracebacks) are counted as skipped at once; lines that
// only hint at a format (a CSV header, "Epoch 3/10") are held, a few at a
// time, and handed to the parser once the format is known, because they
// carry context for the lines after them.

const (
	maxHeld      = 8        // hint lines held while the format is unknown
	maxHeldBytes = 64 << 10 // and their total size
)

type heldLine struct {
	no int64
	b  []byte
}

// sniffer is the recognition state of a lineDecoder.
type sniffer struct {
	held      []heldLine
	heldBytes int
	progress  bool   // tqdm bars seen: most likely the HuggingFace Trainer
	hint      Format // an "Epoch 1/10" line, or a CSV header as the first line
	seen      bool   // a line that is not blank was seen
	json      jsonParser
	nano      nanoParser
	kv        kvParser
	scratch   []Record
	ansi      []byte
	pairs     []kvPair
	table     tableCandidate // a line that may be a table's header
	fields    [][]byte
	// lines and binary count the non-blank lines seen, and those of them
	// that are binary (see noteBinary).
	lines, binary int
}

// guess is the format to report while none is certain: what the hints
// seen so far point to, so that a live log shows its format before its
// first metric arrives.
func (s *sniffer) guess() Format {
	switch {
	case s.hint != "":
		return s.hint
	case s.progress:
		return FormatHFStdout
	}
	return ""
}

// sniffLine handles a line while the format is unknown.
func (d *lineDecoder) sniffLine(line []byte, no int64, dst []Record) []Record {
	if bytes.IndexByte(line, 0) >= 0 {
		if line = trimNULPadding(line); line == nil {
			d.count(reasonBinary)
			d.noteBinary(true)
			return dst
		}
	}
	switch {
	case bytes.IndexByte(line, 0) >= 0:
		d.count(reasonBinary)
		d.noteBinary(true)
		return dst
	case blank(line):
		d.count(reasonBlank)
		return dst
	case d.noteBinary(binaryLine(line)):
		d.count(reasonBinary)
		return dst
	}
	first := !d.sniff.seen
	d.sniff.seen = true
	f, hint := d.sniff.recognise(line)
	if f != "" {
		d.setFormat(f)
		d.adoptTableHeader()
		held := d.sniff.held
		d.sniff.held, d.sniff.heldBytes = nil, 0
		for _, h := range held {
			dst = d.line(h.b, h.no, dst)
		}
		return d.line(line, no, dst)
	}
	if hint || planLine(line) {
		d.sniff.hold(line, no, d)
		if _, _, ok := kerasEpoch(bytes.TrimSpace(d.sniff.ansi)); ok {
			d.sniff.hint = FormatKerasStdout
		} else if h, ok := csvHeader(line); ok && first {
			d.sniff.hint = h.refine()
		}
		return dst
	}
	if progressLine(line) {
		d.sniff.progress = true
		d.count(reasonProgress)
		return dst
	}
	r := d.sniff.unrecognised(line)
	d.count(r)
	d.sniff.noteTableHeader(line, r, first)
	return dst
}

// hold keeps a copy of a hint line, letting the oldest go (as skipped) when
// too many are held.
func (s *sniffer) hold(line []byte, no int64, d *lineDecoder) {
	s.held = append(s.held, heldLine{no: no, b: append([]byte(nil), line...)})
	s.heldBytes += len(line)
	for len(s.held) > maxHeld || (s.heldBytes > maxHeldBytes && len(s.held) > 1) {
		s.heldBytes -= len(s.held[0].b)
		s.held = s.held[1:]
		d.count(reasonNoMetric)
	}
}

// sniffEnd settles held lines when the input ends before the format was
// certain: a log that is nothing but a CSV header is a CSV file without
// rows yet.
func (d *lineDecoder) sniffEnd(dst []Record) []Record {
	held := d.sniff.held
	d.sniff.held, d.sniff.heldBytes = nil, 0
	if len(held) == 1 && d.stats.Lines == d.stats.SkipReasons[reasonBlank.String()] {
		if _, ok := csvHeader(held[0].b); ok {
			d.setFormat(FormatCSV)
			for _, h := range held {
				dst = d.line(h.b, h.no, dst)
			}
			return dst
		}
	}
	for range held {
		d.count(reasonNoMetric)
	}
	return dst
}

// recognise returns the format that line proves, or whether it is a hint to
// hold.
func (s *sniffer) recognise(line []byte) (Format, bool) {
	t := bytes.TrimSpace(line)
	if f := s.recogniseJSON(t); f != "" {
		return f, false
	}
	if darknetBanner(t) {
		return FormatDarknet, false
	}
	if _, ok := darknetLine(t); ok {
		return FormatDarknet, false
	}
	if hfLine(line) {
		return FormatHFStdout, false
	}
	if s.nanoLine(t) {
		return FormatNanoGPT, false
	}
	s.ansi = stripANSI(s.ansi, line)
	if kerasMetricsLine(lastPiece(s.ansi, isKerasMetrics)) {
		return FormatKerasStdout, false
	}
	if fairseqLine(t) {
		return FormatFairseq, false
	}
	if f := s.recogniseCSVRow(t); f != "" {
		return f, false
	}
	if s.table.ok && tableRow(t, s.table.head, &s.fields) {
		return s.table.head.refine(), false
	}
	if s.kvLine(t) {
		return FormatKVText, false
	}
	if _, ok := csvHeader(t); ok {
		return "", true
	}
	if _, _, ok := kerasEpoch(bytes.TrimSpace(s.ansi)); ok {
		return "", true
	}
	return "", false
}

// nanoLine recognises a nanoGPT-family line.
func (s *sniffer) nanoLine(t []byte) bool {
	recs, r := s.nano.parse(t, 0, s.scratch[:0])
	s.scratch = recs[:0]
	return r == reasonNone
}

// kvLine recognises a line of named numbers with a step-like key.
func (s *sniffer) kvLine(t []byte) bool {
	recs, r := s.kv.parse(t, 0, s.scratch[:0])
	s.scratch = recs[:0]
	return r == reasonNone && !math.IsNaN(recs[0].Step)
}

// recogniseJSON recognises a JSON object with at least one numeric field.
func (s *sniffer) recogniseJSON(t []byte) Format {
	if len(t) < 2 || t[0] != '{' || t[len(t)-1] != '}' {
		return ""
	}
	recs, r := s.json.parse(t, 0, s.scratch[:0])
	s.scratch = recs[:0]
	if r != reasonNone {
		return ""
	}
	if bytes.Contains(t, []byte(`"iteration"`)) && bytes.Contains(t, []byte(`"loss_`)) {
		return FormatDetectron2
	}
	if s.json.mmdet {
		return FormatMMDet
	}
	return FormatJSONL
}

// recogniseCSVRow recognises a data row under a held CSV header.
func (s *sniffer) recogniseCSVRow(t []byte) Format {
	if len(s.held) == 0 {
		return ""
	}
	h, ok := csvHeader(bytes.TrimSpace(s.held[len(s.held)-1].b))
	if !ok || !csvRow(t, h) {
		return ""
	}
	return h.refine()
}

// progressLine reports a tqdm progress bar.
func progressLine(line []byte) bool {
	return bytes.Contains(line, []byte("it/s]")) || bytes.Contains(line, []byte("s/it]")) ||
		bytes.Contains(line, []byte("it/s,")) || bytes.Contains(line, []byte("%|"))
}
