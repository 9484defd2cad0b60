package monitor

import (
	"context"
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
