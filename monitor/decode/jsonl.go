package decode

import (
	"bytes"
	"math"
	"time"

	"github.com/valyala/fastjson"
)

// stepKeys are the keys that give a JSON record its step, best first
// (_step is Weights & Biases' wandb-history.jsonl); a key
// ending in "_num_updates" (fairseq's valid_num_updates) ranks just before
// epoch, which is the last resort.
var stepKeys = [...]string{"step", "global_step", "_step", "iteration", "iter", "num_updates"}

const (
	rankNumUpdatesSuffix = len(stepKeys)
	rankEpoch            = len(stepKeys) + 1
	rankNone             = len(stepKeys) + 2
)

// stepRank returns how good key is as the step of a record (lower is
// better), or rankNone.
func stepRank(key []byte) int {
	for i, k := range stepKeys {
		if string(key) == k {
			return i
		}
	}
	switch {
	case bytes.HasSuffix(key, []byte("_num_updates")):
		return rankNumUpdatesSuffix
	case string(key) == "epoch":
		return rankEpoch
	}
	return rankNone
}

// timeKey reports whether key may hold the record's wall time.
func timeKey(key []byte) bool {
	switch string(key) {
	case "time", "timestamp", "_timestamp", "wall_time", "walltime", "wall_clock":
		return true
	}
	return false
}

// unixTime reads f as Unix seconds (or milliseconds) if it is plausibly a
// wall-clock time between 2001 and 2286.
func unixTime(f float64) (time.Time, bool) {
	switch {
	case f >= 1e9 && f < 1e10:
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	case f >= 1e12 && f < 1e13:
		return time.UnixMilli(int64(f)).UTC(), true
	}
	return time.Time{}, false
}

// jsonKey is what the parser knows about a key: its display name, how good
// a step it is, whether it may hold the wall time.
type jsonKey struct {
	raw  []byte
	name string
	role fieldRole
	rank int
	time bool
	mode bool // MMDetection's "mode": "train" | "val"
}

// jsonParser reads one JSON object per line with fastjson, reusing its
// buffers. JSON-lines logs repeat the same keys in the same order on every
// line, so what is known about a key is cached by its position in the
// object: a line costs no map lookup, and metric slices are carved from an
// arena, so it costs no allocation of its own either.
type jsonParser struct {
	p      fastjson.Parser
	names  nameTable
	keys   []jsonKey // by position in the object
	pos    int
	mstart int     // where the metrics of the line being parsed start in arena
	rank   int     // rank of the best step field so far, or rankNone
	bestV  float64 // its value
	epoch  float64 // the line's epoch field, when hasEpoch
	// hasEpoch is true when the line has an epoch field.
	hasEpoch bool
	arena    []Metric
	visit    func(key []byte, v *fastjson.Value)
	fixed    []byte
	tstamp   time.Time
	num      []byte
	slow     bool // no flat fast path: every line through fastjson
	mmdet    bool // a "mode": "train" field was seen: MMDetection's log
	// uncached holds the key of a field past the cache.
	uncached jsonKey
	// bestExact is the best step's integer when float64 cannot hold it
	// exactly, else 0.
	bestExact int64
}

// mmdetSteps turns MMDetection's per-epoch iteration counts into steps
// that keep increasing: each epoch starts where the last one ended (at the
// highest iteration it logged, which for a val row is the epoch's length).
type mmdetSteps struct {
	started       bool
	epoch, offset float64
	maxIter       float64
}

func (m *mmdetSteps) step(r *Record) {
	epoch := r.Epoch
	if !r.HasEpoch || math.IsNaN(epoch) || math.IsNaN(r.Step) {
		return
	}
	switch {
	case !m.started || epoch < m.epoch: // a new run
		m.offset, m.maxIter = 0, 0
	case epoch > m.epoch:
		m.offset, m.maxIter = m.offset+m.maxIter, 0
	}
	m.started, m.epoch = true, epoch
	m.maxIter = max(m.maxIter, r.Step)
	r.Step += m.offset
}

func (jp *jsonParser) reset() {}

// parse reads the object that starts at the first '{' of line; text before
// it (a logging prefix) is ignored.
func (jp *jsonParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	start := bytes.IndexByte(line, '{')
	if start < 0 {
		if bytes.IndexByte(line, 0) >= 0 {
			return dst, reasonBinary
		}
		return dst, reasonNoMetric
	}
	if !jp.slow {
		jp.begin()
		if jp.flat(line[start:]) {
			return jp.record(no, dst)
		}
		jp.arena = jp.arena[:jp.mstart] // what the fast path took back
	}
	v, err := jp.p.ParseBytes(line[start:])
	if err != nil && bytes.Contains(line, []byte("Infinity")) {
		jp.fixed = append(jp.fixed[:0], line[start:]...)
		jp.fixed = bytes.ReplaceAll(jp.fixed, []byte("Infinity"), []byte("Inf"))
		v, err = jp.p.ParseBytes(jp.fixed)
	}
	if err != nil {
		if bytes.IndexByte(line, 0) >= 0 {
			return dst, reasonBinary
		}
		return dst, reasonMalformed
	}
	obj, err := v.Object()
	if err != nil {
		return dst, reasonNoMetric
	}
	if jp.visit == nil {
		jp.visit = jp.field
	}
	jp.begin()
	obj.Visit(jp.visit)
	return jp.record(no, dst)
}

