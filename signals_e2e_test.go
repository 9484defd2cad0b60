//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The end-to-end signal test drives the built binary in tmux: it is slow
// (about 20 s) and needs tmux, so it runs only with LOSSWATCH_E2E=1 (as CI does).

// signalRounds is how many times each signal is sent to a fresh TUI.
const signalRounds = 20

// exitWithin is how soon after a signal the TUI must have ended.
const exitWithin = time.Second

// signalPane is one tmux pane on a server of its own, running a command
// under sh so that the pane outlives it and its terminal state can be read.
type signalPane struct {
	t      *testing.T
	socket string
}

func newSignalPane(t *testing.T) *signalPane {
	t.Helper()
	p := &signalPane{t: t, socket: fmt.Sprintf("losswatch-sig-%d-%d", os.Getpid(), time.Now().UnixNano())}
	p.tmux("-f", "/dev/null", "new-session", "-d", "-s", "sig", "-x", "100", "-y", "30", "sleep 600")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", p.socket, "kill-server").Run() })
	return p
}

func (p *signalPane) tmux(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// start runs command (a shell command line) in the pane, after which the
// pane prints its exit status and stays.
func (p *signalPane) start(command string) {
	p.tmux("respawn-pane", "-k", "-t", "sig", "sh", "-c", command+`; echo "EXITED $?"; exec sleep 600`)
}

// child returns the pid of the command start ran: the pane's shell's child.
func (p *signalPane) child() int {
	p.t.Helper()
	shell := p.tmux("display", "-p", "-t", "sig", "#{pane_pid}")
	var pid int
	p.waitFor("the command's process", func() bool {
		out, _ := exec.Command("pgrep", "-P", shell).Output()
		_, err := fmt.Sscan(string(out), &pid)
		return err == nil
	})
	return pid
}

// terminal returns the pane's alternate screen, mouse and cursor flags.
func (p *signalPane) terminal() string {
	return p.tmux("display", "-p", "-t", "sig", "alternate=#{alternate_on} mouse=#{mouse_any_flag} cursor=#{cursor_flag}")
}

func (p *signalPane) screen() string { return p.tmux("capture-pane", "-p", "-t", "sig") }

func (p *signalPane) waitFor(what string, cond func() bool) {
	p.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	p.t.Fatalf("timed out waiting for %s; terminal %s; screen:\n%s", what, p.terminal(), p.screen())
}

// alive reports whether pid is still running (or not yet reaped).
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// signalExit is the status a shell reports for a command ended by sig.
func signalExit(sig syscall.Signal) int { return 128 + int(sig) }

// roundResult is what one signal did to one TUI.
type roundResult struct {
	took     time.Duration
	hung     bool
	terminal string
	exited   string
}

// signalRound starts command in p, waits for the UI to be up, calls ready
// (when not nil), sends sig and reports how long the process took to go
// and what it left behind.
func signalRound(p *signalPane, command string, sig syscall.Signal, ready func()) roundResult {
	p.t.Helper()
	p.start(command)
	pid := p.child()
	p.waitFor("the UI", func() bool {
		return strings.HasPrefix(p.terminal(), "alternate=1") && strings.Contains(p.screen(), "step")
	})
	if ready != nil {
		ready()
	}
	sent := time.Now()
	if err := syscall.Kill(pid, sig); err != nil {
		p.t.Fatalf("kill %d: %v", pid, err)
	}
	var r roundResult
	for alive(pid) {
		if time.Since(sent) > 10*time.Second {
			r.hung = true
			_ = syscall.Kill(pid, syscall.SIGKILL)
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.took = time.Since(sent)
	p.waitFor("the exit status", func() bool { return strings.Contains(p.screen(), "EXITED") })
	r.terminal = p.terminal()
	for _, l := range strings.Split(p.screen(), "\n") {
		if strings.HasPrefix(l, "EXITED") {
			r.exited = l
		}
	}
	return r
}

func e2eEnabled(t *testing.T) {
	t.Helper()
	if os.Getenv("LOSSWATCH_E2E") != "1" {
		t.Skip("end-to-end signal test: set LOSSWATCH_E2E=1 to run it (about 20 s, needs tmux)")
	}
	for _, tool := range []string{"tmux", "pgrep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
}

// TestSignalsEndTheUIWithTheTerminalRestored sends SIGINT, SIGTERM and
// SIGHUP signalRounds times each to a TUI following a log: each must end
// it within exitWithin, with the alternate screen and mouse reporting off
// and the cursor shown, and the shell must see 128+N.
func TestSignalsEndTheUIWithTheTerminalRestored(t *testing.T) {
	e2eEnabled(t)
	dir := t.TempDir()
	log := demoLog(t, dir, "healthy", 1)
	p := newSignalPane(t)
	restored := "alternate=0 mouse=0 cursor=1"
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		var ok int
		var took []time.Duration
		for round := 0; round < signalRounds; round++ {
			r := signalRound(p, fmt.Sprintf("TERM=xterm-256color %s %s", binary, log), sig, nil)
			took = append(took, r.took)
			want := fmt.Sprintf("EXITED %d", signalExit(sig))
			switch {
			case r.hung:
				t.Errorf("%v round %d: still running 10 s after the signal (killed); terminal %s", sig, round, r.terminal)
			case r.took > exitWithin:
				t.Errorf("%v round %d: took %v to end, want at most %v", sig, round, r.took, exitWithin)
			case r.terminal != restored:
				t.Errorf("%v round %d: terminal left %s, want %s", sig, round, r.terminal, restored)
			case r.exited != want:
				t.Errorf("%v round %d: %q, want %q", sig, round, r.exited, want)
			default:
				ok++
			}
		}
		slices.Sort(took)
		t.Logf("%v: %d of %d rounds ended within %v with the terminal restored; median %v, slowest %v", sig, ok, signalRounds, exitWithin,
			took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
	}
}

// TestDemoRemovesItsLogOnSignals: the demo's temporary log goes with the
// demo whether it ends by q, SIGHUP or SIGTERM.
func TestDemoRemovesItsLogOnSignals(t *testing.T) {
	e2eEnabled(t)
	p := newSignalPane(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		tmp := t.TempDir()
		logs := func() []string {
			m, err := filepath.Glob(filepath.Join(tmp, "*"))
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		r := signalRound(p, fmt.Sprintf("TMPDIR=%s TERM=xterm-256color %s demo", tmp, binary), sig, func() {
			if len(logs()) != 1 {
				t.Errorf("demo running: %v in its TMPDIR, want its log", logs())
			}
		})
		if r.hung || r.terminal != "alternate=0 mouse=0 cursor=1" || r.exited != fmt.Sprintf("EXITED %d", signalExit(sig)) {
			t.Errorf("demo after %v: hung %v, terminal %s, %s", sig, r.hung, r.terminal, r.exited)
		}
		if left := logs(); len(left) > 0 {
			t.Errorf("demo after %v left %v behind", sig, left)
		}
	}
}

// TestClosingTheTerminalEndsTheDemo closes the demo's terminal (tmux
// kills its window: the pseudo-terminal hangs up, the kernel sends
// SIGHUP): the demo must end and take its temporary log with it.
func TestClosingTheTerminalEndsTheDemo(t *testing.T) {
	e2eEnabled(t)
	p := newSignalPane(t)
	tmp := t.TempDir()
	p.tmux("new-window", "-d", "-t", "sig:", "-n", "gone", "-e", "TMPDIR="+tmp, "-e", "TERM=xterm-256color", binary, "demo")
	var pid int
	p.waitFor("the demo's UI", func() bool {
		out := p.tmux("display", "-p", "-t", "sig:gone", "#{pane_pid} #{alternate_on}")
		_, err := fmt.Sscanf(out, "%d 1", &pid)
		return err == nil
	})
	if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) != 1 {
		t.Fatalf("demo running: %v in its TMPDIR, want its log", m)
	}
	closed := time.Now()
	p.tmux("kill-window", "-t", "sig:gone")
	for alive(pid) && time.Since(closed) < 10*time.Second {
		time.Sleep(5 * time.Millisecond)
	}
	if alive(pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatal("the demo still runs 10 s after its terminal closed")
	}
	if took := time.Since(closed); took > exitWithin {
		t.Errorf("the demo took %v to end after its terminal closed, want at most %v", took, exitWithin)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) > 0 {
		t.Errorf("the demo left %v behind", m)
	}
}
