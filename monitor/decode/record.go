// Package decode turns the bytes of a training log into Records: it
// recognises the log's format (about fifteen of them: JSON lines, CSV
// loggers, framework console output, TensorBoard event files, HuggingFace
// trainer_state.json, ...) and decodes it line by line, counting every line
// it skips with a reason. It does no I/O: monitor reads and follows the files.
package decode

import "time"

// Metric is one named value of a record. Name is the log's own name,
// stripped of control characters so it is safe to display.
type Metric struct {
	Name  string
	Value float64
}

// Record is one logged point in time: a step (or epoch, when that is all the
// log has) and the metrics logged at it.
type Record struct {
	Step    float64
	Time    time.Time // zero when the log carries no wall time
	Metrics []Metric
	Line    int64 // 1-based line of the source it came from; 0 for binary formats
	// StepExact is the step as the log wrote it when it is an integer
	// beyond 2^53, which Step may have rounded (2^53+1 reads as 2^53);
	// 0 otherwise. StepInt gives the step as an integer either way.
	StepExact int64
}

// Format names a log format losswatch understands.
type Format string

// Stats counts what a source has read so far.
type Stats struct {
	Bytes   int64
	Lines   int64
	Records int64
	Skipped int64
	// SkipReasons counts skipped lines by reason ("no metric", "malformed", ...).
	SkipReasons map[string]int64
	// DroppedPoints counts the points of metrics past MaxMetricNames
	// distinct names, which are not delivered.
	DroppedPoints int64
}

// Clone returns a copy of st that shares nothing with it.
func (st Stats) Clone() Stats {
	c := st
	c.SkipReasons = make(map[string]int64, len(st.SkipReasons))
	for k, v := range st.SkipReasons {
		c.SkipReasons[k] = v
	}
	return c
}
