package decode

import (
	"bytes"
)

// hfParser reads the console output of the HuggingFace Trainer: Python dict
// lines such as {'loss': 2.31, 'grad_norm': 1.2, 'learning_rate': 5e-05,
// 'epoch': 0.12} among tqdm bars. No step is printed: the dicts' 'epoch' is
// their x position (see hfRun); where a run's dicts have no epoch, a
// training dict (one with 'loss') is step 1, 2, 3, ... in order and an
// evaluation dict (eval_*) takes the step of the latest training dict.
// Runtimes and rates (eval_runtime, train_samples_per_second) are not
// metrics. The end-of-run summary ({'train_runtime': ..., 'train_loss':
// ...}) holds averages, not points of the curve, and is skipped; it ends
// the run, so that the dicts of a next train() call (or those after another
// "***** Running training *****" banner) start again: a restart.
type hfParser struct {
	ordinal float64
	last    float64 // the step of the latest record
	ended   bool    // a run ended (its summary, or a new banner): steps start again
	run     hfRun
	fresh   bool // run was reset since the last run ended
	// nextTotal is the total of the latest bar drawn after a run ended:
	// the next run's training bar when that run begins.
	nextTotal float64
	scanner   hfScanner
	pairs     []kvPair
}

func (p *hfParser) reset() {
	p.ordinal, p.last, p.ended, p.run, p.fresh, p.nextTotal = 0, 0, false, hfRun{}, false, 0
}

// plan returns the run's horizon and the unit of its steps.
func (p *hfParser) plan() (float64, Unit) {
	switch {
	case !p.run.decided:
		return 0, ""
	case p.run.byEpoch:
		return p.run.horizon(), UnitEpoch
	}
	return 0, UnitStep
}

// newRun forgets what was known of the run before: another one starts.
func (p *hfParser) newRun() {
	if !p.fresh {
		p.run, p.fresh = hfRun{}, true
	}
	if p.nextTotal > 0 && p.run.total == 0 {
		p.run.total = p.nextTotal
	}
	p.nextTotal = 0
}

// hfDict returns the dict that piece starts with (after blanks and a rank
// prefix such as "0: " or "[rank0]: "), or nil.
func hfDict(piece []byte) []byte {
	if len(piece) >= 2 && piece[0] == '{' && (piece[1] == '\'' || piece[1] == '"') {
		return piece // most lines: a dict alone
	}
	t := bytes.TrimLeft(piece, " \t")
	if len(t) > 0 && t[0] == '[' { // [rank0]:
		if i := bytes.Index(t, []byte("]:")); i > 0 && i < 16 {
			t = bytes.TrimLeft(t[i+2:], " \t")
		}
	}
	i := 0
	for i < len(t) && i < 6 && isDigit(t[i]) {
		i++
	}
	if i > 0 && i < len(t) && t[i] == ':' {
		t = bytes.TrimLeft(t[i+1:], " \t")
	}
	if len(t) > 0 && t[0] != '{' {
		t = afterLogPrefix(t)
	}
	if len(t) > 0 && t[0] != '{' {
		t = afterOtherOutput(t)
	}
	if len(t) < 2 || t[0] != '{' || (t[1] != '\'' && t[1] != '"') {
		return nil
	}
	return t
}

// afterLogPrefix returns the dict after a Python logging prefix such as
// "06/01/2024 12:00:00 - INFO - __main__ - {'loss': ...}" (the callback that
// logs the Trainer's dicts through logging), or t unchanged.
func afterLogPrefix(t []byte) []byte {
	i := bytes.Index(t, []byte("{'"))
	if i <= 0 || t[i-1] != ' ' {
		return t
	}
	prefix := t[:i]
	for _, level := range [...]string{"INFO", "WARNING", "DEBUG"} {
		if bytes.Contains(prefix, []byte(level)) {
			return t[i:]
		}
	}
	return t
}

func hasHFDict(piece []byte) bool { return hfDict(piece) != nil }

// hfLine recognises a line of HuggingFace Trainer output.
func hfLine(line []byte) bool {
	d := hfDict(lastPiece(line, hasHFDict))
	if d == nil || d[1] != '\'' {
		return false
	}
	// The Trainer's dicts start with one of these keys; a config dict
	// printed by another program does not.
	return trainerDictStart(d)
}

func (p *hfParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	return parseScanned(&p.scanner, p, line, no, dst)
}

