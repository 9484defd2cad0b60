package monitor

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/fnv"
	"math"
	"strconv"
)

// FormatTrainerState is HuggingFace Trainer's trainer_state.json: one JSON
// document whose log_history lists every logged entry, rewritten whole at
// each checkpoint.
const FormatTrainerState Format = "hf-trainer-state"

// maxDocumentBytes caps one trainer_state.json. A million log entries fit
// in it; a larger document is skipped as "too long" without being held.
const maxDocumentBytes = 64 << 20

// trainerStateDecoder reads trainer_state.json.
//
// Counting: Lines counts the lines of every document as read (newlines, plus
// a last line without one), so a rewritten file is counted again. Records
// counts the log_history entries emitted. Skipped counts entries that are
// not emitted ("run summary": the final entry with train_runtime, whose
// train_loss is an average over the run and must not become a point of the
// loss curve; "no metric"; "no step"), and whole documents that cannot be
// read ("malformed", "too long", "truncated", "no log history"). Entries
// already emitted from an earlier version of the document are neither
// records nor skips again.
type trainerStateDecoder struct {
	doc     []byte // the current document, as far as it has arrived
	scan    jsonScanner
	tooLong bool
	// started is true once the current document has its first byte, which
	// is on line firstLine.
	started   bool
	firstLine int64
	// Line counting: partial is true when bytes follow the last newline;
	// counted is true when that unterminated line was counted already
	// (it ended a document).
	partial, counted bool
	// seen holds a fingerprint of every log_history entry of the last
	// document read, in order. A new version of the document emits only
	// what follows the prefix it shares with seen: on a rewrite of the
	// same run that is the new entries; for a new run (or a run resumed
	// from an earlier checkpoint) the entries from where it departs, so
	// the step going back shows the restart.
	seen  []uint64
	stats Stats
}

func newTrainerStateDecoder() Decoder {
	return &trainerStateDecoder{stats: Stats{SkipReasons: map[string]int64{}}}
}

func (d *trainerStateDecoder) Format() Format { return FormatTrainerState }

func (d *trainerStateDecoder) Stats() Stats { return d.stats.Clone() }

// Restart is called when the file was rewritten: the partial document is
// dropped; seen is kept so that entries already emitted are not emitted
// twice.
func (d *trainerStateDecoder) Restart() {
	d.doc, d.scan, d.tooLong, d.started = d.doc[:0], jsonScanner{}, false, false
	d.partial, d.counted = false, false
}

// Feed accumulates the document and emits its entries once it is complete.
func (d *trainerStateDecoder) Feed(p []byte, dst []Record) []Record {
	d.stats.Bytes += int64(len(p))
	for len(p) > 0 {
		end := d.scan.scan(p)
		chunk := p
		if end >= 0 {
			chunk = p[:end]
		}
		if !d.started {
			d.started, d.firstLine = true, d.stats.Lines+1
			if d.counted {
				d.firstLine-- // the line that ended the previous document
			}
		}
		d.countLines(chunk)
		if !d.tooLong && len(d.doc)+len(chunk) > maxDocumentBytes {
			d.tooLong, d.doc = true, nil
		}
		if !d.tooLong {
			d.doc = append(d.doc, chunk...)
		}
		if end < 0 {
			return dst
		}
		if d.partial && !d.counted {
			d.stats.Lines++
			d.counted = true
		}
		dst = d.document(dst)
		p = p[end:]
	}
	return dst
}

// Flush counts an incomplete document as truncated: the input has ended.
func (d *trainerStateDecoder) Flush(dst []Record) []Record {
	if d.partial && !d.counted {
		d.stats.Lines++
	}
	if d.tooLong || len(bytes.TrimSpace(d.doc)) > 0 {
		d.skip("truncated")
	}
	d.Restart()
	return dst
}

func (d *trainerStateDecoder) countLines(b []byte) {
	n := bytes.Count(b, []byte{'\n'})
	if n == 0 {
		d.partial = d.partial || len(b) > 0
		return
	}
	d.stats.Lines += int64(n)
	if d.counted {
		d.stats.Lines-- // the first newline ends a line counted already
		d.counted = false
	}
	d.partial = b[len(b)-1] != '\n'
}

func (d *trainerStateDecoder) skip(reason string) {
	d.stats.Skipped++
	d.stats.SkipReasons[reason]++
}

