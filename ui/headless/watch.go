package headless

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// WatchEvent is one line of `losswatch watch`. Which fields it carries
// depends on Event: records (Count, Total, LastStep), finding and cleared
// (Finding), converged (Metric, Convergence), the rest (Message). Its JSON
// field names are a contract: extend, don't rename.
type WatchEvent struct {
	Event EventName
	Time  time.Time
	// Run names the run of a directory of runs the event is about ("" when
	// watching one log).
	Run  string
	File string
	// Count records since the previous records event; Total in all;
	// LastStep is the step of the last of them.
	Count, Total int64
	LastStep     detect.Step
	Finding      *Finding
	Metric       string
	Convergence  *detect.Convergence
	Message      string
}

type watchHead struct {
	Event string `json:"event"`
	Time  string `json:"time"`
	Run   string `json:"run,omitempty"`
	File  string `json:"file,omitempty"`
}

// MarshalJSON encodes e as the flat object a watch --json line is.
func (e WatchEvent) MarshalJSON() ([]byte, error) {
	head := watchHead{Event: string(e.Event), Time: e.Time.Format(time.RFC3339Nano), Run: e.Run, File: e.File}
	switch {
	case e.Event == EventRecords:
		return json.Marshal(struct {
			watchHead
			Count    int64       `json:"count"`
			Total    int64       `json:"total"`
			LastStep detect.Step `json:"last_step"`
		}{head, e.Count, e.Total, e.LastStep})
	case e.Finding != nil:
		return json.Marshal(struct {
			watchHead
			Finding
		}{head, *e.Finding})
	case e.Convergence != nil:
		c := e.Convergence
		return json.Marshal(struct {
			watchHead
			Metric  string      `json:"metric"`
			Step    detect.Step `json:"step"`
			AtStep  detect.Step `json:"at_step"`
			Level   Num         `json:"level"`
			BandRel Num         `json:"band_rel"`
		}{head, e.Metric, c.Step, c.AtStep, Num(c.Level), Num(c.BandRel)})
	}
	return json.Marshal(struct {
		watchHead
		Message string `json:"message"`
	}{head, e.Message})
}

// Text returns e as one readable line, safe for a terminal.
func (e WatchEvent) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-9s ", e.Time.Format("15:04:05.000"), e.Event)
	if e.Run != "" {
		fmt.Fprintf(&b, "[%s] ", e.Run)
	}
	switch {
	case e.Event == EventRecords:
		fmt.Fprintf(&b, "+%d records (%d in all), last step %s", e.Count, e.Total, e.LastStep)
	case e.Finding != nil:
		f := e.Finding
		fmt.Fprintf(&b, "%s %s on %s at step %s (since step %s): %s", f.Severity, f.Kind, f.Metric,
			f.Step, f.SinceStep, f.Message)
	case e.Convergence != nil:
		fmt.Fprintf(&b, "%s converged at step %s (clear at step %s)", e.Metric, e.Convergence.Step, e.Convergence.AtStep)
	default:
		b.WriteString(e.Message)
	}
	return decode.Sanitize(b.String())
}

// WatchWriter writes watch events, one line each.
type WatchWriter struct {
	w    io.Writer
	json bool
}

// NewWatchWriter writes to w, as JSON objects when asJSON is set.
func NewWatchWriter(w io.Writer, asJSON bool) *WatchWriter { return &WatchWriter{w: w, json: asJSON} }

