package decode

import (
	"bytes"
	"math"
)

// hfRun is what a HuggingFace Trainer console capture says about the run
// being read, beside its dicts: where its records go on the x axis and how
// long it is planned to be.
//
// The dicts print no step. Every one the Trainer logs carries 'epoch'
// (global step / steps per epoch, as the Trainer computes it), so the epoch
// is the x axis of a run whose dicts carry it: exact as far as the log
// writes it, the same for training and evaluation dicts, and increasing
// through the run. A run whose first dict has no epoch is numbered 1, 2,
// 3 by its training dicts.
//
// The horizon, in epochs, is the banner's "Num Epochs = E" when it agrees
// with "Total optimization steps = N" (N a multiple of E: no max_steps cut
// the run short of E epochs), else it is read from the training progress
// bar: its total T is max_steps, and the bar count n that tqdm draws again
// right after printing a dict of epoch e (tqdm.write clears the bar,
// prints the dict, draws the bar: "…\r   \r{'loss': …}\n\r 5%|▌ | 100/2000 […]")
// gives T·e/n epochs. Only that order pairs a count with a dict: under
// nohup the dicts (stdout, block-buffered) arrive in bursts long after the
// bar (stderr) has moved on, and a count next to them would be wrong.
type hfRun struct {
	decided   bool    // the first dict decided the x axis
	byEpoch   bool    // the dicts' epoch is the x axis
	numEpochs float64 // the banner's "Num Epochs = E"
	total     float64 // the banner's "Total optimization steps = N", or the training bar's total
	pairN     float64 // the largest bar count drawn right after a dict with an epoch
	pairEpoch float64 // that dict's epoch
	// await is the epoch of the dict just read when it was printed as
	// tqdm.write prints (alone, after a cleared bar): the bar drawn next
	// pairs with it. 0 when there is none.
	await float64
}

// horizon returns the run's planned end in the unit of its steps, or 0.
func (r *hfRun) horizon() float64 {
	if !r.byEpoch {
		return 0
	}
	if r.numEpochs > 0 && r.total > 0 && math.Mod(r.total, r.numEpochs) == 0 {
		return r.numEpochs
	}
	if r.total > 0 && r.pairN > 0 && r.pairEpoch > 0 && r.pairN <= r.total {
		if h := math.Round(r.total*r.pairEpoch/r.pairN*100) / 100; finite(h) {
			return h
		}
	}
	return 0
}

// hfBannerLines are the lines of the Trainer's banner that say what the
// run is: held while the format is not yet known, so that the parser
// reads them once the first dict names the format.
var hfBannerLines = [...]string{"***** Running training *****", "Num Epochs = ", "Total optimization steps = "}

// planLine reports a line that says what the run is before any record
// does: a line of the Trainer's banner, nanoGPT's max_iters, fairseq's
// configuration with max_update. It is held while the format is not yet
// known, so that the parser reads it once the format is.
func planLine(line []byte) bool {
	if bytes.Contains(line, []byte("'max_update': ")) {
		return true
	}
	if len(line) > 256 {
		return false
	}
	if _, ok := maxIters(line); ok {
		return true
	}
	for _, b := range hfBannerLines {
		if bytes.Contains(line, []byte(b)) {
			return true
		}
	}
	return false
}

// banner reads the figures of the Trainer's "***** Running training *****"
// block ("  Num Epochs = 3", "  Total optimization steps = 6,957").
func (r *hfRun) banner(t []byte) bool {
	for _, f := range [...]struct {
		label string
		dst   *float64
	}{{"Num Epochs = ", &r.numEpochs}, {"Total optimization steps = ", &r.total}} {
		i := bytes.Index(t, []byte(f.label))
		if i < 0 || (i > 0 && t[i-1] != ' ' && t[i-1] != '\t') {
			continue
		}
		rest := t[i+len(f.label):]
		if v, ok := parseNumber(bytes.ReplaceAll(trimLine(rest), []byte(","), nil)); ok && v > 0 && finite(v) {
			*f.dst = v
		}
		return true
	}
	return false
}

// bar notes a state of the training progress bar: the first bar of a run
// is the training bar; a bar of another total (evaluation's) is not it.
func (r *hfRun) bar(n, total float64) bool {
	if r.total == 0 {
		r.total = total
	}
	return total == r.total
}

// pair notes the bar count n drawn right after a dict of epoch e.
func (r *hfRun) pair(n, total, e float64) {
	if r.bar(n, total) && n > r.pairN && e > 0 {
		r.pairN, r.pairEpoch = n, e
	}
}

// tqdmState reads the count and total of a tqdm progress state without a
// description: "  5%|▌         | 100/2000 [00:30<09:30,  3.33it/s]" or
// "100/2000 [00:30<09:30, 3.33it/s]". The Trainer's bars have none;
// datasets' ("Map: 100%|...") have, and are not training.
func tqdmState(piece []byte) (n, total float64, ok bool) {
	t := bytes.TrimLeft(piece, " \t")
	if len(t) > 0 && t[0] == '{' { // a dict (the line after one printed alone): no count
		return 0, 0, false
	}
	if bar := bytes.IndexByte(t, '|'); bar >= 0 {
		pct := bytes.TrimSpace(t[:bar])
		if len(pct) < 2 || pct[len(pct)-1] != '%' || !allDigits(pct[:len(pct)-1]) {
			return 0, 0, false
		}
		end := bytes.IndexByte(t[bar+1:], '|')
		if end < 0 {
			return 0, 0, false
		}
		t = bytes.TrimLeft(t[bar+1+end+1:], " ")
	}
	open := bytes.Index(t, []byte(" ["))
	if open < 0 {
		return 0, 0, false
	}
	count, of, found := bytes.Cut(t[:open], []byte("/"))
	if !found || !allDigits(count) || !allDigits(of) {
		return 0, 0, false
	}
	n, ok1 := parseNumber(count)
	total, ok2 := parseNumber(of)
	return n, total, ok1 && ok2 && total > 0 && n <= total
}

// firstBar returns the first progress state drawn on line: the bar tqdm
// draws again at the start of the line after a dict it printed.
func firstBar(line []byte) (n, total float64, ok bool) {
	for len(line) > 0 {
		piece, rest, _ := bytes.Cut(line, []byte{'\r'})
		if len(bytes.TrimSpace(piece)) > 0 {
			return tqdmState(piece)
		}
		line = rest
	}
	return 0, 0, false
}

// printedAlone reports whether dict (a reslice of line) was printed as
// tqdm.write prints it: right after the \r that cleared the bar, not glued
// to other output nor at the start of a line (where a burst of buffered
// dicts puts all but the first).
func printedAlone(line, dict []byte) bool {
	start := cap(line) - cap(dict)
	if start <= 0 || start > len(line) {
		return false
	}
	before := bytes.TrimRight(line[:start], " \t")
	return len(before) > 0 && before[len(before)-1] == '\r'
}
