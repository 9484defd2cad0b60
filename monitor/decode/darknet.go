package decode

import (
	"bytes"
	"math"
)

// Darknet (pjreddie's and AlexeyAB's YOLO trainer) prints a line per
// iteration:
//
//	 1: 6.939213, 6.939213 avg loss, 0.000000 rate, 2.345678 seconds, 64 images, 12.345678 hours left
//	9798: 0.370096, 0.451929 avg, 0.001000 rate, 3.300000 seconds, 627072 images
//
// the iteration, the batch's loss, its running average, the learning rate,
// then timings and counters. The classifier trainer puts the epoch after
// the iteration ("1200, 3.072: ..."). Between them come per-batch details
// of the detection layers ("Region 82 Avg IOU: ...", "v3 (mse loss, ...")
// and, on Linux, AlexeyAB's terminal title, "ESC]2;1/6000: loss=...BEL",
// which says how many iterations the run has (max_batches).

// darknetIter is what an iteration line says.
type darknetIter struct {
	iter, epoch   float64
	hasEpoch      bool
	loss, avg, lr float64
}

// darknetLine reads an iteration line (t trimmed of blanks).
func darknetLine(t []byte) (darknetIter, bool) {
	var it darknetIter
	colon := bytes.IndexByte(t, ':')
	if colon <= 0 || colon > 48 {
		return it, false
	}
	head, rest := t[:colon], t[colon+1:]
	if c := bytes.IndexByte(head, ','); c >= 0 {
		if !allDigits(head[:c]) {
			return it, false
		}
		e, ok := parseNumber(head[c+1:])
		if !ok || !finite(e) {
			return it, false
		}
		it.epoch, it.hasEpoch, head = e, true, head[:c]
	}
	if !allDigits(head) || len(head) > 15 {
		return it, false
	}
	it.iter, _ = parseNumber(head)
	loss, rest, _ := bytes.Cut(rest, []byte(","))
	avg, rest, _ := bytes.Cut(rest, []byte(","))
	rate, _, _ := bytes.Cut(rest, []byte(","))
	var ok [5]bool
	it.loss, ok[0] = darknetNumber(trimSpace(loss))
	avg, ok[1] = bytes.CutSuffix(trimSpace(avg), []byte(" avg loss"))
	if !ok[1] {
		avg, ok[1] = bytes.CutSuffix(avg, []byte(" avg"))
	}
	it.avg, ok[2] = darknetNumber(avg)
	rate, ok[3] = bytes.CutSuffix(trimSpace(rate), []byte(" rate"))
	it.lr, ok[4] = darknetNumber(rate)
	return it, ok == [5]bool{true, true, true, true, true}
}

// darknetNumber reads a number as C's printf("%f") writes it, "-nan" and
// MSVC's "-nan(ind)" included: a loss that is no longer a number is what
// a diverging run prints.
func darknetNumber(c []byte) (float64, bool) {
	if f, ok := parseNumber(c); ok {
		return f, true
	}
	c = bytes.TrimPrefix(c, []byte("-"))
	if len(c) >= 3 && bytes.EqualFold(c[:3], []byte("nan")) && (len(c) == 3 || c[3] == '(') {
		return math.NaN(), true
	}
	return 0, false
}

// darknetBanner reports a line Darknet prints at start-up, which no other
// program does: the optimiser's settings and AlexeyAB's batch sizes.
func darknetBanner(t []byte) bool {
	return bytes.HasPrefix(t, []byte("Learning Rate: ")) && bytes.Contains(t, []byte(", Momentum: ")) &&
		bytes.Contains(t, []byte(", Decay: ")) ||
		bytes.HasPrefix(t, []byte("mini_batch = ")) && bytes.Contains(t, []byte(", batch = "))
}

// darknetDetail reports a detection layer's per-batch detail line, or a
// figure of an mAP calculation's detail (per class, at one confidence
// threshold).
func darknetDetail(t []byte) bool {
	for _, p := range [...]string{"Region ", "v3 (", "Detection Avg IOU", "class_id = ", "for conf_thresh = ", "detections_count = "} {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(t, []byte("Avg IOU: "))
}

// darknetMAP reads the result of an mAP calculation, which AlexeyAB's
// trainer runs every so many iterations when given -map:
// "mean average precision (mAP@0.50) = 0.635123, or 63.51 %".
func darknetMAP(t []byte) (string, float64, bool) {
	rest, ok := bytes.CutPrefix(t, []byte("mean average precision ("))
	if !ok {
		if rest, ok = bytes.CutPrefix(t, []byte("mean_average_precision (")); !ok {
			return "", 0, false
		}
	}
	name, rest, ok := bytes.Cut(rest, []byte(") = "))
	if !ok || len(name) > 32 || !bytes.HasPrefix(name, []byte("mAP")) {
		return "", 0, false
	}
	num, _, _ := bytes.Cut(rest, []byte(","))
	v, ok := parseNumber(num)
	return Sanitize(string(name)), v, ok
}

// darknetTitle reads the run's length from AlexeyAB's terminal title,
// "ESC]2;<iteration>/<max_batches>: loss=...", anywhere in line.
func darknetTitle(line []byte) (float64, bool) {
	i := bytes.Index(line, []byte("\x1b]2;"))
	if i < 0 {
		return 0, false
	}
	s := line[i+4:]
	slash := bytes.IndexByte(s, '/')
	colon := bytes.IndexByte(s, ':')
	if slash <= 0 || colon <= slash+1 || !allDigits(s[:slash]) || !allDigits(s[slash+1:colon]) || colon-slash > 16 {
		return 0, false
	}
	n, _ := parseNumber(s[slash+1 : colon])
	return n, n > 0
}

// darknetParser reads a Darknet training log.
type darknetParser struct {
	horizon float64 // max_batches, from the terminal title; 0 unknown
	seen    bool    // an iteration line was read
	last    float64 // its iteration
	arena   []Metric
}

func (p *darknetParser) reset() {}

// plan says the steps are iterations, and how many the run has where the
// terminal title said so.
func (p *darknetParser) plan() (float64, Unit) {
	if !p.seen {
		return p.horizon, ""
	}
	return p.horizon, UnitStep
}

func (p *darknetParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	if n, ok := darknetTitle(line); ok {
		p.horizon = n
		return dst, reasonProgress
	}
	t := bytes.TrimSpace(line)
	if name, v, ok := darknetMAP(t); ok && p.seen {
		// measured on the weights of the last iteration
		m := []Metric{{Name: name, Value: v}}
		return append(dst, Record{Step: p.last, Line: no, Metrics: m}), reasonNone
	}
	it, ok := darknetLine(t)
	switch {
	case ok:
	case darknetDetail(t):
		return dst, reasonDetail
	case darknetBanner(t):
		return dst, reasonConfig
	default:
		return dst, reasonNoMetric
	}
	p.seen, p.last = true, it.iter
	rec := Record{Step: it.iter, Line: no, Epoch: it.epoch, HasEpoch: it.hasEpoch}
	if cap(p.arena)-len(p.arena) < 3 {
		p.arena = make([]Metric, 0, 3*512) // one allocation for many records
	}
	start := len(p.arena)
	p.arena = append(p.arena, Metric{Name: "loss", Value: it.loss}, Metric{Name: "avg_loss", Value: it.avg}, Metric{Name: "lr", Value: it.lr})
	rec.Metrics = p.arena[start:len(p.arena):len(p.arena)]
	return append(dst, rec), reasonNone
}
