//go:build unix

package main

import (
	"os/exec"
	"path/filepath"
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
