package headless_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
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

// TestCheckSaysWhichStretchTheVerdictIsAbout: a log that restarts and logs
// only a few points after it is judged on the stretch before (the detector
// keeps that judgement); the report says so instead of claiming the latest
// stretch was judged, and names the log's x unit (epochs) throughout.
func TestCheckSaysWhichStretchTheVerdictIsAbout(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 80; i++ {
		fmt.Fprintf(&b, "{'loss': %.4f, 'learning_rate': 1e-05, 'epoch': %.2f}\n", 0.05+2/float64(i), float64(i)/20)
	}
	for i := 1; i <= 4; i++ {
		fmt.Fprintf(&b, "{'loss': %.4f, 'learning_rate': 1e-05, 'epoch': %.2f}\n", 0.3/float64(i), float64(i)/2)
	}
	path := filepath.Join(t.TempDir(), "train_log.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := c.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Contains(text, "judged on the latest stretch") || !strings.Contains(text, "(4 points from epoch 0.5) is too short to judge") {
		t.Errorf("the report claims the latest 4 points were judged:\n%s", text)
	}
	if strings.Contains(text, "since step") && !strings.Contains(text, "since epoch") {
		t.Errorf("the findings count steps in a log counted in epochs:\n%s", text)
	}
}
