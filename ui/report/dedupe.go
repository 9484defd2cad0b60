package report

import (
	"github.com/losswatch/losswatch/detect"
)

// findingKey names one finding as a user knows it: its kind, its metric and
// the step it began at. A log read again (rewritten whole, replaced by a
// file with the same run) makes the detector raise the same finding again;
// the user is told once.
type findingKey struct {
	kind, metric string
	since        Num
}

// announcements remembers the findings a Watcher has announced, so that a
// finding is never announced twice and the clearing of one that was not
// announced is not reported either.
type announcements struct {
	seen map[findingKey]bool
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
	slot := f.Kind + "\x00" + f.Metric
	switch d {
	case detect.EventFinding:
		k := findingKey{f.Kind, f.Metric, f.SinceStep}
		if a.seen[k] {
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
