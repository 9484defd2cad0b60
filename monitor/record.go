// Package monitor reads training logs — files, standard input, TensorBoard
// event files — and turns every line that carries a metric into a Record.
// It recognises the log's format by itself and follows a live file through
// appends, truncation, rotation and replacement.
package monitor

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

// EventKind names something that happened to a followed log.
type EventKind string

// The events a source reports besides records.
const (
	EventWaiting   EventKind = "waiting"   // the file does not exist yet
	EventOpened    EventKind = "opened"    // the file was opened (again)
	EventTruncated EventKind = "truncated" // the file shrank: read again from 0
	EventRotated   EventKind = "rotated"   // the file was renamed away and a new one took its place
	EventRecreated EventKind = "recreated" // the file was removed and created again
	EventPolling   EventKind = "polling"   // no file events available: polling instead
	EventError     EventKind = "error"     // a recoverable error; reading goes on
	EventEOF       EventKind = "eof"       // history read: from here on records are live
)

// Event is something that happened to the source other than a record.
type Event struct {
	Kind    EventKind
	Time    time.Time
	Message string
}

// Batch is what a source delivers: records in log order, events, and the
// running totals after them.
type Batch struct {
	Records []Record
	Events  []Event
	Stats   Stats
	Format  Format
	// Path is the file being read (it changes when a directory is followed).
	Path string
	// Size is the size of the file when it was last looked at, so that a
	// reader of history can show progress (0 when unknown, e.g. stdin).
	Size int64
	// Live is true once the history present at start has been read.
	Live bool
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
