//go:build unix

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// findingKeys lists the finding events of watch --json lines as
// "kind metric since", and the warning or critical ones apart.
func findingKeys(evs []map[string]any) (all, alerting []string) {
	for _, e := range evs {
		if e["event"] != "finding" {
			continue
		}
		k := fmt.Sprintf("%v %v %v", e["kind"], e["metric"], e["since_step"])
		all = append(all, k)
		if sev := e["severity"]; sev == "warning" || sev == "critical" {
			alerting = append(alerting, fmt.Sprintf("%v %v", e["kind"], e["since_step"]))
		}
	}
	return all, alerting
}

// The soak: a diverging run's log rewritten whole 30 times as it grows, in
// place (Lightning 1.x's CSVLogger) and by renaming a temporary file over
// it. watch must ingest every record once, announce each finding once —
// the same findings as a replay of the finished log — and run --exec once
// for each warning or critical one.
func TestWatchSoakOfWholeFileRewrites(t *testing.T) {
	dir := t.TempDir()
	full, err := os.ReadFile(demoLog(t, dir, "lr-too-high", 3))
	if err != nil {
		t.Fatal(err)
	}
	replay := watchLines(t, losswatch(t, full, "watch", "--json", "-").stdout)
	wantFindings, wantAlerts := findingKeys(replay)
	wantTotal := replay[len(replay)-1]["total"]
	if len(wantAlerts) == 0 {
		t.Fatal("no warning or critical finding in a replay of an lr-too-high run")
	}
	// 31 growing prefixes of the log, cut at line ends.
	lineEnds := []int{}
	for i, c := range full {
		if c == '\n' {
			lineEnds = append(lineEnds, i+1)
		}
	}
	prefix := func(k int) []byte { return full[:lineEnds[(len(lineEnds)-1)*k/30]] }

	path, alerts := filepath.Join(dir, "metrics.jsonl"), filepath.Join(dir, "alerts")
	if err := os.WriteFile(path, prefix(0), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "watch", "--json", "--exec", `echo "$LOSSWATCH_KIND $LOSSWATCH_SINCE_STEP" >> "`+alerts+`"`, path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var out bytes.Buffer
	lastTotal := ""
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), `"event":"records"`) {
				lastTotal = sc.Text()
			}
			mu.Unlock()
		}
	}()
	for k := 1; k <= 30; k++ {
		time.Sleep(20 * time.Millisecond)
		content := prefix(k)
		if k%2 == 1 {
			rewriteInPlace(t, path, content)
		} else {
			tmp := path + ".tmp"
			if err := os.WriteFile(tmp, content, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}
	}
	wantLine := fmt.Sprintf(`"total":%v,`, wantTotal)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) { // a hang detector
		mu.Lock()
		done := strings.Contains(lastTotal, wantLine)
		mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("watch never reported %s records in all; last records event %s", fmt.Sprint(wantTotal), lastTotal)
		}
	}
	time.Sleep(200 * time.Millisecond) // anything more would be a duplicate
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	<-read
	evs := watchLines(t, out.String())
	total := 0.0
	for _, e := range evs {
		switch e["event"] {
		case "records":
			total += e["count"].(float64)
		case "truncated", "rotated", "recreated":
			t.Errorf("a rewrite that kept the log was reported: %v", e["message"])
		}
	}
	if fmt.Sprint(total) != fmt.Sprint(wantTotal) {
		t.Errorf("ingested %v records, the log has %v", total, wantTotal)
	}
	gotFindings, gotAlerts := findingKeys(evs)
	slices.Sort(gotFindings)
	slices.Sort(wantFindings)
	if !slices.Equal(gotFindings, wantFindings) {
		t.Errorf("findings announced\n%v\nwant, as a replay of the finished log,\n%v", gotFindings, wantFindings)
	}
	raw, _ := os.ReadFile(alerts)
	ran := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(ran) != len(gotAlerts) {
		t.Errorf("--exec ran %d times (%v), for %d warning or critical findings", len(ran), ran, len(gotAlerts))
	}
}

// rewriteInPlace rewrites path whole through a truncating open, in pieces.
func rewriteInPlace(t *testing.T, path string, content []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for len(content) > 0 {
		k := min(len(content), 1+len(content)/3)
		if _, err := f.Write(content[:k]); err != nil {
			t.Fatal(err)
		}
		content = content[k:]
		time.Sleep(2 * time.Millisecond)
	}
}
