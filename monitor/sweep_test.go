package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeLoss writes a JSONL log of n points whose loss falls as 1/step, or
// grows when rising is set.
func writeLoss(t testing.TB, path string, n int, rising bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		v := 2.0 / float64(i)
		if rising {
			v = 0.1 * float64(i)
		}
		fmt.Fprintf(&sb, "{\"step\": %d, \"loss\": %g}\n", i, v)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// collectSweep runs a sweep to its end and returns every run's last update.
func collectSweep(t *testing.T, s *Sweep) map[string]*RunEnd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := make(chan RunUpdate, 4)
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx, out) }()
	ends := map[string]*RunEnd{}
	for u := range out {
		if u.End != nil {
			if ends[u.Run] != nil {
				t.Errorf("run %s ended twice", u.Run)
			}
			ends[u.Run] = u.End
		} else if ends[u.Run] != nil {
			t.Errorf("run %s: update after its end", u.Run)
		}
	}
	if err := <-errc; err != nil {
		t.Fatalf("sweep: %v", err)
	}
	return ends
}

func TestSweepReadsEachRunOnce(t *testing.T) {
	dir := t.TempDir()
	writeLoss(t, filepath.Join(dir, "lr0.1.jsonl"), 200, false)
	writeLoss(t, filepath.Join(dir, "lr1.jsonl"), 150, true)
	ends := collectSweep(t, NewSweep(dir, WithParallel(1)))
	if len(ends) != 2 {
		t.Fatalf("runs ended: %v, want lr0.1.jsonl and lr1.jsonl", ends)
	}
	for name, records := range map[string]int64{"lr0.1.jsonl": 200, "lr1.jsonl": 150} {
		e := ends[name]
		if e == nil || e.Err != nil || e.State == nil {
			t.Fatalf("%s: end %+v", name, e)
		}
		if e.Stats.Records != records {
			t.Errorf("%s: %d records, want %d", name, e.Stats.Records, records)
		}
	}
	if ends["lr1.jsonl"].State.Verdict == ends["lr0.1.jsonl"].State.Verdict {
		t.Errorf("a rising and a falling run judged alike: %s", ends["lr1.jsonl"].State.Verdict)
	}
}

// trainerState writes an HF trainer_state.json whose log_history has n
// entries.
func trainerState(t *testing.T, path string, n int) {
	t.Helper()
	var hist []map[string]float64
	for i := 1; i <= n; i++ {
		hist = append(hist, map[string]float64{"epoch": float64(i) / 10, "loss": 2 / float64(i), "step": float64(10 * i)})
	}
	data, err := json.MarshalIndent(map[string]any{"global_step": 10 * n, "log_history": hist}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// An HF output dir is one run read from its newest checkpoint, beside a
// Lightning version folder and a YOLO exp folder: each its own run with
// its own records.
func TestSweepReadsEachLayoutsRun(t *testing.T) {
	dir := t.TempDir()
	trainerState(t, filepath.Join(dir, "hf-out", "checkpoint-20", "trainer_state.json"), 2)
	trainerState(t, filepath.Join(dir, "hf-out", "checkpoint-40", "trainer_state.json"), 4)
	writeLoss(t, filepath.Join(dir, "lightning_logs", "version_0", "metrics.jsonl"), 30, false)
	if err := os.WriteFile(filepath.Join(dir, "lightning_logs", "version_0", "hparams.yaml"), []byte("lr: 0.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "runs", "train", "exp2"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "runs", "train", "exp2", "results.csv"),
		[]byte("epoch,train/box_loss\n0,0.1\n1,0.08\n2,0.07\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ends := collectSweep(t, NewSweep(dir))
	want := map[string]int64{"hf-out": 4, "lightning_logs/version_0": 30, "runs/train/exp2": 3}
	if len(ends) != len(want) {
		t.Fatalf("runs %v, want %v", ends, want)
	}
	for name, records := range want {
		if e := ends[name]; e == nil || e.Err != nil || e.Stats.Records != records {
			t.Errorf("%s: %+v, want %d records", name, e, records)
		}
	}
	if p := ends["hf-out"].Path; !strings.Contains(p, "checkpoint-40") {
		t.Errorf("the HF run read %s, not the newest checkpoint", p)
	}
}
