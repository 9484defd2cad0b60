package report

import (
	"context"
	"errors"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// RunWatch follows src through the detector and writes a line for each thing
// that happens, until the source ends (standard input at its end) or ctx is
// done, which is a clean end: it then returns nil. alert, when not nil, is
// given every new warning or critical finding and is closed at the end.
// The error is the source's when it cannot read at all.
func RunWatch(ctx context.Context, src *monitor.Source, tr *detect.Tracker, out *WatchWriter, alert *Alerter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // a write that fails ends the source too
	batches := make(chan monitor.Batch, 4)
	errc := make(chan error, 1)
	go func() { errc <- src.Run(ctx, batches); close(batches) }()
	w := NewWatcher(src.Path(), tr)
	tick := time.NewTicker(DefaultRecordsEvery)
	defer tick.Stop()
	var alertErrs <-chan WatchEvent
	if alert != nil {
		alertErrs = alert.Errors()
	}
	write := func(evs []WatchEvent) error {
		for _, e := range evs {
			if err := out.Write(e); err != nil {
				return err
			}
			if alert != nil && Wants(e) {
				if d := alert.Alert(e); d != nil {
					if err := out.Write(*d); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	for running := true; running; {
		select {
		case b, ok := <-batches:
			if !ok {
				running = false
				break
			}
			if err := write(w.Batch(b)); err != nil {
				return err
			}
		case <-tick.C:
			if err := write(w.Tick()); err != nil {
				return err
			}
		case e := <-alertErrs:
			if err := out.Write(e); err != nil {
				return err
			}
		}
	}
	err := <-errc
	if err == nil { // the input ended by itself: the live verdict becomes the judgement
		if werr := write(w.Finish()); werr != nil {
			return werr
		}
	}
	if werr := write(w.Flush()); werr != nil {
		return werr
	}
	if alert != nil {
		alert.Close()
		for e := range alert.Errors() {
			if werr := out.Write(e); werr != nil {
				return werr
			}
		}
	}
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
