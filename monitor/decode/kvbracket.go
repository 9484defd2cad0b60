package decode

import "bytes"

// Some text logs write where training is in brackets after a word, not as
// a named number:
//
//	Epoch [1][50/500]	lr: 2.000e-02, eta: 0:41:19, loss: 0.8512   (mmcv: MMDetection 2, MMSegmentation 0.x)
//	Epoch(train)  [1][ 50/500]  lr: 2.0000e-02  ...  loss: 0.8512     (MMEngine: MMDetection 3, MMPretrain)
//	Iter(train) [  50/40000]  lr: 1.0000e-02  ...  loss: 1.2034        (MMEngine, a run counted in iterations)
//	Epoch(val) [1][500/500]    coco/bbox_mAP: 0.3740  ...               (MMEngine's evaluation)
//	Epoch: [0][  10/5005]	Time  0.312 ( 0.512)	Loss 6.9e+00 (6.9e+00)  (PyTorch's ImageNet example)
//	[100] train_loss=2.3, learning_rate=0.001                           (a step first, as CLU's writer logs)
//
// The count in the second bracket is within the epoch and the number after
// its slash the epoch's length: the step through the run is the epochs
// before times that length plus the count. An evaluation's line is placed
// at the latest training step.

// bracketStep is where a line says training is, in brackets.
type bracketStep struct {
	found    bool
	eval     bool // an evaluation's line ("Epoch(val)", "Iter(test)")
	megatron bool // Megatron-LM's "validation loss at iteration N" (at step N)
	hasEpoch bool // "Epoch [e][count/of]": count is within epoch e
	epoch    float64
	count    float64 // the step, or the count within the epoch
	of       float64 // count's total (the epoch's length, or the run's), 0 when not written
	end      int     // index of the line after the brackets
}

// evalNaming is how the names of a line's metrics are written in the
// record.
type evalNaming uint8

const (
	asWritten          evalNaming = iota
	evalLosses                    // a loss is the validation's: "loss" is "val_loss"
	megatronValidation            // see megatronValName
)

// naming is how the line's metric names are written.
func (bs bracketStep) naming() evalNaming {
	switch {
	case bs.megatron:
		return megatronValidation
	case bs.eval:
		return evalLosses
	}
	return asWritten
}

// megatronPrefix starts Megatron-LM's validation lines: "validation loss
// at iteration 2000 | lm loss value: 3.0E+00 | lm loss PPL: 2.0E+01 |".
const megatronPrefix = "validation loss at iteration "

// megatronValName appends to dst the name of a metric of Megatron's
// validation line: "lm loss value" is "val lm loss", the name of its
// training loss prefixed; "lm loss PPL" is "val lm PPL", a perplexity
// rather than a loss.
func megatronValName(dst, key []byte) []byte {
	dst = append(dst, "val "...)
	if k, ok := bytes.CutSuffix(key, []byte(" value")); ok {
		return append(dst, k...)
	}
	if k, ok := bytes.CutSuffix(key, []byte(" loss PPL")); ok {
		return append(append(dst, k...), " PPL"...)
	}
	return append(dst, key...)
}

// bracketStepOf finds a bracketed position in t: after "Epoch" or "Iter"
// (with a mode in parentheses or a colon) where either word first stands
// on its own, or a bracketed integer that starts the message; or the step
// of Megatron's validation line.
func bracketStepOf(t []byte) bracketStep {
	if rest, ok := bytes.CutPrefix(bytes.TrimLeft(t, " "), []byte(megatronPrefix)); ok {
		if n, r, ok := leadingNumber(rest); ok && n >= 0 && finite(n) {
			return bracketStep{found: true, megatron: true, count: n, end: len(t) - len(r)}
		}
	}
	if len(t) > 0 && t[0] == '[' {
		return leadingBrackets(t)
	}
	if end := evalLead(t); end > 0 {
		return bracketStep{found: true, eval: true, end: end}
	}
	for _, w := range [...]string{"Epoch", "Iter"} {
		i := wordAt(t, w)
		if i < 0 {
			continue
		}
		return bracketsAfter(t, i+len(w), w == "Epoch")
	}
	return bracketStep{}
}