// settle places the scanned line in the log: it notes what the line tells
// of the run and sets the step of its record rec, at its epoch or at its
// ordinal where the run's dicts have none. It returns reasonNone when the
// line gives a record (sc.record); otherwise rec is a scratch record.
func (p *hfParser) settle(line []byte, sc hfScan, rec *Record) reason {
	if e := p.run.await; e > 0 {
		p.run.await = 0
		if n, total, ok := firstBar(line); ok {
			p.run.pair(n, total, e)
		}
	}
	switch sc.kind {
	case hfNoDict:
		return p.noDict(line)
	case hfNoNumbers:
		return reasonNoMetric
	case hfSummary:
		p.ended = true
		return reasonSummary
	}
	if p.ended { // train() returned: what follows is another run, from the start
		p.newRun()
		p.ordinal, p.ended = 0, false
	}
	p.fresh = false
	switch {
	case sc.kind == hfTrain:
		p.ordinal++
	case sc.kind != hfEval && p.ordinal == 0:
		p.ordinal++
	}
	if !p.run.decided {
		p.run.decided, p.run.byEpoch = true, sc.hasEpoch
	}
	switch {
	case !p.run.byEpoch:
		rec.Step = p.ordinal
	case sc.hasEpoch && finite(sc.epoch):
		rec.Step = sc.epoch
		if sc.alone {
			p.run.await = sc.epoch
		}
	default:
		rec.Step = p.last
	}
	if !sc.record {
		return reasonNoMetric
	}
	p.last = rec.Step
	return reasonNone
}

// noDict says why a line without a Trainer dict is skipped, noting what it
// tells of the run: a banner, its figures, a progress bar's state.
func (p *hfParser) noDict(line []byte) reason {
	if bytes.Contains(line, []byte("***** Running training *****")) {
		p.ended = p.ordinal > 0 || p.run.decided // the banner of another train() call
		p.newRun()
		return reasonHeader
	}
	if p.run.banner(line) {
		return reasonConfig
	}
	if progressLine(line) || bytes.Contains(line, []byte(" [")) {
		if n, total, ok := tqdmState(lastPiece(line, nil)); ok {
			if p.ended { // evaluation's last bar, or the next run's training bar
				p.nextTotal = total
				return reasonProgress
			}
			p.run.bar(n, total)
			return reasonProgress
		}
	}
	if progressLine(line) {
		return reasonProgress
	}
	return p.otherLine(line)
}

// parsePyDict reads the numeric entries of a Python dict literal ('key':
// number, nan, inf); other values (strings, None, lists, nested dicts) are
// passed over.
func parsePyDict(d []byte, keys [][]byte, vals []float64) ([][]byte, []float64) {
	i := 1 // past '{'
	for i < len(d) {
		key, j, ok := pyDictKey(d, i)
		if !ok {
			return keys, vals
		}
		i = j
		// A plain decimal followed by the end of the value is most values:
		// read it in one pass (parseNumber would read it the same).
		f, vend, ok := decimalPrefix(d, i)
		if !ok || vend >= len(d) || (d[vend] != ',' && d[vend] != '}') {
			vend = pyValueEnd(d, i)
			f, ok = parseNumber(d[i:vend])
		}
		if ok {
			keys, vals = append(keys, key), append(vals, f)
		}
		i = vend
		if i < len(d) && d[i] == '}' {
			return keys, vals
		}
	}
	return keys, vals
}

// pyDictKey reads the key of the next entry of a Python dict literal from
// d[i:] (past the separator before it) and returns the index of its value,
// or false where no quoted key and colon follow.
func pyDictKey(d []byte, i int) ([]byte, int, bool) {
	for i < len(d) && (d[i] == ' ' || d[i] == ',') {
		i++
	}
	if i >= len(d) || (d[i] != '\'' && d[i] != '"') {
		return nil, i, false
	}
	end := bytes.IndexByte(d[i+1:], d[i])
	if end < 0 {
		return nil, i, false
	}
	key := d[i+1 : i+1+end]
	i += end + 2
	for i < len(d) && d[i] == ' ' {
		i++
	}
	if i >= len(d) || d[i] != ':' {
		return nil, i, false
	}
	for i++; i < len(d) && d[i] == ' '; i++ {
	}
	return key, i, true
}

// pyValueEnd returns the end of the value starting at i: the next ',' or
// '}' outside brackets and quotes.
func pyValueEnd(d []byte, i int) int {
	for ; i < len(d); i++ { // a number, the common case, has no quote or bracket
		c := d[i]
		if c >= '0' && c <= '9' || c == '.' {
			continue
		}
		if c == ',' || c == '}' {
			return i
		}
		if c == '\'' || c == '"' || c == '(' || c == '[' || c == '{' {
			break
		}
	}
	return pyValueEndByByte(d, i)
}

// pyValueEndByByte is pyValueEnd without its fast path for numbers: every
// byte through the state machine of quotes and brackets.
func pyValueEndByByte(d []byte, i int) int {
	depth := 0
	var quote byte
	for ; i < len(d); i++ {
		c := d[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case (c == ')' || c == ']' || c == '}') && depth > 0:
			depth--
		case (c == ',' || c == '}') && depth == 0:
			return i
		}
	}
	return len(d)
}
