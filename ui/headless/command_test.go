//go:build unix

package headless

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// sleepMarker returns a `sleep` argument no other process has, by which
// the test finds the processes its commands started.
func sleepMarker(t *testing.T) string {
	if _, err := exec.LookPath("pgrep"); err != nil {
		t.Skip("pgrep not installed")
	}
	return fmt.Sprintf("30%d.%d", os.Getpid()%100, time.Now().UnixNano()%1_000_000_000)
}

// running returns the pids of the processes whose command line holds marker.
func running(marker string) []string {
	out, _ := exec.Command("pgrep", "-f", "sleep "+marker).Output()
	return strings.Fields(string(out))
}

// expectNoneLeft fails unless every process with marker is gone within a
// second (a SIGKILLed process takes a moment to go).
func expectNoneLeft(t *testing.T, marker string) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if len(running(marker)) == 0 {
			return
		}
	}
	pids := running(marker)
	for _, p := range pids {
		_ = exec.Command("kill", "-KILL", p).Run()
	}
	t.Fatalf("processes of the command left behind: %v", pids)
}

// waitForFile waits until the command has created path.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("the command never created %s", path)
}

// alertErrors closes a and returns the messages of its error events.
func alertErrors(a *Alerter) []string {
	a.Close()
	var msgs []string
	for e := range a.Errors() {
		msgs = append(msgs, e.Message)
	}
	return msgs
}

func TestTimedOutCommandIsEndedWithItsChildren(t *testing.T) {
	marker := sleepMarker(t)
	// sh forks sleep (it is not the last command) and the timeout kills sh.
	a := NewAlerter(context.Background(), "sleep "+marker+"; :", os.Stderr,
		withAlertTimeout(300*time.Millisecond), withKillGrace(time.Second))
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	msgs := alertErrors(a)
	if len(msgs) != 1 || !strings.Contains(msgs[0], "timed out after 300ms; its processes were ended") {
		t.Errorf("errors %q, want one saying the command timed out", msgs)
	}
	expectNoneLeft(t, marker)
}

func TestCommandIgnoringSIGTERMIsKilledWhenLosswatchEnds(t *testing.T) {
	marker := sleepMarker(t)
	started := filepath.Join(t.TempDir(), "started")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := NewAlerter(ctx, fmt.Sprintf(`trap '' TERM; touch %q; sleep %s; :`, started, marker), os.Stderr, withKillGrace(300*time.Millisecond))
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	waitForFile(t, started)
	if len(running(marker)) == 0 {
		t.Fatal("the command's child is not running")
	}
	cancel()
	if msgs := alertErrors(a); len(msgs) != 0 {
		t.Errorf("errors %q at shutdown, want none", msgs)
	}
	expectNoneLeft(t, marker)
}

func TestWhatACommandLeftRunningIsEndedWithIt(t *testing.T) {
	marker := sleepMarker(t)
	a := NewAlerter(context.Background(), "sleep "+marker+" & echo sent", io.Discard, withKillGrace(300*time.Millisecond))
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	if msgs := alertErrors(a); len(msgs) != 0 {
		t.Errorf("errors %q, want none", msgs)
	}
	expectNoneLeft(t, marker)
}

