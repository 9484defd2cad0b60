//go:build unix

package monitor

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestNamedPipeIsReadLikeStandardInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	c := collect(t, Open(path, WithFollow(true)))
	w, err := os.OpenFile(path, os.O_WRONLY, 0) // blocks until the source opens it
	if err != nil {
		t.Fatal(err)
	}
	w.Write(lines(1, 10))
	c.records(10)
	w.Write(lines(11, 20))
	w.Close()
	if err := c.end(); err != nil {
		t.Fatalf("Run = %v at the end of the pipe, want nil", err)
	}
	c.sameSteps(1, 20)
}
