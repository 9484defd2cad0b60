package ui

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// tmuxSession drives the built binary in a detached tmux session on its own
// server socket.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) capture() string { return s.run("capture-pane", "-p", "-t", s.name) }

// waitFor polls the pane until cond holds or the deadline passes; a loaded
// machine may take seconds, so it polls instead of sleeping a fixed time.
func (s *tmuxSession) waitFor(what string, cond func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var screen string
	for time.Now().Before(deadline) {
		screen = s.capture()
		if cond(screen) {
			return screen
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, screen)
	return ""
}

func (s *tmuxSession) waitText(text string) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q", text), func(sc string) bool { return strings.Contains(sc, text) })
}

// appendRun appends the converging run's records for steps [from, to).
func appendRun(t *testing.T, path string, from, to int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := rand.New(rand.NewSource(int64(from)))
	var b strings.Builder
	for i := from; i < to; i++ {
		s := float64(3 * i)
		fmt.Fprintf(&b, "{\"step\": %g, \"loss\": %.5f}\n", s, 0.05+2.25*math.Exp(-s/150)+0.005*r.NormFloat64())
	}
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
}

// chartBody is the screen without its status bar and bottom lines, which
// keep changing while paused.
func chartBody(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) < 6 {
		return screen
	}
	return strings.Join(lines[1:len(lines)-4], "\n")
}

// buildForTmux builds the binary into dir, or skips the test where tmux
// is missing or with -short (CI runs it: LOSSWATCH_E2E=1 go test ./...).
func buildForTmux(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	if testing.Short() && os.Getenv("LOSSWATCH_E2E") != "1" {
		t.Skip("builds the binary; skipped with -short unless LOSSWATCH_E2E=1")
	}
	bin := filepath.Join(dir, "losswatch")
	build := exec.Command("go", "build", "-o", bin, "github.com/losswatch/losswatch")
	build.Dir = corpustest.ModuleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startTmux runs the binary on log in a w×h tmux session of its own.
func startTmux(t *testing.T, bin, log, name string, w, h int) *tmuxSession {
	s := &tmuxSession{t: t, socket: fmt.Sprintf("losswatch-e2e-%d-%s", os.Getpid(), name), name: name}
	cmd := fmt.Sprintf("TERM=xterm-256color %s %s; echo EXITED $?; sleep 60", bin, log)
	s.run("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

// TestKeysTypedFastInTmux types keys as one burst (tmux send-keys with
// several keys writes them at once, as a fast typist over SSH does) and
// reads the first and last points with Home and End.
func TestKeysTypedFastInTmux(t *testing.T) {
	dir := t.TempDir()
	bin := buildForTmux(t, dir)
	log := filepath.Join(dir, "train.log")
	value := func(step int) float64 { return 2 - float64(step)/400 }
	var b strings.Builder
	for step := 0; step <= 400; step += 10 {
		fmt.Fprintf(&b, "{\"step\": %d, \"loss\": %g}\n", step, value(step))
	}
	if err := os.WriteFile(log, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, bin, log, "keys", 100, 30)
	s.waitText("step 400")
	at := func(step int) string {
		return fmt.Sprintf("step %s: raw %s", formatStep(float64(step)), formatNum(value(step)))
	}

	s.run("send-keys", "-t", s.name, "Home")
	s.waitText(at(0))
	s.run("send-keys", "-t", s.name, "l", "l", "l", "l", "l")
	s.waitText(at(50))
	s.run("send-keys", "-t", s.name, "End")
	s.waitText(at(400))
	s.run("send-keys", "-t", s.name, "h", "h", "h", "h", "h")
	s.waitText(at(350))
	s.run("send-keys", "-t", s.name, "g")
	s.waitText(at(0))
	s.run("send-keys", "-t", s.name, "q")
	s.waitText("EXITED 0")
}

func TestEndToEndInTmux(t *testing.T) {
	dir := t.TempDir()
	bin := buildForTmux(t, dir)
	log := filepath.Join(dir, "train.log")
	appendRun(t, log, 0, 100)
	s := startTmux(t, bin, log, "e2e", 100, 30)

	s.waitText("step 297")
	appendRun(t, log, 100, 200)
	s.waitText("step 597")

	s.run("send-keys", "-t", s.name, "p")
	frozen := chartBody(s.waitText("PAUSED +0 new"))
	appendRun(t, log, 200, 300)
	paused := s.waitText("PAUSED +100 new")
	if got := chartBody(paused); got != frozen {
		t.Errorf("the chart changed while paused:\n--- before ---\n%s\n--- after ---\n%s", frozen, got)
	}

	s.run("send-keys", "-t", s.name, "p")
	s.waitText("step 897")
	appendRun(t, log, 300, 500)
	s.waitFor("the convergence marker", func(sc string) bool {
		return strings.Contains(sc, "converged @") && strings.Contains(sc, "┊") && strings.Contains(sc, "step 1,497")
	})

	s.run("send-keys", "-t", s.name, "q")
	s.waitText("EXITED 0")
}
