//go:build unix

package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFirstSignalCancelsTheContext(t *testing.T) {
	if signal.Ignored(syscall.SIGHUP) {
		t.Skip("SIGHUP is ignored (nohup): losswatch leaves it so")
	}
	ctx, s := catchSignals(context.Background(), time.Minute)
	defer s.release()
	if s.signal() != nil {
		t.Fatalf("caught %v before any signal", s.signal())
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGHUP did not cancel the context")
	}
	if got := s.signal(); got != syscall.SIGHUP {
		t.Errorf("caught %v, want SIGHUP", got)
	}
}

// hangEnv names the variable that makes TestCleanupThatHangsStillEnds's
// child process the program under test.
const hangEnv = "LOSSWATCH_TEST_HANG_AFTER_SIGNAL"

// TestCleanupThatHangsStillEnds: a front end that never returns after the
// signal (a blocked open, a stuck child) does not keep the process alive
// past the grace period, and it still ends by the signal.
func TestCleanupThatHangsStillEnds(t *testing.T) {
	if os.Getenv(hangEnv) == "1" {
		ctx, _ := catchSignals(context.Background(), 300*time.Millisecond)
		os.Stdout.WriteString("ready\n")
		<-ctx.Done()
		select {} // cleanup that never ends
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCleanupThatHangsStillEnds$")
	cmd.Env = append(os.Environ(), hangEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("child said %q (%v)", line, err)
	}
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child still runs 30 s after SIGTERM")
	}
	if sig, err := endedBy(err); err != nil || sig != syscall.SIGTERM {
		t.Errorf("child ended by %v (%v), want SIGTERM", sig, err)
	}
	if took := time.Since(sent); took < 300*time.Millisecond {
		t.Errorf("child ended %v after the signal, before its grace period", took)
	}
	if !strings.Contains(stderr.String(), "still cleaning up SIGTERM after 300ms; exiting anyway") {
		t.Errorf("stderr %q does not say why it exits", stderr.String())
	}
}