func TestCommandOutputReachesTheTerminalSanitised(t *testing.T) {
	var out bytes.Buffer
	cmd := `printf 'title \033]0;PWNED\007 clear \033[2J\tturn \342\200\256around\r\n'; printf 'del \177 c1 \302\233 end'`
	a := NewAlerter(context.Background(), cmd, &out)
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	if msgs := alertErrors(a); len(msgs) != 0 {
		t.Fatalf("errors %q", msgs)
	}
	want := "title ]0;PWNED clear [2J\tturn around\ndel  c1  end\n"
	if out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestLineSanitizerCutsOverlongLinesAtRunes(t *testing.T) {
	var out bytes.Buffer
	s := &lineSanitizer{w: &out}
	long := strings.Repeat("é", maxOutputLine) // two bytes each: a cut at maxOutputLine+1 would split one
	for _, chunk := range []string{"a", "b\n", long[:5], long[5:] + "\n", "tail"} {
		if _, err := s.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if lines[0] != "ab" || lines[len(lines)-1] != "tail" {
		t.Errorf("first line %q, last %q", lines[0], lines[len(lines)-1])
	}
	if got := strings.Join(lines[1:len(lines)-1], ""); got != long {
		t.Errorf("the long line came out changed (%d bytes in %d pieces)", len(got), len(lines)-2)
	}
	for _, l := range lines {
		if len(l) > maxOutputLine || !utf8.ValidString(l) {
			t.Errorf("piece of %d bytes, valid UTF-8 %v", len(l), utf8.ValidString(l))
		}
	}
}

// failAfterFinding passes lines on until one is a finding that pages (warning
// or critical); the write after
// it waits for the alert's command to have started, then fails, the way a
// terminal that went away fails.
type failAfterFinding struct {
	started string
	seen    bool
}

func (w *failAfterFinding) Write(p []byte) (int, error) {
	if !w.seen {
		w.seen = bytes.Contains(p, []byte(`"event":"finding"`)) &&
			(bytes.Contains(p, []byte(`"severity":"warning"`)) || bytes.Contains(p, []byte(`"severity":"critical"`)))
		return len(p), nil
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(w.started); err == nil {
			break
		}
	}
	return 0, errors.New("write /dev/stdout: input/output error")
}

// TestRunWatchEndsTheCommandWhenItFails: when watch cannot write (its
// terminal hung up), it returns only once the --exec command it started is
// gone.
func TestRunWatchEndsTheCommandWhenItFails(t *testing.T) {
	marker := sleepMarker(t)
	started := filepath.Join(t.TempDir(), "started")
	alert := NewAlerter(context.Background(), fmt.Sprintf(`touch %q; sleep %s; :`, started, marker), io.Discard,
		WithAlertFilter(AlertFilter{MinSeverity: detect.SeverityWarning}), withKillGrace(300*time.Millisecond))
	w := &failAfterFinding{started: started}
	err := RunWatch(context.Background(), monitor.NewPipeline(stdinReplay(t, 2000)), NewWatchWriter(w, true), alert)
	if err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("RunWatch returned %v, want the write's error", err)
	}
	if _, err := os.Stat(started); err != nil {
		t.Fatalf("the command never ran: %v", err)
	}
	expectNoneLeft(t, marker)
}

// TestOutputHeldByAnEscapedProcessDoesNotHoldUpTheAlert: a process the
// command moved out of its group (setsid) is left running, as documented,
// but the output pipe it keeps open does not keep the alert waiting.
func TestOutputHeldByAnEscapedProcessDoesNotHoldUpTheAlert(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid not installed")
	}
	marker := sleepMarker(t)
	t.Cleanup(func() {
		for _, p := range running(marker) {
			_ = exec.Command("kill", "-KILL", p).Run()
		}
	})
	var out bytes.Buffer
	moved := filepath.Join(t.TempDir(), "moved")
	cmd := fmt.Sprintf(`setsid sh -c 'touch %q; exec sleep %s' & while [ ! -e %q ]; do sleep 0.01; done; echo sent`, moved, marker, moved)
	a := NewAlerter(context.Background(), cmd, &out, withKillGrace(200*time.Millisecond))
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	done := make(chan []string)
	go func() { done <- alertErrors(a) }()
	select {
	case msgs := <-done:
		if len(msgs) != 0 {
			t.Errorf("errors %q, want none", msgs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the alert still waits for the output of a process that left its group")
	}
	if out.String() != "sent\n" {
		t.Errorf("output %q, want the command's line", out.String())
	}
	if len(running(marker)) == 0 {
		t.Error("the process that left the group was ended: the test tested nothing")
	}
}
