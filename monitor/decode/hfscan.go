package decode

import "bytes"

// A line of HuggingFace console output is read in two stages. The scan
// finds the Trainer dict in the line and reads its numbers: most of the
// cost of a line, and it depends on nothing before the line, so the lines
// of a run can be scanned on several cores (scanrun.go). The settle
// (hfParser.settle) then places the scanned line in the log with the
// parser's state — the run it belongs to, its step, the progress bar it
// pairs with — in log order.

// hfKind is what a line holds, as far as the line alone tells.
type hfKind uint8

const (
	hfNoDict    hfKind = iota // no Trainer dict: banners, bars, other output
	hfNoNumbers               // a dict without a number
	hfSummary                 // the end-of-run summary ('train_runtime', no 'loss')
	hfTrain                   // a training dict ('loss')
	hfEval                    // an evaluation dict (eval_*)
	hfOther                   // another dict ('learning_rate' alone, ...)
)

// hfScan is what the scan of one line found, beside the record it
// filled (see scan).
type hfScan struct {
	kind hfKind
	// record reports that the line gives a record: a dict other than the
	// summary with at least one metric.
	record bool
	// alone reports that the dict was printed as tqdm.write prints it
	// (printedAlone): the bar drawn next pairs with its epoch.
	alone bool
	// epoch is the dict's epoch, when hasEpoch (whether or not the line
	// gives a record).
	epoch    float64
	hasEpoch bool
}

func (sc hfScan) gives() bool { return sc.record }

// hfScanner scans lines. It keeps caches and buffers only, never state
// that a line's scan depends on: two scanners give the same scans.
type hfScanner struct {
	names nameTable
	arena []Metric
	keys  [][]byte
	vals  []float64
}

// scan reads what line holds on its own and gives rec the dict's metrics
// and epoch; the record's step is settled in order.
func (s *hfScanner) scan(line []byte, rec *Record) hfScan {
	d := hfDict(lastPiece(line, hasHFDict))
	if d == nil {
		return hfScan{kind: hfNoDict}
	}
	s.keys, s.vals = parsePyDict(d, s.keys[:0], s.vals[:0])
	train, eval, summary := false, false, false
	for _, k := range s.keys {
		switch {
		case string(k) == "loss":
			train = true
		case bytes.HasPrefix(k, []byte("eval_")):
			eval = true
		case string(k) == "train_runtime":
			summary = true
		}
	}
	var sc hfScan
	switch {
	case len(s.keys) == 0:
		return hfScan{kind: hfNoNumbers}
	case train:
		sc.kind = hfTrain
	case summary:
		return hfScan{kind: hfSummary}
	case eval:
		sc.kind = hfEval
	default:
		sc.kind = hfOther
	}
	s.metrics(rec)
	sc.record = len(rec.Metrics) > 0
	sc.epoch, sc.hasEpoch = rec.Epoch, rec.HasEpoch
	sc.alone = rec.HasEpoch && finite(rec.Epoch) && printedAlone(line, d)
	return sc
}

// metrics gives rec the named numbers just read (and the epoch among them).
func (s *hfScanner) metrics(rec *Record) {
	if cap(s.arena)-len(s.arena) < len(s.keys) {
		s.arena = make([]Metric, 0, max(1024, len(s.keys)))
	}
	start := len(s.arena)
	for i, k := range s.keys {
		f := s.names.lookup(k)
		s.arena = keep(rec, s.arena, f.name, f.role, s.vals[i])
	}
	if len(s.arena) > start {
		rec.Metrics = s.arena[start:len(s.arena):len(s.arena)]
	}
}
