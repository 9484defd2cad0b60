package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// watchLines parses the JSON lines of watch --json, checking the fields
// every line must have.
func watchLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON object: %q (%v)", line, err)
		}
		if _, ok := m["event"].(string); !ok {
			t.Fatalf("no event in %q", line)
		}
		if ts, _ := m["time"].(string); ts == "" {
			t.Fatalf("no time in %q", line)
		} else if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
			t.Fatalf("time of %q: %v", line, err)
		}
		evs = append(evs, m)
	}
	return evs
}

func TestWatchReplaysStandardInputAndExitsAtItsEnd(t *testing.T) {
	path := demoLog(t, t.TempDir(), "lr-too-high", 1)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	chk := losswatch(t, nil, "check", "--json", path)
	var rep struct {
		Records  float64
		Findings []any
	}
	if err := json.Unmarshal([]byte(chk.stdout), &rep); err != nil {
		t.Fatalf("check --json: %v", err)
	}
	r := losswatch(t, data, "watch", "--json", "-")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("watch --json - < log: exit %d, stderr %q", r.code, r.stderr)
	}
	total, findings := 0.0, 0
	for _, e := range watchLines(t, r.stdout) {
		switch e["event"] {
		case "records":
			total = e["total"].(float64)
		case "finding":
			findings++
			if _, ok := e["since_step"]; !ok {
				t.Errorf("finding without since_step: %v", e)
			}
		}
	}
	if total != rep.Records {
		t.Errorf("watch ingested %v records, check read %v", total, rep.Records)
	}
	if len(rep.Findings) > 0 && findings == 0 {
		t.Errorf("check found %d findings at the end, watch raised none on the way", len(rep.Findings))
	}
}

func TestWatchExecRunsForEachWarningOrCritical(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(demoLog(t, dir, "lr-too-high", 2))
	if err != nil {
		t.Fatal(err)
	}
	alerts := filepath.Join(dir, "alerts")
	r := losswatch(t, data, "watch", "--json", "--exec", `echo "$LOSSWATCH_SEVERITY $LOSSWATCH_KIND" >> "`+alerts+`"`, "-")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var want []string
	for _, e := range watchLines(t, r.stdout) {
		conf, _ := e["confidence"].(float64)
		if sev := e["severity"]; e["event"] == "finding" && (sev == "warning" || sev == "critical") && conf >= 0.5 {
			want = append(want, sev.(string)+" "+e["kind"].(string))
		}
	}
	if len(want) == 0 {
		t.Fatalf("no warning or critical finding on an lr-too-high run:\n%s", r.stdout)
	}
	raw, _ := os.ReadFile(alerts)
	if got := strings.TrimSpace(string(raw)); got != strings.Join(want, "\n") {
		t.Fatalf("--exec ran for\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestWatchEndsCleanlyOnSIGTERM(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.log")
	if err := os.WriteFile(path, []byte("{\"step\": 1, \"loss\": 2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "watch", "--json", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Once the first record is reported, watch is following the file.
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, `"records"`) {
		cmd.Process.Kill()
		t.Fatalf("first line %q (%v), want a records event", line, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	// Cleaned up, watch ends by the signal itself: a shell sees 143.
	if sig, err := endedBy(cmd.Wait()); err != nil || sig != syscall.SIGTERM {
		t.Fatalf("watch after SIGTERM: ended by %v (%v), want SIGTERM", sig, err)
	}
}

func TestWatchUsageErrorsAreOneLine(t *testing.T) {
	for _, args := range [][]string{{"watch"}, {"watch", "a", "b"}, {"watch", "--poll=soon", "a"}, {"watch", "--format", "nope", "a"}} {
		r := losswatch(t, nil, args...)
		if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "losswatch: ") {
			t.Errorf("losswatch %v: exit %d, stderr %q; want 2 and one line", args, r.code, r.stderr)
		}
	}
}

// TestWatchSuggestsTheLogsFramework: watch reads the framework from the
// log's format as check and the UI do (it used to give PyTorch snippets for
// a Keras CSVLogger file read from standard input).
func TestWatchSuggestsTheLogsFramework(t *testing.T) {
	var b strings.Builder
	b.WriteString("epoch,loss,val_loss\n")
	v := 2.0
	for e := 0; e < 120; e++ {
		if e > 40 {
			v *= 1.3
		} else {
			v *= 0.97
		}
		fmt.Fprintf(&b, "%d,%g,%g\n", e, v, v*1.1)
	}
	r := losswatch(t, []byte(b.String()), "watch", "--json", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	keras, torch := 0, 0
	for _, e := range watchLines(t, r.stdout) {
		rem, _ := e["remedies"].([]any)
		for _, x := range rem {
			s, _ := x.(map[string]any)["snippet"].(string)
			keras += strings.Count(s, "keras") + strings.Count(s, "model.optimizer")
			torch += strings.Count(s, "torch") + strings.Count(s, "param_groups")
		}
	}
	if keras == 0 || torch > 0 {
		t.Errorf("snippets for a Keras log: %d Keras, %d PyTorch\n%s", keras, torch, r.stdout)
	}
}
