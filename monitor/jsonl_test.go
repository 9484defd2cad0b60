package monitor

import (
	"math"
	"testing"
)

func TestParseJSONLineReadsStepAndMetrics(t *testing.T) {
	rec, reason := parseJSONLine([]byte(`{"step": 3, "loss": 0.5, "lr": "nan"}`), 7)
	if reason != "" {
		t.Fatalf("skipped: %s", reason)
	}
	if rec.Step != 3 || rec.Line != 7 || len(rec.Metrics) != 2 {
		t.Fatalf("got %+v", rec)
	}
	for _, m := range rec.Metrics {
		if m.Name == "lr" && !math.IsNaN(m.Value) {
			t.Errorf("lr = %v, want NaN", m.Value)
		}
	}
}
