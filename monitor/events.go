// Package monitor reads training logs — files, standard input, a run's
// directory — and follows a live one through appends, truncation, rotation
// and replacement, handing the bytes to a decoder (monitor/decode) and the
// records in batches to a Pipeline, which feeds the detector and publishes
// what changed to a front end.
package monitor

import (
	"time"

	"github.com/losswatch/losswatch/monitor/decode"
)

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
	Records []decode.Record
	Events  []Event
	Stats   decode.Stats
	Format  decode.Format
	// Path is the file being read (it changes when a directory is followed).
	Path string
	// Size is the size of the file when it was last looked at, so that a
	// reader of history can show progress (0 when unknown, e.g. stdin).
	Size int64
	// Live is true once the history present at start has been read.
	Live bool
}
