package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// WatchEvent is one line of `losswatch watch`. Which fields it carries
// depends on Event: records (Count, Total, LastStep), finding and cleared
// (Finding), converged (Metric, Convergence), the rest (Message). Its JSON
// field names are a contract: extend, don't rename.
type WatchEvent struct {
	Event string
	Time  time.Time
	File  string
	// Count records since the previous records event; Total in all;
	// LastStep is the step of the last of them.
	Count, Total int64
	LastStep     float64
	Finding      *Finding
	Metric       string
	Convergence  *detect.Convergence
	Message      string
}

type watchHead struct {
	Event string `json:"event"`
	Time  string `json:"time"`
	File  string `json:"file,omitempty"`
}

// MarshalJSON encodes e as the flat object a watch --json line is.
func (e WatchEvent) MarshalJSON() ([]byte, error) {
	head := watchHead{Event: e.Event, Time: e.Time.Format(time.RFC3339Nano), File: e.File}
	switch {
	case e.Event == "records":
		return json.Marshal(struct {
			watchHead
			Count    int64 `json:"count"`
			Total    int64 `json:"total"`
			LastStep Num   `json:"last_step"`
		}{head, e.Count, e.Total, Num(e.LastStep)})
	case e.Finding != nil:
		return json.Marshal(struct {
			watchHead
			Finding
		}{head, *e.Finding})
	case e.Convergence != nil:
		c := e.Convergence
		return json.Marshal(struct {
			watchHead
			Metric  string `json:"metric"`
			Step    Num    `json:"step"`
			AtStep  Num    `json:"at_step"`
			Level   Num    `json:"level"`
			BandRel Num    `json:"band_rel"`
		}{head, e.Metric, Num(c.Step), Num(c.AtStep), Num(c.Level), Num(c.BandRel)})
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
	switch {
	case e.Event == "records":
		fmt.Fprintf(&b, "+%d records (%d in all), last step %s", e.Count, e.Total, stepText(e.LastStep))
	case e.Finding != nil:
		f := e.Finding
		fmt.Fprintf(&b, "%s %s on %s at step %s (since step %s): %s", f.Severity, f.Kind, f.Metric,
			stepText(float64(f.Step)), stepText(float64(f.SinceStep)), f.Message)
	case e.Convergence != nil:
		fmt.Fprintf(&b, "%s converged at step %s (clear at step %s)", e.Metric, stepText(e.Convergence.Step), stepText(e.Convergence.AtStep))
	default:
		b.WriteString(e.Message)
	}
	return monitor.Sanitize(b.String())
}

func stepText(s float64) string { return fmt.Sprint(s) }

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

// DefaultRecordsEvery is how often, at most, watch reports the records it
// ingested.
const DefaultRecordsEvery = 500 * time.Millisecond

// Watcher turns what a source delivers into watch events, feeding every
// point to the detector in the order of the log, so that the events come in
// the order the points were processed — also when a whole file arrives at
// once.
type Watcher struct {
	tracker  *detect.Tracker
	every    time.Duration
	now      func() time.Time
	file     string
	count    int64
	total    int64
	lastStep float64
	lastSent time.Time
	// raised holds the findings in force by kind and metric, so that a
	// cleared event can say what was cleared and since when.
	raised   map[string]Finding
	caughtUp bool // the history of the log has been read
}

// WatcherOption configures a Watcher.
type WatcherOption func(*Watcher)

// WithRecordsEvery sets the shortest time between two records events.
func WithRecordsEvery(d time.Duration) WatcherOption { return func(w *Watcher) { w.every = d } }

// WithClock sets the clock that stamps events (tests).
func WithClock(now func() time.Time) WatcherOption { return func(w *Watcher) { w.now = now } }

// NewWatcher feeds tr; file names the log in events until a batch names it.
func NewWatcher(file string, tr *detect.Tracker, opts ...WatcherOption) *Watcher {
	w := &Watcher{tracker: tr, file: file, every: DefaultRecordsEvery, now: time.Now, raised: map[string]Finding{}}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Batch feeds a batch to the detector and returns the events it caused, in
// order: the source's events (which happened before the batch's records),
// then findings, clearings and convergence as the points raised them, with a
// records event before each and at most one per interval otherwise.
func (w *Watcher) Batch(b monitor.Batch) []WatchEvent {
	var evs []WatchEvent
	if b.Path != "" && b.Path != "-" {
		w.file = b.Path
	}
	for _, e := range b.Events {
		if e.Kind == monitor.EventEOF {
			// caught up: the first time, the history of the log is read,
			// and the live verdict becomes the judgement of it
			if !w.caughtUp {
				w.caughtUp = true
				evs = append(evs, w.Finish()...)
			}
			continue
		}
		evs = append(evs, w.Flush()...)
		evs = append(evs, WatchEvent{Event: string(e.Kind), Time: e.Time, File: w.file, Message: e.Message})
	}
	for _, r := range b.Records {
		w.count++
		w.total++
		w.lastStep = r.Step
		for _, m := range r.Metrics {
			found := w.tracker.Observe(m.Name, r.Step, m.Value)
			if len(found) > 0 {
				evs = append(evs, w.Flush()...)
			}
			for _, d := range found {
				evs = append(evs, w.detected(m.Name, r.Step, d))
			}
		}
	}
	return append(evs, w.Tick()...)
}

// Finish tells the detector that the input has ended and returns the
// events that bring the live verdict to the judgement (see
// detect.Tracker.Finish), after a records event for what is not yet
// reported.
func (w *Watcher) Finish() []WatchEvent {
	found := w.tracker.Finish()
	if len(found) == 0 {
		return nil
	}
	evs := w.Flush()
	primary := w.tracker.LiveState().Primary
	for _, d := range found {
		evs = append(evs, w.detected(primary, w.lastStep, d))
	}
	return evs
}

// detected converts one detector event raised by the point at step.
func (w *Watcher) detected(metric string, step float64, d detect.Event) WatchEvent {
	e := WatchEvent{Event: string(d.Kind), Time: w.now(), File: w.file, Metric: metric}
	if d.Finding != nil {
		f := NewFinding(*d.Finding)
		if f.Metric == "" {
			f.Metric = metric
		}
		key := f.Kind + "\x00" + f.Metric
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
			f.Step = Num(step)
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
	return e
}

// Tick returns a records event if records are waiting to be reported and
// the interval has passed since the last one.
func (w *Watcher) Tick() []WatchEvent {
	if w.count == 0 || w.now().Sub(w.lastSent) < w.every {
		return nil
	}
	return w.Flush()
}

// Flush returns a records event for the records not yet reported, if any.
func (w *Watcher) Flush() []WatchEvent {
	if w.count == 0 {
		return nil
	}
	now := w.now()
	e := WatchEvent{Event: "records", Time: now, File: w.file, Count: w.count, Total: w.total, LastStep: w.lastStep}
	w.count, w.lastSent = 0, now
	return []WatchEvent{e}
}