// leadingBrackets reads the brackets that start a message: "[100] loss=…"
// (a step), "[1/5][50/469]\tLoss_D: …" (PyTorch's DCGAN example: the
// epoch and the count within it) or "[1,  2000] loss: 2.192" (PyTorch's
// CIFAR-10 tutorial: the epoch and the mini-batches seen in it).
func leadingBrackets(t []byte) bracketStep {
	if e, b, end, ok := commaPair(t); ok {
		return bracketStep{found: true, hasEpoch: true, epoch: e, count: b, end: end}
	}
	n, of, end, ok := bracketNumber(t, 0)
	if !ok || n != float64(int64(n)) {
		return bracketStep{}
	}
	if count, cof, end2, ok := bracketNumber(t, end); ok {
		return bracketStep{found: true, hasEpoch: true, epoch: n, count: count, of: cof, end: end2}
	}
	if of == 0 && end < len(t) && (t[end] == ' ' || t[end] == '\t') {
		return bracketStep{found: true, count: n, end: end}
	}
	return bracketStep{}
}

// commaPair reads "[e, b]" at the start of t: two integers.
func commaPair(t []byte) (e, b float64, end int, ok bool) {
	j := bytes.IndexByte(t, ']')
	if j < 0 || j > 32 {
		return 0, 0, 0, false
	}
	x, y, found := bytes.Cut(t[1:j], []byte{','})
	if !found {
		return 0, 0, 0, false
	}
	e, ok1 := parseNumber(x)
	b, ok2 := parseNumber(y)
	if !ok1 || !ok2 || e < 0 || b < 0 || e != float64(int64(e)) || b != float64(int64(b)) {
		return 0, 0, 0, false
	}
	return e, b, j + 1, true
}

// evalLeads start an evaluation's line that has no step of its own:
// "Test set: Average loss: 0.0527, Accuracy: 9829/10000 (98%)" (PyTorch's
// MNIST example), "Validation: loss 0.52", "| end of epoch   1 | time:
// 140.00s | valid loss  5.80 | valid ppl   330.00" (its word language
// model).
var evalLeads = [...]string{"test set:", "validation set:", "val set:", "test:", "validation:", "val:", "valid:",
	"eval:", "evaluation:", "| end of epoch "}

// evalLead returns the index after an evaluation's lead at the start of t,
// else 0. A lead followed by a bracketed count ("Test: [ 10/196]") is an
// evaluation in progress, read batch by batch: not a point.
func evalLead(t []byte) int {
	t0 := len(t)
	t = bytes.TrimLeft(t, " ")
	if len(t) == 0 || t[0]|0x20 != 't' && t[0]|0x20 != 'v' && t[0]|0x20 != 'e' && t[0] != '|' {
		return 0
	}
	for _, l := range evalLeads {
		if len(t) >= len(l) && bytes.EqualFold(t[:len(l)], []byte(l)) {
			if rest := bytes.TrimLeft(t[len(l):], " \t"); len(rest) > 0 && rest[0] == '[' {
				return 0
			}
			return t0 - len(t) + len(l)
		}
	}
	return 0
}

// wordAt returns the index of the first w in t that starts t or follows a
// space, a tab or a '-' of a logger's prefix, else -1.
func wordAt(t []byte, w string) int {
	for from := 0; ; {
		i := bytes.Index(t[from:], []byte(w))
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || t[i-1] == ' ' || t[i-1] == '\t' {
			return i
		}
		from = i + len(w)
	}
}

