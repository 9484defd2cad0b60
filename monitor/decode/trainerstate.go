package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"math"
	"strconv"

	"github.com/valyala/fastjson"
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
// not emitted ("summary": the final entry with train_runtime, whose
// train_loss is an average over the run and must not become a point of the
// loss curve; "no metric"; "no step"), and whole documents that cannot be
// read ("malformed", "too long", "no log history", and "incomplete" for one
// cut short by the end of the input or by Restart). Entries
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
	seen   []uint64
	parser fastjson.Parser
	names  map[string]namedField // sanitised names and their roles by raw key
	stats  Stats
}

func newTrainerStateDecoder() Decoder {
	return &trainerStateDecoder{stats: Stats{SkipReasons: map[string]int64{}}}
}

func (d *trainerStateDecoder) Format() Format { return FormatTrainerState }

func (d *trainerStateDecoder) Stats() Stats { return d.stats.Clone() }

// plan notes the run's horizon from a document: max_steps, the step
// Trainer stops at, when the entries are placed by their step; the number
// of epochs when they are placed by their epoch.
func (d *trainerStateDecoder) plan(v *fastjson.Value, entries []stateEntry) {
	byEpoch := false
	for _, e := range entries {
		if e.skip == "" {
			byEpoch = !e.stepped
			break
		}
	}
	d.stats.Unit, d.stats.Horizon = UnitStep, 0
	key := "max_steps"
	if byEpoch {
		d.stats.Unit, key = UnitEpoch, "num_train_epochs"
	}
	if x := v.Get(key); x != nil {
		if h, ok := entryNumber(x); ok && h > 0 && finite(h) {
			d.stats.Horizon = h
		}
	}
}

// Restart is called when the file was rewritten: a partial document is
// dropped (counted as "incomplete"); seen is kept so that entries already emitted are not emitted
// twice.
func (d *trainerStateDecoder) Restart() {
	if d.partial && !d.counted {
		d.stats.Lines++
	}
	if d.tooLong || len(bytes.TrimSpace(d.doc)) > 0 {
		d.skip(reasonIncomplete.String())
	}
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

// Flush counts an unfinished document as incomplete: the input has ended.
func (d *trainerStateDecoder) Flush(dst []Record) []Record {
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
		d.skip(reasonTooLong.String())
		return dst
	}
	entries, reason := d.parse(doc)
	if reason != "" {
		d.skip(reason)
		return dst
	}
	shared := 0
	for shared < len(entries) && shared < len(d.seen) && entries[shared].key == d.seen[shared] {
		shared++
	}
	d.seen = d.seen[:0]
	for i, e := range entries {
		d.seen = append(d.seen, e.key)
		switch {
		case i < shared:
		case e.skip != "":
			d.skip(e.skip)
		default:
			e.rec.Line = base + e.line
			d.stats.Records++
			dst = append(dst, e.rec)
		}
	}
	return dst
}

// stateEntry is one log_history entry: a record, or a reason not to emit it.
type stateEntry struct {
	rec     Record
	skip    string
	stepped bool   // placed by its step, not its epoch
	key     uint64 // fingerprint of step and values
	line    int64  // line of the entry in the document, counted from 0
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

// parse returns the log_history entries of a document, or a reason the
// document cannot be used.
func (d *trainerStateDecoder) parse(doc []byte) ([]stateEntry, string) {
	v, err := d.parser.ParseBytes(quoteNonFinite(doc))
	if err != nil || v.Type() != fastjson.TypeObject {
		return nil, reasonMalformed.String()
	}
	history := v.Get("log_history")
	if history == nil {
		return nil, "no log history"
	}
	items, err := history.Array()
	if err != nil {
		return nil, reasonMalformed.String()
	}
	lines := entryLines(doc)
	if len(lines) != len(items) {
		lines = make([]int64, len(items)) // cannot happen for valid JSON; the document's first line then
	}
	entries := make([]stateEntry, len(items))
	for i, item := range items {
		obj, err := item.Object()
		if err != nil {
			return nil, reasonMalformed.String()
		}
		entries[i] = d.historyEntry(obj)
		entries[i].line = lines[i]
	}
	d.plan(v, entries)
	return entries, ""
}

// historyEntry turns one log_history object into a record.
func (d *trainerStateDecoder) historyEntry(obj *fastjson.Object) stateEntry {
	var e stateEntry
	e.rec.Metrics = make([]Metric, 0, obj.Len())
	h := fnv.New64a()
	var buf [8]byte
	step, epoch := math.NaN(), math.NaN()
	obj.Visit(func(key []byte, v *fastjson.Value) {
		x, ok := entryNumber(v)
		if !ok {
			return
		}
		h.Write(key)
		h.Write(binary.LittleEndian.AppendUint64(buf[:0], math.Float64bits(x)))
		if string(key) == "step" {
			step = x
			return
		}
		f := d.name(key)
		if isRunSummaryKey(f.name) {
			e.skip = reasonSummary.String()
		}
		if f.role == roleEpoch {
			epoch = x
		}
		e.rec.Metrics = keep(&e.rec, e.rec.Metrics, f.name, f.role, x)
	})
	e.key = h.Sum64()
	e.rec.Step, e.stepped = step, !math.IsNaN(step)
	if math.IsNaN(step) {
		e.rec.Step = epoch
	}
	switch {
	case e.skip != "":
	case math.IsNaN(e.rec.Step):
		e.skip = "no step"
	case len(e.rec.Metrics) == 0:
		e.skip = reasonNoMetric.String()
	}
	return e
}

// name returns the sanitised name of a key, computed once per distinct key:
// every entry repeats the same few.
func (d *trainerStateDecoder) name(key []byte) namedField {
	if n, ok := d.names[string(key)]; ok {
		return n
	}
	if d.names == nil || len(d.names) > 1024 {
		d.names = map[string]namedField{}
	}
	n := namedField{name: Sanitize(string(key)), role: roleOf(key)}
	d.names[string(key)] = n
	return n
}

// entryNumber returns the value of a number, or of a string holding one
// ("NaN", "Infinity" as quoted by quoteNonFinite). Numbers are parsed by
// strconv so that every digit counts.
func entryNumber(v *fastjson.Value) (float64, bool) {
	switch v.Type() {
	case fastjson.TypeNumber:
		var buf [32]byte
		f, err := strconv.ParseFloat(string(v.MarshalTo(buf[:0])), 64)
		return f, err == nil || errors.Is(err, strconv.ErrRange)
	case fastjson.TypeString:
		f, err := strconv.ParseFloat(string(v.GetStringBytes()), 64)
		return f, err == nil
	}
	return 0, false
}
