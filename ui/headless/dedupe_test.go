package headless

import (
	"fmt"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor"
)

// A log read again from its start (rewritten whole with other bytes, or
// replaced by the same run's log) makes the detector raise its findings
// again with the same onsets: watch and --exec hear of each once, and of
// no clearing they did not hear raised.
func TestWatcherAnnouncesAFindingOnce(t *testing.T) {
	recs := run(3000)
	clock := &frozen{time.Unix(0, 0)}
	w, p := newWatcher("run.log", withClock(clock.now)), monitor.NewPipeline(nil)
	var evs []WatchEvent
	for i := range 4 {
		b := monitor.Batch{Records: recs, Path: "run.log"}
		if i > 0 {
			b.Events = []monitor.Event{{Kind: monitor.EventTruncated, Message: "run.log was rewritten"}}
			p = monitor.NewPipeline(nil) // read again from its start: the detector starts afresh
		}
		evs = append(evs, w.Update(p.Ingest(b))...)
	}
	raised, inForce := map[string]int{}, map[string]bool{}
	for _, e := range evs {
		if e.Finding == nil {
			continue
		}
		slot := string(e.Finding.Kind) + " on " + e.Finding.Metric
		switch e.Event {
		case EventFinding:
			key := fmt.Sprintf("%s since %v", slot, e.Finding.SinceStep)
			if raised[key]++; raised[key] > 1 {
				t.Errorf("%s announced %d times", key, raised[key])
			}
			inForce[slot] = true
		case EventCleared:
			if !inForce[slot] {
				t.Errorf("%s cleared, but not announced as in force", slot)
			}
			inForce[slot] = false
		}
	}
	if len(raised) == 0 {
		t.Fatal("no finding on a run that diverges to NaN")
	}
}
