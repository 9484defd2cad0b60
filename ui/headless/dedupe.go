package headless

import (
	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// findingKey names one finding as a user knows it: its kind, its metric and
// the step it began at. A log read again (rewritten whole, replaced by a
// file with the same run) makes the detector raise the same finding again;
// the user is told once.
type findingKey struct {
	kind   detect.Kind
	metric string
	since  detect.Step
}

// announcements remembers the findings a Watcher has announced, so that a
// log read again from its start never announces a finding twice, nor the
// clearing of one it did not announce. Within one reading the detector's
// events pass as they are (its hysteresis decides what is news), so watch
// ends where the UI does.
type announcements struct {
	// rereading is set once the source says the log is read again from
	// its start (truncated, rotated, recreated).
	rereading bool
	seen      map[findingKey]bool
	// silenced holds the kind and metric of findings raised again and not
	// announced: their clearing is not news either.
	silenced map[string]bool
}

func newAnnouncements() announcements {
	return announcements{seen: map[findingKey]bool{}, silenced: map[string]bool{}}
}

// news reports whether the event of finding f (kind d) is to be told.
// inForce says a finding of its kind and metric was announced and not
// cleared: raised again, it is dropped, and its clearing still told.
func (a *announcements) news(d detect.EventKind, f Finding, inForce bool) bool {
	slot := string(f.Kind) + "\x00" + f.Metric
	switch d {
	case detect.EventFinding:
		k := findingKey{f.Kind, f.Metric, f.SinceStep}
		if a.seen[k] && a.rereading {
			if !inForce {
				a.silenced[slot] = true
			}
			return false
		}
		a.seen[k] = true
		delete(a.silenced, slot)
	case detect.EventCleared:
		if a.silenced[slot] {
			delete(a.silenced, slot)
			return false
		}
	}
	return true
}

// restarted notes that the source is read again from its start.
func (a *announcements) restarted(k monitor.EventKind) {
	switch k {
	case monitor.EventTruncated, monitor.EventRotated, monitor.EventRecreated:
		a.rereading = true
	}
}
