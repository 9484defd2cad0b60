package headless_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestCheckSaysRestartedOnceAndLeavesTheEpochOut: a log resumed once from
// a checkpoint, with an epoch field: "restarted 1 time", and the epoch (an
// x axis) is not listed as a metric.
func TestCheckSaysRestartedOnceAndLeavesTheEpochOut(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 80; i++ {
		fmt.Fprintf(&b, `{"step": %d, "epoch": %g, "loss": %.4f}`+"\n", i, float64(i)/40, 2/float64(i))
	}
	for i := 50; i <= 120; i++ {
		fmt.Fprintf(&b, `{"step": %d, "epoch": %g, "loss": %.4f}`+"\n", i, float64(i)/40, 3/float64(i))
	}
	c := checkLog(t, "resumed.jsonl", b.String())
	if _, ok := c.Metrics["epoch"]; ok || len(c.Metrics) != 1 {
		t.Errorf("metrics %v, want loss alone", c.Metrics)
	}
	var out bytes.Buffer
	if err := c.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "restarted 1 time (") {
		t.Errorf("report:\n%s", out.String())
	}
}
