package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// tmux is a detached session on a server of its own.
type tmux struct {
	socket  string
	name    string
	outPath string
}

func (t *tmux) run(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", t.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// start runs the binary on log in a p.width×p.height pane whose output
// goes to out, and returns its process id once its first screen is drawn.
func (t *tmux) start(p params, log, out string) (int, error) {
	t.outPath = out
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		return 0, err
	}
	// The pane waits for a key before it starts the UI, so that its output
	// is piped from the first byte.
	cmd := fmt.Sprintf("read _ && exec %s %s", shellQuote(p.bin), shellQuote(log))
	if _, err := t.run("new-session", "-d", "-s", t.name, "-x", strconv.Itoa(p.width), "-y", strconv.Itoa(p.height),
		"-e", "TERM=xterm-256color", "sh", "-c", cmd); err != nil {
		return 0, err
	}
	if _, err := t.run("pipe-pane", "-t", t.name, "-o", "cat >> "+shellQuote(out)); err != nil {
		return 0, err
	}
	if _, err := t.run("send-keys", "-t", t.name, "Enter"); err != nil {
		return 0, err
	}
	pid, err := t.pid()
	if err != nil {
		return 0, err
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(t.capture(), "loss") {
			return pid, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 0, fmt.Errorf("the UI drew no chart in 20 s; screen:\n%s", t.capture())
}

// pid is the pane's process: the shell, then the binary it execs.
func (t *tmux) pid() (int, error) {
	out, err := t.run("display-message", "-p", "-t", t.name, "#{pane_pid}")
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		return 0, fmt.Errorf("pane pid %q: %w", out, err)
	}
	return pid, nil
}

func (t *tmux) capture() string {
	out, _ := t.run("capture-pane", "-p", "-t", t.name)
	return out
}

// kill ends the session and its server.
func (t *tmux) kill() { _, _ = t.run("kill-server") }

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