// bracketsAfter reads the mode and the brackets after the word at t[:i]:
// for an epoch two brackets, epoch then count; for iterations one.
func bracketsAfter(t []byte, i int, epochWord bool) bracketStep {
	var bs bracketStep
	if i < len(t) && t[i] == '(' {
		end := bytes.IndexByte(t[i:], ')')
		if end < 0 {
			return bracketStep{}
		}
		switch string(t[i+1 : i+end]) {
		case "train":
		case "val", "test":
			bs.eval = true
		default:
			return bracketStep{}
		}
		i += end + 1
	} else if i < len(t) && t[i] == ':' {
		i++
	}
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	first, firstOf, end, ok := bracketNumber(t, i)
	if !ok {
		return epochThenBracket(t, i, bs.eval, epochWord)
	}
	if !epochWord {
		bs.found, bs.count, bs.of, bs.end = true, first, firstOf, end
		return bs
	}
	count, of, end2, ok := bracketNumber(t, end)
	if !ok {
		return bracketStep{} // "Epoch [3]": a named number like any other
	}
	bs.found, bs.hasEpoch, bs.epoch, bs.count, bs.of, bs.end = true, true, first, count, of, end2
	return bs
}

// epochThenBracket reads "1 [10000/60000 (17%)]" at t[i:], after "Train
// Epoch:" (PyTorch's MNIST example): the epoch, then the count within it
// and the epoch's length.
func epochThenBracket(t []byte, i int, eval, epochWord bool) bracketStep {
	e, rest, ok := leadingNumber(t[i:])
	if !epochWord || !ok || e < 0 || e != float64(int64(e)) || len(rest) < 2 || rest[0] != ' ' {
		return bracketStep{}
	}
	at := len(t) - len(rest) + 1
	count, of, end, ok := bracketNumber(t, at)
	if !ok || of == 0 {
		return bracketStep{}
	}
	return bracketStep{found: true, eval: eval, hasEpoch: true, epoch: e, count: count, of: of, end: end}
}

// bracketNumber reads "[n]" or "[n/of]", spaces allowed inside and a
// percentage in parentheses after ("[10000/60000 (17%)]"), at t[i:] and
// returns the index after it.
func bracketNumber(t []byte, i int) (n, of float64, end int, ok bool) {
	if i >= len(t) || t[i] != '[' {
		return 0, 0, 0, false
	}
	j := bytes.IndexByte(t[i:], ']')
	if j < 0 || j > 48 {
		return 0, 0, 0, false
	}
	in, _, _ := bytes.Cut(t[i+1:i+j], []byte{'('})
	num, den, _ := bytes.Cut(bytes.TrimSpace(in), []byte{'/'})
	n, ok = parseNumber(num)
	if !ok || !finite(n) || n < 0 {
		return 0, 0, 0, false
	}
	if len(den) > 0 {
		if of, ok = parseNumber(den); !ok || !finite(of) || of <= 0 {
			return 0, 0, 0, false
		}
	}
	return n, of, i + j + 1, true
}

// glogMessage returns the message of a line in the format of Google's
// logging libraries (glog, absl: Caffe, TensorFlow's C++ side, JAX and
// CLU), "I0412 10:11:12.123456 12345 solver.cpp:218] message", or t
// unchanged. The prefix's source location would otherwise read as a
// number named "solver.cpp".
func glogMessage(t []byte) []byte {
	if len(t) < 22 || (t[0] != 'I' && t[0] != 'W' && t[0] != 'E' && t[0] != 'F') {
		return t
	}
	for _, k := range [...]int{1, 2, 3, 4, 6, 7, 9, 10, 12, 13} {
		if !isDigit(t[k]) {
			return t
		}
	}
	if t[5] != ' ' || t[8] != ':' || t[11] != ':' {
		return t
	}
	end := bytes.IndexByte(t, ']')
	if end < 14 || end > 200 || !isDigit(t[end-1]) { // "file:line]"
		return t
	}
	return bytes.TrimLeft(t[end+1:], " ")
}
