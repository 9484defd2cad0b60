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
//
// Counters and timings (the epoch, iteration counts, seconds per iteration,
// runtimes, rates, samples or tokens seen) are never Metrics: they are an x
// axis or context. The epoch and the wall time are kept in their own fields
// so that a chart can use either as its x axis; the others are dropped.
type Record struct {
	// Step is the record's x position in the unit Stats.Unit names: the
	// global step (or iteration), or the epoch for logs that count nothing
	// finer.
	Step float64
	// Wall is the wall-clock time the log gives the record, in nanoseconds
	// since 1970 UTC (When gives it as a time.Time); 0 when the log carries
	// none. Eight bytes rather than a time.Time's 24 and its pointer: a
	// record is written, copied and scanned by the garbage collector
	// millions of times a second when check reads a big log.
	Wall int64
	// Epoch is the epoch the log gives the record (fractional where the log
	// writes it so: HuggingFace's 0.25), valid when HasEpoch. For logs whose
	// steps are epochs it equals Step.
	Epoch    float64
	HasEpoch bool
	Metrics  []Metric
	Line     int64 // 1-based line of the source it came from; 0 for binary formats
	// StepExact is the step as the log wrote it when it is an integer
	// beyond 2^53, which Step may have rounded (2^53+1 reads as 2^53);
	// 0 otherwise. StepInt gives the step as an integer either way.
	StepExact int64
}

// When returns the record's wall-clock time, and false when the log gives
// none.
func (r Record) When() (time.Time, bool) {
	if r.Wall == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, r.Wall), true
}

// wallNanos returns t as a Record's Wall: 0 for the zero time and for a
// time a nanosecond count cannot hold (before 1678 or after 2262, which no
// training log is stamped with).
func wallNanos(t time.Time) int64 {
	if t.IsZero() || t.Year() < 1678 || t.Year() > 2261 {
		return 0
	}
	return t.UnixNano()
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
	// Horizon is the step the run is planned to end at, in the unit of the
	// records' steps, where the log says it ("Epoch 3/10", "step 100/5000",
	// trainer_state.json's max_steps, nanoGPT's max_iters); 0 when unknown.
	// It describes the run being read now and may change (a new run in the
	// same log states its own).
	Horizon float64
	// Unit is what the records' steps count; "" until a record says.
	Unit Unit
}

// Unit is what a log's steps count.
type Unit string

// The units of a log's steps.
const (
	// UnitStep is the global step: optimiser updates, iterations, or the
	// ordinal of the record where the log numbers nothing.
	UnitStep Unit = "step"
	// UnitEpoch is the epoch: the log counts nothing finer (Keras), or
	// only the epoch places its records (HuggingFace console output).
	UnitEpoch Unit = "epoch"
)

// Clone returns a copy of st that shares nothing with it.
func (st Stats) Clone() Stats {
	c := st
	c.SkipReasons = make(map[string]int64, len(st.SkipReasons))
	for k, v := range st.SkipReasons {
		c.SkipReasons[k] = v
	}
	return c
}
