package headless_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
)

func TestCheckJSONKeepsStepsBeyond2To53Exact(t *testing.T) {
	var log strings.Builder
	log.WriteString(`{"step": 5, "acc": 0.1}` + "\n") // acc starts at an ordinary step
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&log, `{"step": %d, "loss": %g, "acc": 0.5}`+"\n", int64(1<<53)+int64(i), 2.0/float64(i))
	}
	path := filepath.Join(t.TempDir(), "big.jsonl")
	if err := os.WriteFile(path, []byte(log.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), "big.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Metrics map[string]map[string]json.Number `json:"metrics"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	loss, acc := out.Metrics["loss"], out.Metrics["acc"]
	if loss["first_step"] != "9007199254740993" || loss["last_step"] != "9007199254741032" || loss["min_step"] != "9007199254741032" {
		t.Errorf("loss steps first %s, last %s, min %s; want 9007199254740993, 9007199254741032, 9007199254741032",
			loss["first_step"], loss["last_step"], loss["min_step"])
	}
	if acc["first_step"] != "5" || acc["last_step"] != "9007199254741032" || acc["min_step"] != "5" {
		t.Errorf("acc steps first %s, last %s, min %s; want 5, 9007199254741032, 5", acc["first_step"], acc["last_step"], acc["min_step"])
	}
	if loss["points"] != "40" || loss["restarts"] != "0" {
		t.Errorf("other fields lost: %v", loss)
	}
}
