package decode

import (
	"bytes"
	"time"
)

// A line of a text log of named numbers is read in two stages (see
// scanrun.go). The scan trims the line, reads its leading time, finds its
// pairs, ranks their keys and builds the record's metrics: most of the
// cost, and it depends on the line alone. The settle (kvParser.settle)
// then gives the record its step — through the epochs counted so far —
// and notes what the line says of the run's length, in log order.

// kvKind is what a line holds, as far as the line alone tells.
type kvKind uint8

const (
	kvNone   kvKind = iota // no record and nothing the parser's state notes: reason says why
	kvJSON                 // a JSON object after a prefix, read as a JSON line
	kvConfig               // fairseq's configuration dump: the run's last update
	kvPlaced               // named numbers with a step-like key: the settle places them
)

// kvScan is what the scan of one line found, beside the record it filled.
type kvScan struct {
	kind kvKind
	// reason is why a line of kind kvNone or kvJSON gives no record
	// (reasonNone for a JSON record).
	reason reason
	// record reports that the line gives a record.
	record bool
	// step is the line's best step-like pair (kvPlaced; for kvConfig, its
	// value is the last update). Its key is dropped: the settle goes by
	// its rank.
	step kvPair
	// epochs are the line's epoch-like pairs, keys dropped, when the step
	// counts something finer than epochs: what the step counts within.
	epochs []kvPair
	// exact is the step's integer as written when float64 cannot hold it
	// exactly (see exactStep), else 0.
	exact int64
	// within says the step counts within the epoch epochs[0] and step.of
	// is the epoch's length ("Epoch [2][100/500]").
	within bool
	// eval says the line is an evaluation's: it is placed at the latest
	// training step.
	eval bool
}

func (sc kvScan) gives() bool { return sc.record }

// kvScanner scans lines. It keeps caches and buffers only, never state
// that a line's scan depends on: two scanners give the same scans.
type kvScanner struct {
	json   jsonParser
	names  nameTable
	arena  []Metric
	pairs  []kvPair
	epochs []kvPair // arena of kvScan.epochs
	one    []Record // a JSON line's record
	valKey []byte   // an evaluation's loss name, "val_" and the key
	ansi   []byte   // the line without its terminal escapes
}

// scan reads what line holds on its own and gives rec its time and
// metrics; the record's step is settled in order.
func (s *kvScanner) scan(line []byte, rec *Record) kvScan {
	t := trimLine(line)
	if bytes.IndexByte(t, 0x1b) >= 0 { // colours: "\x1b[33mloss\x1b[0m: 0.52"
		s.ansi = stripANSI(s.ansi, t)
		t = s.ansi
	}
	stamp, t := leadingTime(t)
	t = glogMessage(t)
	if i := bytes.Index(t, []byte(`{"`)); i >= 0 {
		return s.scanJSON(t[i:], stamp, rec)
	}
	if t = lastPiece(t, nil); t == nil { // a progress bar rewritten with \r: its last state
		return kvScan{reason: reasonNoMetric}
	}
	if bs := bracketStepOf(t); bs.found {
		return s.scanBracketed(t, bs, stamp, rec)
	}
	s.pairs = kvPairs(t, s.pairs[:0])
	best, rank := -1, len(kvStepKeys)
	for i, kv := range s.pairs {
		if kv.rank < rank {
			best, rank = i, kv.rank
		}
	}
	if best < 0 {
		if n, ok := maxUpdate(t); ok {
			return kvScan{kind: kvConfig, reason: reasonConfig, step: kvPair{value: n}}
		}
		return kvScan{reason: unplaced(t, s.pairs)}
	}
	b := s.pairs[best]
	if len(s.pairs) < 2 || !finite(b.value) {
		return kvScan{reason: reasonNoMetric}
	}
	sc := kvScan{kind: kvPlaced, step: kvPair{value: b.value, of: b.of, rank: b.rank}}
	sc.epochs = s.epochPairs(b.rank)
	// "| epoch 3 | 200/ 2983 batches |": the batches of the epoch's length
	sc.within = countsInEpoch(b.rank) && b.of > 0 && len(sc.epochs) > 0
	rec.Wall = wallNanos(stamp)
	s.metrics(best, rec, asWritten)
	sc.record = len(rec.Metrics) > 0
	if sc.record && beyondExact(b.value) {
		sc.exact = exactStep(numberAfter(t, b.key, b.value), b.value)
	}
	return sc
}

