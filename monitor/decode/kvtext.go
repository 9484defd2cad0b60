package decode

import "bytes"

// kvParser reads text logs of named numbers with a step-like key:
//
//	ep: 0, batch: 20, time: 9.17, loss: 10.98             (name: value)
//	epoch=3 step=1200 loss=0.52 lr=1e-4                  (name=value)
//	| epoch 001 | loss 7.23 | num_updates 100 | lr 5e-4  (fairseq's simple progress)
//	[2022-04-08 18:48:05,372][train_inner][INFO] - {"epoch": 1, "loss": "9.276", "num_updates": "200"}
//
// A JSON object after a prefix (fairseq's json log format) is read like a
// JSON line. A leading date and time becomes the record's wall time.
type kvParser struct {
	scanner   kvScanner
	zeroEpoch bool // epochs are counted from 0
	epochs    epochSteps
	plans     kvPlan
	// trained and lastStep are whether a line with a step was placed and
	// the latest step: where an evaluation's line goes.
	trained  bool
	lastStep float64
}

// kvPlan is what a text log says of its run's length: a step written as a
// fraction of its total ("step 100/5000", "Epoch [2/10], Step [100/600]":
// 10 epochs of 600 steps), or fairseq's configuration ('max_update':
// 400000, in updates, the unit of its num_updates steps).
type kvPlan struct {
	steps  float64 // the last step planned, in steps
	epochs float64 // the last epoch planned, for logs whose steps are epochs
	unit   Unit    // what the latest record's step counts
}

// plan returns the run's horizon in the unit of its latest record's step.
func (p *kvParser) plan() (float64, Unit) {
	if p.plans.unit == UnitEpoch {
		return p.plans.epochs, UnitEpoch
	}
	return p.plans.steps, p.plans.unit
}

// notePlan reads what the line's step-like pairs say of the run's length:
// s is its step, epochs its epoch-like pairs (see kvScan).
func (p *kvParser) notePlan(s kvPair, epochs []kvPair) {
	if s.rank >= epochRank {
		p.plans.unit = UnitEpoch
		if s.of >= s.value && s.of > 0 && finite(s.of) {
			p.plans.epochs = s.of
		}
		return
	}
	p.plans.unit = UnitStep
	if s.of <= 0 || s.value > s.of || countsInEpoch(s.rank) {
		return // a batch counts within an epoch
	}
	if len(epochs) > 0 {
		if h := epochs[0].of * s.of; h > 0 && finite(h) { // Epoch [2/10], Step [100/600]
			p.plans.steps = h
		}
		return // an epoch without its total: the step's total is the epoch's length
	}
	if finite(s.of) {
		p.plans.steps = s.of
	}
}

// maxUpdate reads fairseq's configuration dump ('max_update': 400000), the
// run's last update; 0 means no limit.
func maxUpdate(t []byte) (float64, bool) {
	i := bytes.Index(t, []byte("'max_update': "))
	if i < 0 {
		return 0, false
	}
	v, _, ok := leadingNumber(t[i+len("'max_update': "):])
	return v, ok && v > 0 && finite(v)
}

// globalStep is the step of the record whose best step-like pair is s
// (epochs its epoch-like pairs; within says s counts within the first of
// them, whose total need not be written: "Epoch [2][100/500]"). In the PyTorch tutorials' "Epoch [2/10],
// Step [100/600], Loss: 0.23" the step counts within the epoch; the step
// through the run is then (epoch-1)*600 + 100 (epoch, not epoch-1, once an
// epoch 0 was seen).
func (p *kvParser) globalStep(s kvPair, epochs []kvPair, within bool) float64 {
	if s.of <= 0 || s.value > s.of || s.rank >= epochRank {
		return p.epochs.step(s, epochs)
	}
	for _, e := range epochs {
		if (e.of <= 0 && !within) || !finite(e.value) {
			continue
		}
		if e.value == 0 {
			p.zeroEpoch = true
		}
		epoch := e.value
		if !p.zeroEpoch {
			epoch--
		}
		return epoch*s.of + s.value
	}
	return s.value
}

func (p *kvParser) reset() {
	p.epochs, p.plans, p.trained, p.lastStep = epochSteps{}, kvPlan{}, false, 0
}

// settleEval places an evaluation's line at the latest training step, or
// at 0 before any (an evaluation before training starts: MMEngine's
// val_begin).
func (p *kvParser) settleEval(sc kvScan, rec *Record) reason {
	if !sc.record {
		return reasonNoMetric
	}
	rec.Step = 0
	if p.trained {
		rec.Step = p.lastStep
	}
	return reasonNone
}

// kvPair is one named number of a text line; of is its total when it was
// written as a fraction ("Step [100/600]", "ntokens: 485/513"), else 0.
type kvPair struct {
	key   []byte
	value float64
	of    float64
	rank  int // kvStepRank of key, once the scan has ranked the pairs
}

// kvStepKeys are the step-like keys of text logs, best first.
var kvStepKeys = [...]string{"step", "steps", "global_step", "iteration", "iter", "iters", "it", "num_updates", "updates", "batch", "batches", "epoch", "ep"}

// batchRank is the rank of "batch" among kvStepKeys ("batches" follows):
// a count within the epoch.
const batchRank = 9

// countsInEpoch reports whether a step-like key of rank r counts within the
// epoch (a batch), not through the run.
func countsInEpoch(r int) bool { return r == batchRank || r == batchRank+1 }

// kvStepRank is the rank of key among kvStepKeys, in any case, or
// len(kvStepKeys) when it is none of them.
func kvStepRank(key []byte) int {
	if len(key) < 2 || len(key) > len("global_step") {
		return len(kvStepKeys)
	}
	switch key[0] | 0x20 { // keys are ASCII (nameToken): what every step key starts with
	case 's', 'g', 'i', 'n', 'u', 'b', 'e':
	default:
		return len(kvStepKeys)
	}
	for i, k := range kvStepKeys {
		if bytes.EqualFold(key, []byte(k)) {
			return i
		}
	}
	return len(kvStepKeys)
}

// fairseqLine recognises fairseq's log lines.
func fairseqLine(t []byte) bool {
	for _, m := range [...]string{"][train_inner][", "][valid][", "| train_inner |", "| valid on "} {
		if bytes.Contains(t, []byte(m)) {
			return true
		}
	}
	return bytes.HasPrefix(t, []byte("| epoch ")) && bytes.Contains(t, []byte("| loss "))
}

func (p *kvParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	return parseScanned(&p.scanner, p, line, no, dst)
}

// settle places the scanned line in the log: it gives the record rec its
// step through the epochs counted so far and notes what the line says of
// the run's length. It returns reasonNone when the line gives a record
// (sc.record); otherwise rec is a scratch record.
func (p *kvParser) settle(_ []byte, sc kvScan, rec *Record) reason {
	switch sc.kind {
	case kvNone, kvJSON:
		return sc.reason
	case kvConfig:
		p.plans.steps = sc.step.value
		return reasonConfig
	}
	if sc.eval {
		return p.settleEval(sc, rec)
	}
	step := p.globalStep(sc.step, sc.epochs, sc.within)
	p.notePlan(sc.step, sc.epochs)
	p.trained, p.lastStep = true, step
	if !sc.record {
		return reasonNoMetric
	}
	rec.Step = step
	if step == sc.step.value && beyondExact(step) {
		rec.StepExact = sc.exact
	}
	return reasonNone
}