// Write writes one event line.
func (ww *WatchWriter) Write(e WatchEvent) error {
	if !ww.json {
		_, err := io.WriteString(ww.w, e.Text()+"\n")
		return err
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = ww.w.Write(append(line, '\n'))
	return err
}

// defaultRecordsEvery is how often, at most, watch reports the records it
// ingested.
const defaultRecordsEvery = 500 * time.Millisecond

// watcher turns what a pipeline publishes into watch events, in the order
// the detector processed the points — also when a whole file arrives at
// once.
type watcher struct {
	every    time.Duration
	now      func() time.Time
	file     string
	count    int64
	total    int64
	lastStep detect.Step
	lastSent time.Time
	// raised holds the findings in force by kind and metric, so that a
	// cleared event can say what was cleared and since when.
	raised map[string]Finding
	// told keeps a finding raised again (same kind, metric and onset) from
	// being announced, and alerted, twice.
	told announcements
}

// watcherOption configures a watcher.
type watcherOption func(*watcher)

// withRecordsEvery sets the shortest time between two records events.
func withRecordsEvery(d time.Duration) watcherOption { return func(w *watcher) { w.every = d } }

// withClock sets the clock that stamps events (tests).
func withClock(now func() time.Time) watcherOption { return func(w *watcher) { w.now = now } }

// newWatcher returns a watcher; file names the log in events until a batch
// names it.
func newWatcher(file string, opts ...watcherOption) *watcher {
	w := &watcher{file: decode.SanitizeName(file), every: defaultRecordsEvery, now: time.Now, raised: map[string]Finding{}, told: newAnnouncements()}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Update returns the events of one pipeline update, in order: the source's
// events (which happened before the batch's records), then findings,
// clearings and convergence as the points raised them, with a records event
// before each and at most one per interval otherwise. Detections after the
// last record (the end of input's, see monitor.Pipeline) come last.
func (w *watcher) Update(u monitor.Update) []WatchEvent {
	if u.Batch == nil {
		return append(w.late(u.Detections), w.Tick()...)
	}
	var evs []WatchEvent
	b := u.Batch
	if b.Path != "" && b.Path != "-" {
		w.file = decode.SanitizeName(b.Path) // a name from a folder's listing reaches the terminal and --exec
	}
	for _, e := range b.Events {
		if e.Kind == monitor.EventEOF {
			continue // caught up: the pipeline brings the live verdict to the judgement
		}
		w.told.restarted(e.Kind)
		evs = append(evs, w.Flush()...)
		evs = append(evs, WatchEvent{Event: sourceEvent(e.Kind), Time: e.Time, File: w.file, Message: e.Message})
	}
	ds := u.Detections
	for i, r := range b.Records {
		w.count++
		w.total++
		w.lastStep = monitor.StepOf(r)
		if len(ds) > 0 && ds[0].Record == i {
			evs = append(evs, w.Flush()...)
		}
		n := 0
		for n < len(ds) && ds[n].Record == i {
			n++
		}
		evs = append(evs, w.tellAll(ds[:n])...)
		ds = ds[n:]
	}
	evs = append(evs, w.late(ds)...)
	return append(evs, w.Tick()...)
}

// late returns the events of detections raised after the records so far
// (at the end of input): a records event first, for what is not reported.
func (w *watcher) late(ds []monitor.Detection) []WatchEvent {
	if len(ds) == 0 {
		return nil
	}
	return append(w.Flush(), w.tellAll(ds)...)
}

// tellAll converts detections, leaving out those already announced.
func (w *watcher) tellAll(ds []monitor.Detection) []WatchEvent {
	var evs []WatchEvent
	for _, d := range ds {
		if e, ok := w.detected(d.Metric, d.Step, d.Event); ok {
			evs = append(evs, e)
		}
	}
	return evs
}

// detected converts one detector event raised by the point at step; ok is
// false for a finding already announced (and for its clearing).
func (w *watcher) detected(metric string, step detect.Step, d detect.Event) (e WatchEvent, ok bool) {
	e = WatchEvent{Event: detectorEvent(d.Kind), Time: w.now(), File: w.file, Metric: metric}
	if d.Finding != nil {
		f := NewFinding(*d.Finding)
		if f.Metric == "" {
			f.Metric = metric
		}
		key := string(f.Kind) + "\x00" + f.Metric
		if _, inForce := w.raised[key]; !w.told.news(d.Kind, f, inForce) {
			return e, false
		}
		switch d.Kind {
		case detect.EventFinding:
			w.raised[key] = f
		case detect.EventCleared:
			// A cleared finding says what it was when raised, and the step
			// of the point that cleared it.
			if was, ok := w.raised[key]; ok && f.Severity == "" {
				f = was
			}
			delete(w.raised, key)
			f.Step = step
		}
		e.Finding = &f
	}
	if d.Convergence != nil {
		c := *d.Convergence
		e.Convergence = &c
	}
	if e.Finding == nil && e.Convergence == nil {
		e.Message = fmt.Sprintf("%s on %s at step %v", d.Kind, metric, w.lastStep)
	}
	return e, true
}

// Tick returns a records event if records are waiting to be reported and
// the interval has passed since the last one.
func (w *watcher) Tick() []WatchEvent {
	if w.count == 0 || w.now().Sub(w.lastSent) < w.every {
		return nil
	}
	return w.Flush()
}

// Flush returns a records event for the records not yet reported, if any.
func (w *watcher) Flush() []WatchEvent {
	if w.count == 0 {
		return nil
	}
	now := w.now()
	e := WatchEvent{Event: EventRecords, Time: now, File: w.file, Count: w.count, Total: w.total, LastStep: w.lastStep}
	w.count, w.lastSent = 0, now
	return []WatchEvent{e}
}
