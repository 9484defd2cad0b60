package decode

import "bytes"

// fieldRole is what a named number of a log is to losswatch.
type fieldRole uint8

const (
	// roleMetric is a metric: a loss, an accuracy, the learning rate, a
	// gradient norm, MFU... what the run is judged by or shown beside it.
	roleMetric fieldRole = iota
	// roleEpoch is the epoch: kept as Record.Epoch, an x axis.
	roleEpoch
	// roleCounter is a counter or a timing (the step, iterations, seconds
	// per iteration, runtimes, rates, samples or tokens seen): an x axis or
	// context, never a metric. A record does not keep it.
	roleCounter
)

// counterFields are the counters and timings logs write beside their
// metrics, by their whole name (lower case, after the last '/').
var counterFields = map[string]bool{
	"step": true, "steps": true, "global_step": true, "_step": true, "iter": true, "iters": true,
	"iteration": true, "iterations": true, "it": true, "num_updates": true, "updates": true, "update": true,
	"batch": true, "batches": true, "time": true, "data": true, "eta": true, "elapsed": true, "runtime": true,
	"wall": true, "walltime": true, "timestamp": true, "_timestamp": true, "ms": true, "dt": true,
	"samples": true, "tokens": true, "ntokens": true, "nsentences": true, "num_tokens": true,
	"num_samples": true, "num_examples": true, "consumed_samples": true, "consumed_tokens": true,
	"wps": true, "ups": true, "wpb": true, "bsz": true, "it_s": true, "s_it": true, "total_flos": true,
	"speed": true, "throughput": true, "memory": true, "mem": true, "max_mem": true, "skipped": true,
	"step_avg": true, "step_time": true, "iter_dt": true,
}

// counterSuffixes end the names of counters and timings: HuggingFace's
// eval_runtime and train_samples_per_second, Detectron2's data_time and
// eta_seconds, fairseq's valid_wps and train_wall, the tokens seen so far.
var counterSuffixes = [...]string{
	"_runtime", "_per_second", "_per_sec", "_time", "_seconds", "_num_updates", "_wall",
	"_wps", "_ups", "_wpb", "_bsz", "_ntokens", "_nsentences", "_seen", "/s", "/sec",
}

// roleOf classifies a field of a log by its name. The learning rate, the
// gradient norm and MFU are metrics; "loss_epoch" (Lightning's epoch mean)
// is a metric too: only the name "epoch" itself is the epoch.
func roleOf(name []byte) fieldRole {
	var buf [64]byte
	if len(name) > len(buf) {
		return roleMetric
	}
	low := buf[:len(name)]
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	for _, suf := range counterSuffixes {
		if bytes.HasSuffix(low, []byte(suf)) && len(low) > len(suf) {
			return roleCounter
		}
	}
	if bytes.Contains(low, []byte("_per_second_")) { // torchtune's tokens_per_second_per_gpu
		return roleCounter
	}
	if bytes.IndexByte(low, ' ') >= 0 {
		return wordsRole(low)
	}
	if i := bytes.LastIndexByte(low, '/'); i >= 0 {
		low = low[i+1:]
	}
	switch {
	case string(low) == "epoch" || string(low) == "ep":
		return roleEpoch
	case counterFields[string(low)]:
		return roleCounter
	}
	return roleMetric
}

// counterWords mark a name of several words as a counter or a timing:
// Megatron's "consumed samples", "global batch size", "elapsed time per
// iteration (ms)", "number of skipped iterations".
var counterWords = map[string]bool{"time": true, "samples": true, "tokens": true, "consumed": true,
	"batch": true, "number": true, "iterations": true, "speed": true, "memory": true, "eta": true}

// wordsRole classifies a name of several words (lower case).
func wordsRole(low []byte) fieldRole {
	for w := range bytes.FieldsSeq(low) {
		if counterWords[string(bytes.Trim(w, "()"))] || counterFields[string(w)] {
			return roleCounter
		}
	}
	return roleMetric
}

// roleOfString is roleOf for a name held as a string.
func roleOfString(name string) fieldRole {
	if len(name) > 64 {
		return roleMetric
	}
	var buf [64]byte
	return roleOf(append(buf[:0], name...))
}

// keep adds the named number (name, v) to rec as its role says: a metric
// is appended to metrics, the epoch set on rec, a counter dropped. It
// returns metrics.
func keep(rec *Record, metrics []Metric, name string, role fieldRole, v float64) []Metric {
	switch role {
	case roleMetric:
		return append(metrics, Metric{Name: name, Value: v})
	case roleEpoch:
		rec.Epoch, rec.HasEpoch = v, true
	}
	return metrics
}
