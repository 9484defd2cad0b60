package headless

import (
	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// EventName is what a watch line is about, its "event" field: records
// ingested, a source's event (monitor.EventKind: truncated, rotated, error,
// ...) or a detector's (detect.EventKind: finding, cleared, converged).
type EventName string

// The watch events of watch's own making.
const (
	// EventRecords reports the records ingested since the last one.
	EventRecords EventName = "records"
	// EventError reports an error: the source's, or --exec's.
	EventError = EventName(monitor.EventError)
	// EventFinding reports a finding raised (the only event --exec acts on).
	EventFinding = EventName(detect.EventFinding)
	// EventRunFound reports a run of a directory of runs seen for the first
	// time: at start, or appearing while watched.
	EventRunFound EventName = "run-found"
	// EventRunEnded reports that a run of a directory stopped being read
	// (its Message says why).
	EventRunEnded EventName = "run-ended"
)

// sourceEvent names a source's event.
func sourceEvent(k monitor.EventKind) EventName { return EventName(k) }

// detectorEvent names a detector's event.
func detectorEvent(k detect.EventKind) EventName { return EventName(k) }
