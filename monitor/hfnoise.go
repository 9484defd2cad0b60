package monitor

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
