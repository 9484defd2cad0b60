package headless_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
)

// decodeFixture is a file of monitor/decode/testdata.
func decodeFixture(elem ...string) string {
	return filepath.Join(append([]string{"..", "..", "monitor", "decode", "testdata"}, elem...)...)
}

func TestCheckReportsTheHorizonAndTheUnit(t *testing.T) {
	tests := []struct {
		file    string
		horizon string // as JSON
		unit    string
	}{
		{decodeFixture("horizon", "keras.log"), "10", "epoch"},
		{decodeFixture("horizon", "trainer_state.json"), "96", "step"},
		{decodeFixture("horizon", "pix2pix.txt"), "null", "step"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(tt.file)), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := c.WriteJSON(&out); err != nil {
				t.Fatal(err)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if string(got["horizon"]) != tt.horizon || string(got["step_unit"]) != `"`+tt.unit+`"` {
				t.Errorf("horizon %s, step_unit %s; want %s, %q", got["horizon"], got["step_unit"], tt.horizon, tt.unit)
			}
			for name := range c.Metrics {
				if name == "epoch" || name == "time" || name == "iters" || name == "data" || name == "eval_runtime" {
					t.Errorf("%q listed among the metrics: a counter or timing", name)
				}
			}
		})
	}
}

// An HF console log holding two train() calls: the second is shown, and
// check says the first was there.
func TestCheckSaysAnHFConsoleLogRestarted(t *testing.T) {
	path := decodeFixture("formats", "hf-stdout.log")
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := c.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	if m := c.Metrics["loss"]; m.Restarts != 1 || !strings.Contains(out.String(), "restarted") || !strings.Contains(out.String(), "epochs 0.1–0.1") {
		t.Errorf("restarts %d; report:\n%s", m.Restarts, out.String())
	}
}
