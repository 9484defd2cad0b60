package decode

import "bytes"

// hfDictOpeners are how the Trainer's dicts start; a config dict printed
// by another program does not start so.
var hfDictOpeners = [...]string{"{'loss'", "{'eval_", "{'learning_rate'", "{'train_runtime'", "{'grad_norm'", "{'train_loss'"}

// trainerDictStart reports whether d starts like one of the Trainer's dicts.
func trainerDictStart(d []byte) bool {
	for _, k := range hfDictOpeners {
		if bytes.HasPrefix(d, []byte(k)) {
			return true
		}
	}
	return false
}

// afterOtherOutput returns the Trainer dict that follows progress-bar
// output on the same physical line, or t unchanged. Under nohup the dicts
// (stdout, block-buffered) land in the file whenever the buffer is
// flushed, right after whatever the progress bar (stderr, unbuffered)
// wrote last and with no line break between: "…4.9it/s]{'loss': 2.1, …}".
// Only a dict after a bar is taken, so that a script printing
// "eval_results= {'eval_loss': …}" (a copy of a dict already logged) is not
// read twice.
func afterOtherOutput(t []byte) []byte {
	for i := 0; i < len(t); {
		j := bytes.Index(t[i:], []byte("{'"))
		if j < 0 {
			return t
		}
		if trainerDictStart(t[i+j:]) && progressLine(t[:i+j]) {
			return t[i+j:]
		}
		i += j + 2
	}
	return t
}

// otherLine says why a line of a Trainer log that holds no Trainer dict is
// skipped: what the training script printed of its results after
// training ("eval_results= {...}", "train_results= TrainOutput(...)") is a
// summary; other named numbers ("Perplexity: 1.00") have no step to be
// placed at; a dump of settings is config.
func (p *hfParser) otherLine(line []byte) reason {
	t := trimLine(line)
	switch {
	case bytes.Contains(t, []byte("TrainOutput(")) || bytes.Contains(t, []byte("_results= {")) ||
		bytes.Contains(t, []byte("_results = {")):
		return reasonSummary
	}
	p.pairs = kvPairs(t, p.pairs[:0])
	return unplaced(t, p.pairs)
}