// scanJSON reads the JSON object t (after a prefix whose leading time was
// stamp) as a JSON line.
func (s *kvScanner) scanJSON(t []byte, stamp time.Time, rec *Record) kvScan {
	recs, r := s.json.parse(t, rec.Line, s.one[:0])
	s.one = recs[:0]
	if r != reasonNone {
		return kvScan{kind: kvJSON, reason: r}
	}
	*rec = recs[0]
	recs[0] = Record{}
	if rec.Wall == 0 {
		rec.Wall = wallNanos(stamp)
	}
	return kvScan{kind: kvJSON, record: true}
}

// epochPairs returns the epoch-like pairs of the line, keys dropped, when
// its step (of rank stepRank) counts something finer than epochs.
func (s *kvScanner) epochPairs(stepRank int) []kvPair {
	if stepRank >= epochRank {
		return nil
	}
	if cap(s.epochs)-len(s.epochs) < len(s.pairs) {
		s.epochs = make([]kvPair, 0, max(256, len(s.pairs)))
	}
	start := len(s.epochs)
	for _, e := range s.pairs {
		if e.rank < epochRank || e.rank >= len(kvStepKeys) {
			continue
		}
		s.epochs = append(s.epochs, kvPair{value: e.value, of: e.of, rank: e.rank})
	}
	if len(s.epochs) == start {
		return nil
	}
	return s.epochs[start:len(s.epochs):len(s.epochs)]
}

// metrics gives rec the line's named numbers but its step (pairs[best]),
// unless that is its epoch. On an evaluation's line a loss is named as the
// validation loss it is ("loss" is "val_loss").
func (s *kvScanner) metrics(best int, rec *Record, naming evalNaming) {
	if cap(s.arena)-len(s.arena) < len(s.pairs) {
		s.arena = make([]Metric, 0, max(1024, len(s.pairs)))
	}
	start := len(s.arena)
	for i, kv := range s.pairs {
		key := kv.key
		switch {
		case naming == evalLosses && evalLoss(key):
			s.valKey = append(append(s.valKey[:0], "val_"...), key...)
			key = s.valKey
		case naming == megatronValidation:
			s.valKey = megatronValName(s.valKey[:0], key)
			key = s.valKey
		}
		f := s.names.lookup(key)
		if i == best && f.role != roleEpoch {
			continue
		}
		s.arena = keep(rec, s.arena, f.name, f.role, kv.value)
	}
	if len(s.arena) > start {
		rec.Metrics = s.arena[start:len(s.arena):len(s.arena)]
	}
}

// leadingTime reads a date and time at the start of t ("2022-04-08
// 18:48:05,372", optionally in brackets) and returns the rest of t.
func leadingTime(t []byte) (time.Time, []byte) {
	s := t
	if len(s) > 0 && s[0] == '[' {
		s = s[1:]
	}
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' {
		return time.Time{}, t
	}
	num := func(a, b int) int {
		n := 0
		for _, c := range s[a:b] {
			if !isDigit(c) {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day, hour, minute, sec := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 60 || s[16] != ':' {
		return time.Time{}, t
	}
	ts := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	s = s[19:]
	if len(s) > 1 && (s[0] == ',' || s[0] == '.') && isDigit(s[1]) {
		j := 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		ns, scale := 0, int(time.Second)
		for _, c := range s[1:min(j, 10)] {
			scale /= 10
			ns += int(c-'0') * scale
		}
		ts = ts.Add(time.Duration(ns))
		s = s[j:]
	}
	return ts, s
}

// scanBracketed reads a line whose position is written in brackets (see
// bracketStepOf): its named numbers are after them.
func (s *kvScanner) scanBracketed(t []byte, bs bracketStep, stamp time.Time, rec *Record) kvScan {
	s.pairs = kvPairs(t[bs.end:], s.pairs[:0])
	rec.Wall = wallNanos(stamp)
	s.metrics(-1, rec, bs.naming())
	sc := kvScan{kind: kvPlaced, record: len(rec.Metrics) > 0, eval: bs.eval}
	if bs.eval {
		return sc
	}
	sc.step = kvPair{value: bs.count, of: bs.of, rank: kvStepRank([]byte("iter"))}
	if bs.hasEpoch {
		rec.Epoch, rec.HasEpoch = bs.epoch, true
		if cap(s.epochs)-len(s.epochs) < 1 {
			s.epochs = make([]kvPair, 0, 256)
		}
		s.epochs = append(s.epochs, kvPair{value: bs.epoch, rank: epochRank})
		sc.epochs, sc.within = s.epochs[len(s.epochs)-1:len(s.epochs):len(s.epochs)], true
	}
	return sc
}

// evalLoss reports whether key, on an evaluation's line, names a loss not
// already named as the validation's.
func evalLoss(key []byte) bool {
	return bytes.Contains(bytes.ToLower(key), []byte("loss")) && !evalNamed(string(key))
}
