package decode

import (
	"bytes"
	"math"
)

// nanoParser reads the console output of nanoGPT and its relatives:
//
//	iter 100: loss 2.3456, time 12.34ms, mfu 12.3%     → loss, time, mfu at step 100
//	step 500: train loss 2.1, val loss 2.2             → eval_train_loss, val_loss at step 500
//	s:0 trl:10.96 / s:0 tel:10.97                      → train_loss / val_loss (llm.c main.log)
//	5 train 10.366 / 0 val 10.93 / 0 hella 0.24        → train_loss / val_loss / hella (build-nanogpt)
//	step 100/5000 | loss 3.2 | lr 6e-4                 → loss, lr at step 100
//	val loss 3.4567 / HellaSwag: 2500/10042 = 0.2489   → val_loss / hellaswag at the step before (llm.c)
//
// The train loss printed at evaluation is named eval_train_loss so that
// loss has exactly one point per logged iteration.
type nanoParser struct {
	names   nameTable
	arena   []Metric
	name    []byte
	horizon float64 // the last step planned: M of "step N/M", or max_iters
}

func (p *nanoParser) reset() { p.horizon = 0 }

// plan returns the run's horizon: llm.c's "step N/M" prints the step
// from 1 to M; nanoGPT runs iterations 0 to max_iters, which it prints
// among its settings ("max_iters = 5000", "Overriding: max_iters = 5000").
func (p *nanoParser) plan() (float64, Unit) { return p.horizon, UnitStep }

// maxIters reads nanoGPT's "max_iters = N" (a configuration file echoed,
// or "Overriding: max_iters = N").
func maxIters(line []byte) (float64, bool) {
	t := bytes.TrimSpace(line)
	t = bytes.TrimPrefix(t, []byte("Overriding: "))
	rest, ok := bytes.CutPrefix(t, []byte("max_iters"))
	if !ok {
		return 0, false
	}
	rest = bytes.TrimLeft(rest, " ")
	if len(rest) == 0 || rest[0] != '=' {
		return 0, false
	}
	rest = bytes.TrimSpace(rest[1:])
	if i := bytes.IndexByte(rest, '#'); i >= 0 { // a comment after the value
		rest = bytes.TrimSpace(rest[:i])
	}
	n, ok := parseNumber(bytes.ReplaceAll(rest, []byte("_"), nil))
	return n, ok && n > 0 && finite(n)
}

func (p *nanoParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	t := bytes.TrimSpace(lastPiece(line, nil))
	rec := Record{Step: math.NaN(), Line: no}
	if cap(p.arena)-len(p.arena) < 16 {
		p.arena = make([]Metric, 0, 1024)
	}
	start := len(p.arena)
	switch {
	case bytes.HasPrefix(t, []byte("iter ")), bytes.HasPrefix(t, []byte("step ")):
		p.iterLine(t, &rec)
	case bytes.HasPrefix(t, []byte("s:")):
		p.llmcLine(t, &rec)
	case len(t) > 0 && isDigit(t[0]):
		p.stepKindLine(t, &rec)
	case bytes.HasPrefix(t, []byte("val loss ")), bytes.HasPrefix(t, []byte("HellaSwag: ")):
		p.llmcEvalLine(t, &rec)
	}
	if len(p.arena) == start || math.IsNaN(rec.Step) {
		p.arena = p.arena[:start]
		if n, ok := maxIters(t); ok {
			p.horizon = n
			return dst, reasonConfig
		}
		return dst, reasonNoMetric
	}
	rec.Metrics = p.arena[start:len(p.arena):len(p.arena)]
	return append(dst, rec), reasonNone
}

// add adds the metric name: v; a counter or timing ("time 12.34ms") is
// not a metric and is left out.
func (p *nanoParser) add(name []byte, v float64) {
	if f := p.names.lookup(name); f.role == roleMetric {
		p.arena = append(p.arena, Metric{Name: f.name, Value: v})
	}
}

