package decode

import (
	"bytes"
)

// kerasParser reads the console output of Keras' fit(): "Epoch 3/10", then
// the epoch's progress, whose last state carries the epoch's metrics:
//
//	380/380 [==============================] - 12s 31ms/step - loss: 0.26 - val_loss: 0.42   (Keras 2)
//	380/380 ━━━━━━━━━━━━━━━━━━━━ 12s 31ms/step - loss: 0.26 - val_loss: 0.42                 (Keras 3)
//	3083s - loss: 1.7197 - acc: 0.5893 - val_loss: 0.3504                                     (verbose=2)
//
// The step is the epoch. Colour codes are removed and of a line rewritten
// with \r only the last state counts; progress states before the end of the
// epoch are skipped. A new fit() restarts at epoch 1: steps go backwards
// and the detector sees a restart.
type kerasParser struct {
	scanner kerasScanner
	epoch   float64
	epochs  float64 // M of the latest "Epoch N/M": the run's horizon
	count   float64 // metrics lines, for output without "Epoch" lines
}

func (p *kerasParser) reset() { p.epoch, p.epochs, p.count = 0, 0, 0 }

// plan returns the run's horizon, the M of "Epoch N/M", and the unit of
// its steps: epochs, or the ordinal of the metric lines without them.
func (p *kerasParser) plan() (float64, Unit) {
	switch {
	case p.epoch > 0 && finite(p.epochs):
		return p.epochs, UnitEpoch
	case p.epoch > 0:
		return 0, UnitEpoch
	case p.count > 0:
		return 0, UnitStep
	}
	return 0, ""
}

// kerasEpoch reads "Epoch N/M" and returns N and M.
func kerasEpoch(t []byte) (n, of float64, ok bool) {
	rest, ok := bytes.CutPrefix(t, []byte("Epoch "))
	if !ok {
		return 0, 0, false
	}
	slash := bytes.IndexByte(rest, '/')
	if slash <= 0 || !allDigits(rest[:slash]) || !allDigits(rest[slash+1:]) {
		return 0, 0, false
	}
	n, ok1 := parseNumber(rest[:slash])
	of, ok2 := parseNumber(rest[slash+1:])
	return n, of, ok1 && ok2
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

// kerasPair reads one " - name: value" segment.
func kerasPair(seg []byte) (name []byte, v float64, ok bool) {
	colon := bytes.IndexByte(seg, ':')
	if colon <= 0 {
		return nil, 0, false
	}
	name = bytes.TrimSpace(seg[:colon])
	for _, c := range name {
		if !isNameByte(c) {
			return nil, 0, false
		}
	}
	v, ok = parseNumber(seg[colon+1:])
	return name, v, ok && len(name) > 0
}

// isKerasMetrics reports whether piece has " - name: value" segments.
func isKerasMetrics(piece []byte) bool {
	found := false
	kerasSegments(piece, func(seg []byte) {
		if !found {
			_, _, found = kerasPair(seg)
		}
	})
	return found
}

// kerasSegments calls fn with each segment after the first of piece split
// at " - ", without allocating.
func kerasSegments(piece []byte, fn func(seg []byte)) {
	sep := []byte(" - ")
	i := bytes.Index(piece, sep)
	for i >= 0 {
		piece = piece[i+len(sep):]
		i = bytes.Index(piece, sep)
		if i < 0 {
			fn(piece)
			return
		}
		fn(piece[:i])
	}
}

// kerasMetricsLine recognises an epoch line of Keras output: it starts
// with a progress count or a duration and has loss or accuracy segments.
func kerasMetricsLine(piece []byte) bool {
	t := bytes.TrimSpace(piece)
	if len(t) == 0 || !(isDigit(t[0]) || keras2Verbose2(t)) || !isKerasMetrics(t) {
		return false
	}
	return bytes.Contains(t, []byte(" - loss: ")) || bytes.Contains(t, []byte("loss: ")) || bytes.Contains(t, []byte(" - acc"))
}

// keras2Verbose2 reports the start of Keras 2's fit(verbose=2) line,
// which has no progress counter: " - 5s - loss: 0.2 - acc: 0.9".
func keras2Verbose2(t []byte) bool {
	return len(t) > 2 && t[0] == '-' && t[1] == ' ' && isDigit(t[2])
}

// kerasInProgress reports a progress state before the end of the epoch:
// "12/380 [===>...] - ETA: 10s - loss: 0.3".
func kerasInProgress(t []byte) bool {
	if bytes.Contains(t, []byte("ETA:")) {
		return true
	}
	slash := bytes.IndexByte(t, '/')
	if slash <= 0 {
		return false
	}
	sp := bytes.IndexByte(t[slash:], ' ')
	if sp < 0 {
		return false
	}
	done, total := t[:slash], t[slash+1:slash+sp]
	return allDigits(done) && allDigits(total) && !bytes.Equal(done, total)
}

func (p *kerasParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	return parseScanned(&p.scanner, p, line, no, dst)
}
