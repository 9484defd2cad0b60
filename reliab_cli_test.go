//go:build unix

package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// check and watch on a named pipe that no one writes to wait in open(2);
// SIGTERM and SIGINT must still end them.
func TestCheckAndWatchOnAnIdleFIFOEndOnSignals(t *testing.T) {
	for _, sub := range []string{"check", "watch"} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			path := filepath.Join(t.TempDir(), "f")
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip("no named pipes:", err)
			}
			cmd := exec.Command(binary, sub, path)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // into the open
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second): // a hang detector, not a timing assertion
				cmd.Process.Kill()
				<-done
				t.Fatalf("%s on an idle FIFO ignored %v", sub, sig)
			}
		}
	}
}

// A log from which no metric could be read fails check (a wrong path must
// not pass CI), with one line saying what was seen, unless --allow-empty.
func TestCheckWithoutAnyMetricIsAnError(t *testing.T) {
	dir := t.TempDir()
	random := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(14, 8))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"empty file", "it is empty", nil},
		{"prose", "2 lines, all skipped: no metric 2", []byte("hello\nworld\n")},
		{"random bytes", "all skipped: binary", random},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"check", path}, {"check", "--json", path}} {
				r := losswatch(t, nil, args...)
				if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
					!strings.Contains(r.stderr, "no metric found in "+path) || !strings.Contains(r.stderr, tc.want) {
					t.Errorf("losswatch %v: exit %d, stderr %q; want 2 and one line with %q", args, r.code, r.stderr, tc.want)
				}
				if args[1] == "--json" && !strings.Contains(r.stdout, `"verdict": "insufficient-data"`) {
					t.Errorf("losswatch %v: stdout %q, want the report before the error", args, r.stdout)
				}
			}
			r := losswatch(t, nil, "check", "--json", "--allow-empty", path)
			if r.code != 0 || !strings.Contains(r.stdout, `"insufficient-data"`) {
				t.Errorf("--allow-empty: exit %d, stdout %q, stderr %q; want 0 and insufficient-data", r.code, r.stdout, r.stderr)
			}
		})
	}
	r := losswatch(t, []byte{}, "check", "-")
	if r.code != 2 || !strings.Contains(r.stderr, "no metric found in standard input") {
		t.Errorf("check of empty standard input: exit %d, stderr %q; want 2", r.code, r.stderr)
	}
}

// --metric naming a metric the log does not have is an error that lists
// those it has.
func TestCheckOfAMissingMetricNamesTheLogsMetrics(t *testing.T) {
	path := demoLog(t, t.TempDir(), "healthy", 1)
	r := losswatch(t, nil, "check", "--metric", "nope", path)
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 ||
		!strings.Contains(r.stderr, `no metric "nope" in `) || !strings.Contains(r.stderr, `"loss"`) || !strings.Contains(r.stderr, `"val_loss"`) {
		t.Fatalf("exit %d, stderr %q; want 2 and one line naming loss and val_loss", r.code, r.stderr)
	}
	if r := losswatch(t, nil, "check", "--metric", "val_loss", path); r.code == 2 {
		t.Fatalf("--metric val_loss: exit 2, stderr %q", r.stderr)
	}
}
