//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
)

// syncBuffer is a bytes.Buffer a test may read while a process writes it.
type syncBuffer struct {
	mu chan struct{}
	b  bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{mu: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.String()
}

// startWatch starts `losswatch watch` with args, its output in buffers.
func startWatch(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"watch"}, args...)...)
	stdout, stderr := newSyncBuffer(), newSyncBuffer()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, stdout, stderr
}

// endWatch sends sig to watch and returns what Wait said, failing the test
// when watch is still running after the signal grace and some.
func endWatch(t *testing.T, cmd *exec.Cmd, sig syscall.Signal) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		return err
	case <-time.After(signalGrace + 5*time.Second):
		t.Fatalf("watch still running %v after %v", signalGrace+5*time.Second, sig)
		return nil
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// marked returns the pids of processes whose command line holds marker.
func marked(marker string) []string {
	out, _ := exec.Command("pgrep", "-f", marker).Output()
	return strings.Fields(string(out))
}

// TestWatchExecLeavesNothingBehindOnSignals: watch ends its --exec
// command's processes — also one that ignores SIGTERM and SIGHUP — on
// each end signal, and ends by that signal.
func TestWatchExecLeavesNothingBehindOnSignals(t *testing.T) {
	if _, err := exec.LookPath("pgrep"); err != nil {
		t.Skip("pgrep not installed")
	}
	dir := t.TempDir()
	log := demoLog(t, dir, "lr-too-high", 2)
	for i, tc := range []struct {
		sig    syscall.Signal
		ignore bool
	}{{syscall.SIGINT, false}, {syscall.SIGTERM, false}, {syscall.SIGHUP, false}, {syscall.SIGHUP, true}} {
		marker := fmt.Sprintf("30%d.%d%d", i, os.Getpid()%1000, time.Now().UnixNano()%100000)
		started := filepath.Join(dir, fmt.Sprint("started", i))
		script := fmt.Sprintf(`touch %q; sleep %s; :`, started, marker)
		if tc.ignore {
			script = `trap '' TERM HUP; ` + script
		}
		cmd, _, stderr := startWatch(t, "--exec", script, log)
		waitUntil(t, "the --exec command", func() bool { _, err := os.Stat(started); return err == nil })
		if len(marked("sleep "+marker)) == 0 {
			t.Fatalf("%v: the command's sleep is not running; stderr %q", tc.sig, stderr.String())
		}
		err := endWatch(t, cmd, tc.sig)
		if sig, err := endedBy(err); err != nil || sig != tc.sig {
			t.Errorf("%v: watch ended by %v (%v), want %v; stderr %q", tc.sig, sig, err, tc.sig, stderr.String())
		}
		var left []string
		waitUntil(t, "the command's processes to go", func() bool { left = marked("sleep " + marker); return len(left) == 0 })
		for _, pid := range left {
			_ = exec.Command("kill", "-KILL", pid).Run()
		}
	}
}

// hostileName is a log name that would set the terminal's title, clear it
// and turn the rest of the line around if printed raw.
const hostileName = "run\x1b]0;PWNED\x07\x1b[2J\u202egol.jsonl"

// safeForTerminal reports the first control or bidi character in s.
func safeForTerminal(s string) (rune, bool) {
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return r, false
		}
	}
	return 0, true
}

// TestHostileFileNameNeverReachesTheTerminal follows a folder holding a
// log with escapes and U+202E in its name, with an --exec command that
// echoes LOSSWATCH_FILE and prints escapes of its own: neither watch's
// lines nor the command's output may carry them, and check --json's file
// has them replaced.
func TestHostileFileNameNeverReachesTheTerminal(t *testing.T) {
	src := demoLog(t, t.TempDir(), "lr-too-high", 2)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, hostileName)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Skipf("the file system refuses the name: %v", err)
	}
	for _, asJSON := range []bool{false, true} {
		args := []string{"--exec", `printf 'file=%s\n' "$LOSSWATCH_FILE"; printf 'child \033]0;CHILD\007\033[2J\342\200\256done\n'`, dir}
		if asJSON {
			args = append([]string{"--json"}, args...)
		}
		cmd, stdout, stderr := startWatch(t, args...)
		waitUntil(t, "the command's output", func() bool { return strings.Contains(stderr.String(), "done") })
		endWatch(t, cmd, syscall.SIGTERM)
		for name, out := range map[string]string{"watch's lines": stdout.String(), "the command's output": stderr.String()} {
			if r, ok := safeForTerminal(out); !ok {
				t.Errorf("json %v: %s carry %U:\n%q", asJSON, name, r, out)
			}
		}
		if !strings.Contains(stderr.String(), "file="+filepath.Join(dir, "run\uFFFD]0;PWNED\uFFFD\uFFFD[2J\uFFFDgol.jsonl")) {
			t.Errorf("json %v: LOSSWATCH_FILE does not show the name with U+FFFD for its controls:\n%q", asJSON, stderr.String())
		}
		if asJSON && !strings.Contains(stdout.String(), `"file":"`+filepath.Join(dir, "run\uFFFD]0;PWNED")) {
			t.Errorf("watch --json never names the file with U+FFFD for its controls:\n%q", stdout.String())
		}
	}
	r := losswatch(t, nil, "check", "--json", path)
	if r.code > 1 {
		t.Fatalf("check: exit %d, %s", r.code, r.stderr)
	}
	var rep struct{ File string }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if c, ok := safeForTerminal(rep.File); !ok || !strings.HasSuffix(rep.File, "run\uFFFD]0;PWNED\uFFFD\uFFFD[2J\uFFFDgol.jsonl") {
		t.Errorf("check --json: file %q (carries %U)", rep.File, c)
	}
	if c, ok := safeForTerminal(losswatch(t, nil, "check", path).stdout); !ok {
		t.Errorf("check's report carries %U", c)
	}
}

// TestWatchExecLeavesNothingBehindWhenItsReaderGoes: `watch --exec … |
// head` — once the reader is gone, the next line watch writes ends it,
// after its --exec command, with the status a shell gives SIGPIPE.
func TestWatchExecLeavesNothingBehindWhenItsReaderGoes(t *testing.T) {
	if _, err := exec.LookPath("pgrep"); err != nil {
		t.Skip("pgrep not installed")
	}
	dir := t.TempDir()
	log := demoLog(t, dir, "lr-too-high", 2)
	marker := fmt.Sprintf("309.%d%d", os.Getpid()%1000, time.Now().UnixNano()%100000)
	started := filepath.Join(dir, "started")
	cmd := exec.Command(binary, "watch", "--exec", fmt.Sprintf(`touch %q; sleep %s; :`, started, marker), log)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	waitUntil(t, "the --exec command", func() bool { _, err := os.Stat(started); return err == nil })
	out.Close()
	more, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(more) // more records: watch writes a line
	f.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("watch still runs 20 s after its reader went")
	}
	if cmd.ProcessState.ExitCode() != 141 {
		t.Errorf("watch ended with %v, want exit status 141", err)
	}
	waitUntil(t, "the command's processes to go", func() bool { return len(marked("sleep "+marker)) == 0 })
}
