package monitor

import (
	"fmt"

	"github.com/losswatch/losswatch/monitor/decode"
)

// MaxMetricNames is how many distinct metric names one source delivers.
// Every name becomes a series in the detector and the UI; a log of
// garbage, or one with a new key on every line, must not make them grow
// without end. Points of further names are dropped and counted
// (decode.Stats.DroppedPoints; a line left with no metric is skipped as "too many
// metrics"), and an error event says so once.
const MaxMetricNames = 2048

// reasonTooManyMetrics is the skip reason of a line whose metrics were all
// past MaxMetricNames.
const reasonTooManyMetrics = "too many metrics"

// nameCap admits the first MaxMetricNames metric names of a source and
// drops the points of any other.
type nameCap struct {
	names map[string]struct{}
	// prev are the names of the last record admitted whole: logs repeat
	// their names in the same order, and an interned name compares equal
	// to itself at once.
	prev []string
	// dropped and lines count the points dropped and the records left
	// without a metric since the counts were last folded into the totals.
	dropped, lines int64
	warned         bool
}

// apply drops from recs the points of names past the cap, and the records
// left without any; it returns what is left, in recs' own array.
func (c *nameCap) apply(recs []decode.Record) []decode.Record {
	n := 0 // records kept, at recs[:n]
	for i := range recs {
		r := &recs[i]
		if c.known(r.Metrics) {
			if n != i { // a record was dropped before: move this one up
				recs[n] = *r
			}
			n++
			continue
		}
		ms := r.Metrics[:0]
		for _, m := range r.Metrics {
			if c.admit(m.Name) {
				ms = append(ms, m)
			} else {
				c.dropped++
			}
		}
		if len(ms) == 0 && len(r.Metrics) > 0 {
			c.lines++
			continue
		}
		r.Metrics = ms
		recs[n] = *r
		n++
		c.prev = c.prev[:0]
		for _, m := range ms {
			c.prev = append(c.prev, m.Name)
		}
	}
	return recs[:n]
}

// known reports whether ms names the same metrics as the last record.
func (c *nameCap) known(ms []decode.Metric) bool {
	if len(ms) != len(c.prev) {
		return false
	}
	for i, m := range ms {
		if m.Name != c.prev[i] {
			return false
		}
	}
	return true
}

// admit reports whether name is one of the first MaxMetricNames.
func (c *nameCap) admit(name string) bool {
	if _, ok := c.names[name]; ok {
		return true
	}
	if len(c.names) >= MaxMetricNames {
		return false
	}
	if c.names == nil {
		c.names = make(map[string]struct{})
	}
	c.names[name] = struct{}{}
	return true
}

// addTo counts what was dropped into the totals st.
func (c *nameCap) addTo(st *decode.Stats) {
	st.DroppedPoints += c.dropped
	st.Records -= c.lines
	st.Skipped += c.lines
	if c.lines > 0 {
		st.SkipReasons[reasonTooManyMetrics] += c.lines
	}
}

// reset forgets the counts once they are in the totals.
func (c *nameCap) reset() { c.dropped, c.lines = 0, 0 }

// warning returns the message to send when points were first dropped.
func (c *nameCap) warning() (string, bool) {
	if c.warned || c.dropped == 0 && c.lines == 0 {
		return "", false
	}
	c.warned = true
	return fmt.Sprintf("more than %d metric names: the points of further names are dropped (counted as dropped points, and lines left without a metric as skipped: %s)",
		MaxMetricNames, reasonTooManyMetrics), true
}
