package decode

import "bytes"

// A line of Keras' console output is read in two stages (see scanrun.go).
// The scan strips the line's colour codes, keeps the last state of a line
// rewritten with \r, tells a header ("Epoch 3/10") from a progress state
// and from the epoch's metrics line, and reads that line's metrics: all of
// the cost, and it depends on the line alone. The settle
// (kerasParser.settle) then notes the header's epoch and plan, counts the
// metrics lines and gives the record its step and epoch, in log order.

// kerasKind is what a line holds, as far as the line alone tells.
type kerasKind uint8

const (
	kerasOther   kerasKind = iota // no record and nothing the parser's state notes: reason says why
	kerasHeader                   // "Epoch N/M": the epoch in force and the run's plan
	kerasMetrics                  // the epoch's metrics line: counted, whether or not a metric is kept
)

// kerasScan is what the scan of one line found, beside the record it
// filled.
type kerasScan struct {
	kind kerasKind
	// reason is why a line of kind kerasOther gives no record.
	reason reason
	// record reports that a metrics line gives a record: it has at least
	// one metric.
	record bool
	// epoch and epochs are the N and M of a header's "Epoch N/M".
	epoch, epochs float64
}

func (sc kerasScan) gives() bool { return sc.record }

// kerasScanner scans lines. It keeps caches and buffers only, never state
// that a line's scan depends on: two scanners give the same scans.
type kerasScanner struct {
	names   nameTable
	arena   []Metric
	scratch []byte           // the line without colour codes
	add     func(seg []byte) // addSegment, bound once: no closure a line
}

// scan reads what line holds on its own and gives rec the metrics of an
// epoch's metrics line; its step and epoch are settled in order.
func (s *kerasScanner) scan(line []byte, rec *Record) kerasScan {
	s.scratch = stripANSI(s.scratch, line)
	t := bytes.TrimSpace(lastPiece(s.scratch, isKerasMetrics))
	if n, of, ok := kerasEpoch(t); ok {
		return kerasScan{kind: kerasHeader, epoch: n, epochs: of}
	}
	// A state before the end of the epoch that looks like progress is
	// skipped as progress whether or not it has metrics: most lines of
	// output to a file, told without reading their numbers.
	inProgress := kerasInProgress(t)
	if inProgress && kerasProgressMarks(t) {
		return kerasScan{reason: reasonProgress}
	}
	if !isKerasMetrics(t) {
		if kerasProgressMarks(t) {
			return kerasScan{reason: reasonProgress}
		}
		return kerasScan{reason: reasonNoMetric}
	}
	if inProgress {
		return kerasScan{reason: reasonProgress}
	}
	if n := bytes.Count(t, []byte(" - ")); cap(s.arena)-len(s.arena) < n {
		s.arena = make([]Metric, 0, max(1024, n))
	}
	start := len(s.arena)
	if s.add == nil {
		s.add = s.addSegment
	}
	kerasSegments(t, s.add)
	if len(s.arena) == start {
		return kerasScan{kind: kerasMetrics}
	}
	rec.Metrics = s.arena[start:len(s.arena):len(s.arena)]
	return kerasScan{kind: kerasMetrics, record: true}
}

// kerasProgressMarks reports whether t has what a progress state has: a
// time a step, or a bar of Keras 3 or Keras 2.
func kerasProgressMarks(t []byte) bool {
	return bytes.Contains(t, []byte("/step")) || bytes.Contains(t, []byte("━")) || bytes.Contains(t, []byte("[="))
}

// addSegment adds the metric of one " - name: value" segment.
func (s *kerasScanner) addSegment(seg []byte) {
	if name, v, ok := kerasPair(seg); ok {
		if f := s.names.lookup(name); f.role == roleMetric {
			s.arena = append(s.arena, Metric{Name: f.name, Value: v})
		}
	}
}

// settle places the scanned line in the log: a header sets the epoch in
// force and the run's plan; a metrics line is counted and its record, if
// it has one, gets the epoch as its step (the line's ordinal where no
// header came before). It returns reasonNone when the line gives a record
// (sc.record); otherwise rec is a scratch record.
func (p *kerasParser) settle(_ []byte, sc kerasScan, rec *Record) reason {
	switch sc.kind {
	case kerasHeader:
		p.epoch, p.epochs = sc.epoch, sc.epochs
		return reasonHeader
	case kerasOther:
		return sc.reason
	}
	p.count++
	if !sc.record {
		return reasonNoMetric
	}
	rec.Step = p.epoch
	if p.epoch == 0 {
		rec.Step = p.count
	}
	if p.epoch > 0 {
		rec.Epoch, rec.HasEpoch = p.epoch, true
	}
	return reasonNone
}