// key returns what is known about the key at the current position. The
// pointer is good until the next call.
func (jp *jsonParser) key(raw []byte) *jsonKey {
	i := jp.pos
	jp.pos++
	if i < len(jp.keys) && bytes.Equal(jp.keys[i].raw, raw) {
		return &jp.keys[i]
	}
	f := jp.names.lookup(raw)
	k := jsonKey{name: f.name, role: f.role, rank: stepRank(raw), time: timeKey(raw), mode: string(raw) == "mode"}
	switch {
	case i < len(jp.keys):
		k.raw = append(jp.keys[i].raw[:0], raw...) // keys that alternate reuse the buffer
		jp.keys[i] = k
		return &jp.keys[i]
	case i == len(jp.keys) && i < 256: // an object wider is not worth caching
		k.raw = append([]byte(nil), raw...)
		jp.keys = append(jp.keys, k)
		return &jp.keys[i]
	}
	jp.uncached = k
	return &jp.uncached
}

// field collects one numeric field (numbers, numbers in strings, NaN).
func (jp *jsonParser) field(raw []byte, v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeNumber:
		jp.num = v.MarshalTo(jp.num[:0]) // the number as written
		jp.number(raw, jp.num)
	case fastjson.TypeString:
		sb, _ := v.StringBytes()
		jp.text(raw, sb)
	default:
		jp.pos++
	}
}

// number adds the field key: num unless num is not a number.
func (jp *jsonParser) number(key, num []byte) {
	k := jp.key(key)
	if f, ok := parseNumber(num); ok && jp.value(k, f) && beyondExact(f) {
		jp.bestExact = exactStep(num, f)
	}
}

// value adds the numeric field k: f, or takes it as the wall time. It
// reports whether f is the best step of the line so far.
func (jp *jsonParser) value(k *jsonKey, f float64) bool {
	if k.time {
		if t, ok := unixTime(f); ok {
			jp.tstamp = t
			return false
		}
	}
	best := k.rank < jp.rank
	if best {
		jp.rank, jp.bestV = k.rank, f
	}
	switch k.role {
	case roleEpoch:
		jp.epoch, jp.hasEpoch = f, true
		return best
	case roleCounter:
		return best
	}
	if len(jp.arena) == cap(jp.arena) { // a new block; the line's metrics so far move with it
		block := make([]Metric, 0, max(4096, 2*(len(jp.arena)-jp.mstart)))
		block = append(block, jp.arena[jp.mstart:]...)
		jp.arena, jp.mstart = block, 0
	}
	jp.arena = append(jp.arena, Metric{Name: k.name, Value: f})
	return best
}

// text adds the field key: s, a string that may hold a number ("5.123",
// "nan") or, under a time key, an RFC 3339 time.
func (jp *jsonParser) text(key, s []byte) {
	if _, ok := parseNumber(s); ok {
		jp.number(key, s)
		return
	}
	k := jp.key(key)
	if k.mode && (string(s) == "train" || string(s) == "val") {
		jp.mmdet = true
	}
	if k.time {
		if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
			jp.tstamp = t
		}
	}
}

// begin starts a line: no fields yet.
func (jp *jsonParser) begin() {
	jp.mstart, jp.rank, jp.tstamp, jp.pos, jp.bestExact = len(jp.arena), rankNone, time.Time{}, 0, 0
	jp.hasEpoch = false
}

// record turns the fields of the line into a record: the best step key is
// the step (NaN when there is none: the decoder numbers such records), the
// epoch is the record's epoch, the metrics were appended to the arena as
// they came, and counters and timings are left out.
func (jp *jsonParser) record(no int64, dst []Record) ([]Record, reason) {
	rec := Record{Step: math.NaN(), Wall: wallNanos(jp.tstamp), Line: no, Epoch: jp.epoch, HasEpoch: jp.hasEpoch}
	if jp.rank < rankNone && finite(jp.bestV) {
		rec.Step, rec.StepExact = jp.bestV, jp.bestExact
	}
	if len(jp.arena) == jp.mstart {
		return dst, reasonNoMetric
	}
	rec.Metrics = jp.arena[jp.mstart:len(jp.arena):len(jp.arena)]
	return append(dst, rec), reasonNone
}
