package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sweepDir makes a folder of two demo runs in subfolders, healthy and
// diverging, and returns it.
func sweepDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sc := range []string{"healthy", "lr-too-high"} {
		sub := filepath.Join(dir, sc)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(demoLog(t, dir, sc, 1), filepath.Join(sub, "metrics.jsonl")); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// check --json DIR on several runs: the runs form, exit status the worst
// run's; on one of its logs: the single object as ever.
func TestCheckDirOfRunsReportsEachRun(t *testing.T) {
	dir := sweepDir(t)
	r := losswatch(t, nil, "check", "--json", dir)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (one run diverges); stderr %q", r.code, r.stderr)
	}
	var rep struct {
		Runs    []map[string]any
		Summary struct {
			Runs     int
			Verdicts map[string]int
			Worst    string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(rep.Runs) != 2 || rep.Runs[0]["run"] != "healthy" || rep.Runs[1]["run"] != "lr-too-high" {
		t.Fatalf("runs %v", rep.Runs)
	}
	if rep.Runs[1]["verdict"] != "diverging" || rep.Summary.Worst != "diverging" || rep.Summary.Runs != 2 {
		t.Errorf("lr-too-high %v, summary %+v", rep.Runs[1]["verdict"], rep.Summary)
	}
	single := losswatch(t, nil, "check", "--json", filepath.Join(dir, "healthy", "metrics.jsonl"))
	var one map[string]any
	if err := json.Unmarshal([]byte(single.stdout), &one); err != nil || one["verdict"] == nil || one["runs"] != nil {
		t.Errorf("check FILE is not the single object (%v):\n%s", err, single.stdout)
	}
	text := losswatch(t, nil, "check", dir)
	if lines := strings.Split(strings.TrimSpace(text.stdout), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[3], "2 runs") {
		t.Errorf("check DIR text:\n%s", text.stdout)
	}
}

// A folder holding one run's log itself is checked as before: the single
// object, naming the folder.
func TestCheckDirOfOneRunKeepsTheSingleObject(t *testing.T) {
	dir := t.TempDir()
	demoLog(t, dir, "healthy", 1)
	r := losswatch(t, nil, "check", "--json", dir)
	var one map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &one); err != nil || one["file"] != dir || one["runs"] != nil {
		t.Errorf("exit %d (%v):\n%s", r.code, err, r.stdout)
	}
}

// watch DIR: events carry their run, and --exec gets LOSSWATCH_RUN.
func TestWatchDirExecGetsTheRun(t *testing.T) {
	dir := sweepDir(t)
	alerts := filepath.Join(t.TempDir(), "alerts")
	cmd := exec.Command(binary, "watch", "--json", "--exec", `echo "$LOSSWATCH_RUN $LOSSWATCH_KIND" >> "`+alerts+`"`, dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var e map[string]any
		if err := json.Unmarshal(lines.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e["run"] != "healthy" && e["run"] != "lr-too-high" {
			t.Errorf("event of run %v: %s", e["run"], lines.Text())
		}
		if e["event"] == "finding" && e["kind"] == "diverging" && e["run"] == "lr-too-high" {
			break
		}
	}
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if raw, _ := os.ReadFile(alerts); strings.Contains(string(raw), "lr-too-high diverging") {
			cmd.Process.Signal(syscall.SIGTERM)
			go func() {
				for lines.Scan() {
				}
			}()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("watch after SIGTERM: %v", err)
			}
			return
		}
	}
	raw, _ := os.ReadFile(alerts)
	t.Fatalf("--exec never ran for lr-too-high's divergence with its run; it ran for:\n%s", raw)
}