// iterLine reads "iter N: k v, k v" and "step N: k v, ..." and
// "step N/M | k v | k v".
func (p *nanoParser) iterLine(t []byte, rec *Record) {
	isStep := t[0] == 's'
	n, rest, ok := leadingNumber(bytes.TrimLeft(t[5:], " ")) // llm.c pads: "step    1/19552"
	if !ok || !finite(n) {
		return
	}
	total := false
	if len(rest) > 0 && rest[0] == '/' { // step 100/5000
		if of, r, ok := leadingNumber(rest[1:]); ok {
			rest, total = r, true
			if isStep && of >= n && finite(of) {
				p.horizon = of
			}
		}
	}
	rest = bytes.TrimLeft(rest, " ")
	sep := []byte(",")
	switch {
	case bytes.HasPrefix(rest, []byte(":")):
		rest = rest[1:]
	case bytes.HasPrefix(rest, []byte("|")):
		rest, sep = rest[1:], []byte("|")
	default:
		return
	}
	rec.Step = n
	evalLine := isStep && sep[0] == ',' && !total // nanoGPT's evaluation: its train loss is eval_train_loss
	for seg := range bytes.SplitSeq(rest, sep) {
		p.segment(seg, evalLine)
	}
}

// segment adds the named numbers of one segment of an iter or step line:
// "loss 2.3456", "time 12.34ms", "train loss 11.009 norm 15.2 lr 1.00e-06
// (1234.5 ms" (llm.c), "loss 3.2 (+0.5z)". A name is the words before a
// number; a number without a name, or one in brackets, is passed over.
func (p *nanoParser) segment(seg []byte, evalLine bool) {
	seg = bytes.TrimSpace(seg)
	if sp := bytes.IndexByte(seg, ' '); sp > 0 && bytes.IndexByte(seg[sp+1:], ' ') < 0 && nameToken(seg[:sp]) {
		// the common case, "loss 2.3456": one name, one number
		if v, rest, ok := leadingNumber(seg[sp+1:]); ok && unitRest(rest) {
			p.add(seg[:sp], v)
			return
		}
	}
	p.name = p.name[:0]
	for f := range bytes.FieldsSeq(seg) {
		f = bytes.TrimSuffix(f, []byte(":"))
		if v, rest, ok := leadingNumber(f); ok && unitRest(rest) {
			if len(p.name) > 0 {
				if evalLine && string(p.name) == "train_loss" {
					p.name = append(p.name[:0], "eval_train_loss"...)
				}
				p.add(p.name, v)
			}
			p.name = p.name[:0]
			continue
		}
		if !nameToken(f) {
			p.name = p.name[:0]
			continue
		}
		if len(p.name) > 0 {
			p.name = append(p.name, '_')
		}
		p.name = append(p.name, f...)
	}
}

// llmcLine reads "s:N trl:X" and "s:N tel:X".
func (p *nanoParser) llmcLine(t []byte, rec *Record) {
	n, rest, ok := leadingNumber(t[2:])
	if !ok || !finite(n) || (len(rest) > 0 && rest[0] != ' ') {
		return
	}
	for f := range bytes.FieldsSeq(rest) {
		k, v, ok := bytes.Cut(f, []byte(":"))
		if !ok {
			continue
		}
		x, ok := parseNumber(v)
		if !ok {
			continue
		}
		switch string(k) {
		case "trl":
			k = []byte("train_loss")
		case "tel":
			k = []byte("val_loss")
		}
		p.add(k, x)
	}
	rec.Step = n
}

// llmcEvalLine reads llm.c's evaluation lines, which print no step: "val
// loss 3.4567" and "HellaSwag: 2500/10042 = 0.2489" after the step line
// they were measured at (and before the first, at step 0). Their record
// is placed at the step of the record before it (see atLatestStep).
func (p *nanoParser) llmcEvalLine(t []byte, rec *Record) {
	name, v := []byte("val_loss"), t[len("val loss "):]
	if rest, ok := bytes.CutPrefix(t, []byte("HellaSwag: ")); ok {
		_, acc, found := bytes.Cut(rest, []byte(" = "))
		if !found {
			return
		}
		name, v = []byte("hellaswag"), acc
	}
	x, ok := parseNumber(v)
	if !ok {
		return
	}
	p.add(name, x)
	rec.Step = atLatestStep()
}

// stepKindLine reads build-nanogpt's "<step> <kind> <value>".
func (p *nanoParser) stepKindLine(t []byte, rec *Record) {
	f := bytes.Fields(t)
	if len(f) != 3 || !allDigits(f[0]) {
		return
	}
	n, ok1 := parseNumber(f[0])
	v, ok2 := parseNumber(f[2])
	if !ok1 || !ok2 {
		return
	}
	for _, c := range f[1] {
		if !isLetter(c) && c != '_' {
			return
		}
	}
	kind := f[1]
	switch string(kind) {
	case "train":
		kind = []byte("train_loss")
	case "val":
		kind = []byte("val_loss")
	}
	rec.Step = n
	p.add(kind, v)
}
