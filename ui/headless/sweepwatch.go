package headless

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// RunSweepWatch follows every run of the sweep (and runs that appear) and
// writes a line for each thing that happens, as RunWatch does for one log,
// each event carrying its run's name: a run-found event when a run is seen
// first, then its own events. It ends when ctx is done (a clean end: nil)
// or every run ended; the error is the sweep's own (the directory cannot be
// listed). alert, when not nil, gets every new finding of every run (with
// LOSSWATCH_RUN) and is closed at the end.
func RunSweepWatch(ctx context.Context, s *monitor.Sweep, out *WatchWriter, alert *Alerter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sw := &sweepWatch{session: watchSession{out: out, alert: alert}, runs: map[string]*watcher{}, ended: map[string]bool{}}
	if runs, err := monitor.FindRuns(s.Dir()); err == nil && len(runs) == 0 {
		e := WatchEvent{Event: sourceEvent(monitor.EventWaiting), Time: time.Now(), File: s.Dir(),
			Message: fmt.Sprintf("waiting for a training run to appear in %s", decode.Sanitize(s.Dir()))}
		if err := out.Write(e); err != nil {
			return err
		}
	}
	updates, errc := monitor.Start(ctx, s.Run, 16)
	tick := time.NewTicker(defaultRecordsEvery)
	defer tick.Stop()
	alertErrs := alerterErrors(alert)
	if alert != nil {
		defer alert.Stop() // on every way out: no --exec command outlives watch
	}
	for {
		var err error
		select {
		case u, ok := <-updates:
			if !ok {
				return sw.end(<-errc)
			}
			err = sw.update(u)
		case <-tick.C:
			err = sw.tick()
		case e := <-alertErrs:
			err = out.Write(e)
		}
		if err != nil {
			return err
		}
	}
}

// sweepWatch is a watch's state for a directory of runs: a watcher per run.
type sweepWatch struct {
	session watchSession
	runs    map[string]*watcher
	// ended holds the runs whose End came, which send nothing more.
	ended map[string]bool
}

// update writes the events of one run's update.
func (sw *sweepWatch) update(u monitor.RunUpdate) error {
	w := sw.runs[u.Run]
	if w == nil {
		if sw.ended[u.Run] {
			return nil
		}
		path := ""
		if u.Batch != nil {
			path = u.Batch.Path
		}
		w = newWatcher(path)
		sw.runs[u.Run] = w
		found := WatchEvent{Event: EventRunFound, Time: time.Now(), Run: decode.SanitizeName(u.Run), File: decode.SanitizeName(path),
			Message: fmt.Sprintf("run %s found", decode.Sanitize(u.Run))}
		if err := sw.session.write([]WatchEvent{found}); err != nil {
			return err
		}
	}
	if e := u.End; e != nil {
		return sw.runEnded(u.Run, w, e)
	}
	return sw.session.write(tagRun(w.Update(u.Update), u.Run))
}

// runEnded writes what is left of a run that ended, and why it did.
func (sw *sweepWatch) runEnded(run string, w *watcher, e *monitor.RunEnd) error {
	delete(sw.runs, run)
	sw.ended[run] = true
	evs := tagRun(w.Flush(), run)
	if errors.Is(e.Err, context.Canceled) {
		return sw.session.write(evs) // the watch is ending: nothing ended on its own
	}
	msg := fmt.Sprintf("run %s read to its end", decode.Sanitize(run))
	if e.Err != nil {
		evs = append(evs, WatchEvent{Event: EventError, Time: time.Now(), Run: decode.SanitizeName(run), File: w.file, Message: decode.Sanitize(e.Err.Error())})
		msg = fmt.Sprintf("run %s no longer read", decode.Sanitize(run))
	}
	evs = append(evs, WatchEvent{Event: EventRunEnded, Time: time.Now(), Run: decode.SanitizeName(run), File: w.file, Message: msg})
	return sw.session.write(evs)
}

// tick writes the records events due, runs in the order of their names.
func (sw *sweepWatch) tick() error {
	names := make([]string, 0, len(sw.runs))
	for name := range sw.runs {
		names = append(names, name)
	}
	slices.SortFunc(names, monitor.CompareRunNames)
	for _, name := range names {
		if err := sw.session.write(tagRun(sw.runs[name].Tick(), name)); err != nil {
			return err
		}
	}
	return nil
}

// end flushes every run and the alerter once the sweep ended with err.
func (sw *sweepWatch) end(err error) error {
	for name, w := range sw.runs {
		if werr := sw.session.write(tagRun(w.Flush(), name)); werr != nil {
			return werr
		}
	}
	sw.session.w = newWatcher("") // nothing left: end flushes the alerter only
	return sw.session.end(err)
}

// tagRun names the run of events (as decode.SanitizeName shows it: the name
// comes from a folder's listing).
func tagRun(evs []WatchEvent, run string) []WatchEvent {
	run = decode.SanitizeName(run)
	for i := range evs {
		evs[i].Run = run
	}
	return evs
}
