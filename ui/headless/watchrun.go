package headless

import (
	"context"
	"errors"
	"time"

	"github.com/losswatch/losswatch/monitor"
)

// RunWatch follows the pipeline's log and writes a line for each thing that
// happens, until the source ends (standard input at its end) or ctx is
// done, which is a clean end: it then returns nil. alert, when not nil, is
// given every new warning or critical finding and is closed at the end;
// RunWatch returns once its commands are done, or ended when it failed.
// The error is the source's when it cannot read at all.
func RunWatch(ctx context.Context, p *monitor.Pipeline, out *WatchWriter, alert *Alerter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()                                                      // a write that fails ends the source too
	ws := watchSession{w: newWatcher(p.Path()), out: out, alert: alert} // p is Run's from here on
	updates, errc := monitor.Start(ctx, p.Run, 4)
	// The records not yet reported go out when the interval since the
	// last records event ends: a timer armed for then, only while some
	// wait (an idle watch does not wake up).
	due := time.NewTimer(time.Hour)
	due.Stop()
	defer due.Stop()
	alertErrs := alerterErrors(alert)
	if alert != nil {
		defer alert.Stop() // on every way out: no --exec command outlives watch
	}
	for {
		var err error
		select {
		case u, ok := <-updates:
			if !ok {
				return ws.end(<-errc)
			}
			err = ws.write(ws.w.Update(u))
			ws.arm(due)
		case <-due.C:
			err = ws.write(ws.w.Tick())
			ws.arm(due)
		case e := <-alertErrs:
			err = out.Write(e)
		}
		if err != nil {
			return err
		}
	}
}

// alerterErrors is the channel of the alerter's error events, nil (never
// ready in a select) without an alerter.
func alerterErrors(alert *Alerter) <-chan WatchEvent {
	if alert == nil {
		return nil
	}
	return alert.Errors()
}

// watchSession writes a watch's events and hands the alerter its findings.
type watchSession struct {
	w     *watcher
	out   *WatchWriter
	alert *Alerter
}

// arm sets due to fire when the records waiting may be reported.
func (ws *watchSession) arm(due *time.Timer) {
	if ws.w.count == 0 {
		return
	}
	due.Reset(max(ws.w.lastSent.Add(ws.w.every).Sub(ws.w.now()), 0))
}

// write writes evs, and an error event for each alert that was dropped.
func (ws *watchSession) write(evs []WatchEvent) error {
	for _, e := range evs {
		if err := ws.out.Write(e); err != nil {
			return err
		}
		if ws.alert == nil || !ws.alert.Wants(e) {
			continue
		}
		if d := ws.alert.Alert(e); d != nil {
			if err := ws.out.Write(*d); err != nil {
				return err
			}
		}
	}
	return nil
}

// end writes the records not yet reported and the alerter's last errors
// once the pipeline ended with err, which it returns unless it is a clean
// end (a cancelled ctx).
func (ws *watchSession) end(err error) error {
	if werr := ws.write(ws.w.Flush()); werr != nil {
		return werr
	}
	if ws.alert != nil {
		ws.alert.Close()
		for e := range ws.alert.Errors() {
			if werr := ws.out.Write(e); werr != nil {
				return werr
			}
		}
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
