package monitor

import (
	"fmt"
	"github.com/losswatch/losswatch/monitor/decode"
	"strings"
	"testing"
)

// A log that names a new metric on every line delivers its first
// MaxMetricNames names; the points of the others are dropped and counted,
// a line left with none is skipped as "too many metrics", and one error
// event says so.
func TestSourceCapsTheMetricNamesOfALog(t *testing.T) {
	const n = MaxMetricNames + 3000
	var log strings.Builder
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&log, "{\"step\": %d, \"loss\": 1, \"m%d\": 2}\n", i, i)
		} else {
			fmt.Fprintf(&log, "{\"step\": %d, \"x%d\": 2}\n", i, i)
		}
	}
	names, points, errors := map[string]bool{}, 0, 0
	var st decode.Stats
	out := make(chan Batch, 64)
	go func() { Open("-", WithStdin(strings.NewReader(log.String()))).Run(t.Context(), out); close(out) }()
	for b := range out {
		for _, r := range b.Records {
			for _, m := range r.Metrics {
				names[m.Name] = true
				points++
			}
		}
		for _, e := range b.Events {
			if e.Kind == EventError {
				errors++
				if !strings.Contains(e.Message, fmt.Sprint(MaxMetricNames)) {
					t.Errorf("the error event %q does not say what the cap is", e.Message)
				}
			}
		}
		st = b.Stats
	}
	if len(names) != MaxMetricNames {
		t.Errorf("%d metric names delivered, want the cap, %d", len(names), MaxMetricNames)
	}
	if want := int64(n + n/2 - points); st.DroppedPoints != want {
		t.Errorf("%d points dropped, want %d", st.DroppedPoints, want)
	}
	if st.SkipReasons["too many metrics"] == 0 || st.Lines != st.Records+st.Skipped || st.Lines != n {
		t.Errorf("lines %d, records %d, skipped %d %v: want %d lines, some skipped as too many metrics, and lines = records + skipped",
			st.Lines, st.Records, st.Skipped, st.SkipReasons, n)
	}
	if errors != 1 {
		t.Errorf("%d error events, want one", errors)
	}
}