// document parses the complete document in d.doc and emits its new entries.
func (d *trainerStateDecoder) document(dst []Record) []Record {
	doc, tooLong, base := d.doc, d.tooLong, d.firstLine
	d.doc, d.scan, d.tooLong, d.started = d.doc[:0], jsonScanner{}, false, false
	if tooLong {
		d.skip("too long")
		return dst
	}
	entries, reason := parseTrainerState(quoteNonFinite(doc))
	if reason != "" {
		d.skip(reason)
		return dst
	}
	shared := 0
	for shared < len(entries) && shared < len(d.seen) && entries[shared].key == d.seen[shared] {
		shared++
	}
	d.seen = d.seen[:0]
	lines := lineCounter{doc: doc}
	for i, e := range entries {
		d.seen = append(d.seen, e.key)
		switch {
		case i < shared:
		case e.skip != "":
			d.skip(e.skip)
		default:
			e.rec.Line = base + lines.before(e.offset)
			d.stats.Records++
			dst = append(dst, e.rec)
		}
	}
	return dst
}

// lineCounter counts newlines before increasing offsets in linear time.
type lineCounter struct {
	doc   []byte
	off   int
	lines int64
}

func (c *lineCounter) before(off int) int64 {
	off = min(off, len(c.doc))
	c.lines += int64(bytes.Count(c.doc[c.off:off], []byte{'\n'}))
	c.off = off
	return c.lines
}

// stateEntry is one log_history entry: a record, or a reason not to emit it.
type stateEntry struct {
	rec    Record
	skip   string
	key    uint64 // fingerprint of step and values
	offset int    // byte offset of the entry in the document
}

// isRunSummaryKey reports a key found only in the run summary that Trainer
// appends to log_history at the end of training (next to train_loss, an
// average over the run).
func isRunSummaryKey(name string) bool {
	switch name {
	case "train_runtime", "total_flos":
		return true
	}
	return false
}

// parseTrainerState returns the log_history entries of a document, or a
// reason the document cannot be used.
func parseTrainerState(doc []byte) ([]stateEntry, string) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, "malformed"
	}
	var entries []stateEntry
	found := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, "malformed"
		}
		if key != "log_history" {
			if skipValue(dec) != nil {
				return nil, "malformed"
			}
			continue
		}
		found = true
		if entries, err = logHistory(dec, doc); err != nil {
			return nil, "malformed"
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, "malformed"
	}
	if !found {
		return nil, "no log history"
	}
	return entries, ""
}

// errNotHistory reports a log_history that is not an array of objects.
var errNotHistory = errors.New("log_history is not an array of objects")

func logHistory(dec *json.Decoder, doc []byte) ([]stateEntry, error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, errNotHistory
	}
	var entries []stateEntry
	for dec.More() {
		off := int(dec.InputOffset())
		for off < len(doc) && (doc[off] == ',' || doc[off] == ' ' || doc[off] == '\n' || doc[off] == '\r' || doc[off] == '\t') {
			off++
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return nil, errNotHistory
		}
		e, err := historyEntry(dec)
		if err != nil {
			return nil, err
		}
		e.offset = off
		entries = append(entries, e)
	}
	_, err := dec.Token() // ']'
	return entries, err
}

// historyEntry reads the members of one entry after its '{'.
func historyEntry(dec *json.Decoder) (stateEntry, error) {
	var e stateEntry
	h := fnv.New64a()
	step, epoch := math.NaN(), math.NaN()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return e, err
		}
		name, _ := tok.(string)
		if tok, err = dec.Token(); err != nil {
			return e, err
		}
		if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
			if err := skipRest(dec); err != nil {
				return e, err
			}
			continue
		}
		v, ok := entryNumber(tok)
		if !ok {
			continue
		}
		h.Write([]byte(name))
		h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
		switch name {
		case "step":
			step = v
			continue
		case "epoch":
			epoch = v
		}
		e.rec.Metrics = append(e.rec.Metrics, Metric{Name: Sanitize(name), Value: v})
		if isRunSummaryKey(name) {
			e.skip = "run summary"
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return e, err
	}
	e.key = h.Sum64()
	e.rec.Step = step
	if math.IsNaN(step) {
		e.rec.Step = epoch
	}
	switch {
	case e.skip != "":
	case math.IsNaN(e.rec.Step):
		e.skip = "no step"
	case len(e.rec.Metrics) == 0 || (len(e.rec.Metrics) == 1 && !math.IsNaN(epoch)):
		e.skip = "no metric"
	}
	return e, nil
}

// entryNumber returns the value of a number token, or of a string holding
// a number ("NaN", "Infinity" as quoted by quoteNonFinite).
func entryNumber(tok json.Token) (float64, bool) {
	switch x := tok.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil || errors.Is(err, strconv.ErrRange)
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// skipValue skips the next value of dec, whatever it is.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec)
	}
	return nil
}

// skipRest skips to the end of the object or array just opened.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}
