package decode

// reason is why a line was skipped. The names are what Stats.SkipReasons
// and check --json report.
type reason uint8

const (
	reasonNone       reason = iota
	reasonBlank             // empty or only white space
	reasonNoMetric          // text without a number we could name
	reasonMalformed         // looked like the format but did not parse
	reasonTooLong           // longer than maxLineBytes
	reasonBinary            // NUL bytes: not text
	reasonHeader            // a CSV header or an "Epoch 3/10" line
	reasonProgress          // a progress bar that is not an epoch's last word
	reasonSummary           // an end-of-run average, not a point of the curve
	reasonIncomplete        // a partial line dropped because the log restarted
	reasonNoStep            // named numbers with nothing to place them on the curve
	reasonConfig            // a dump of settings (a nested dict, a Namespace), not a point
	reasonDetail            // per-batch detail of a layer (Darknet's "Region 82 Avg IOU: ..."), not a point
	numReasons
)

var reasonNames = [numReasons]string{
	reasonNone:       "",
	reasonBlank:      "blank",
	reasonNoMetric:   "no metric",
	reasonMalformed:  "malformed",
	reasonTooLong:    "too long",
	reasonBinary:     "binary",
	reasonHeader:     "header",
	reasonProgress:   "progress",
	reasonSummary:    "summary",
	reasonIncomplete: "incomplete",
	reasonNoStep:     "no step",
	reasonConfig:     "config",
	reasonDetail:     "detail",
}

func (r reason) String() string { return reasonNames[r] }

// skipCounts counts skipped lines by reason without touching a map, so that
// parallel workers can count on their own and merge afterwards.
type skipCounts [numReasons]int64

func (c *skipCounts) addTo(st *Stats) {
	for r, n := range c {
		if n == 0 || reason(r) == reasonNone {
			continue
		}
		st.Skipped += n
		st.Lines += n
		st.SkipReasons[reasonNames[r]] += n
	}
	*c = skipCounts{}
}
