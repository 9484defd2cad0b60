package main

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestReadCountersSeesThisProcessWork burns CPU and blocks a few times, and
// expects the counters of this process to have grown by about as much.
func TestReadCountersSeesThisProcessWork(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	out := filepath.Join(t.TempDir(), "pane.out")
	if err := os.WriteFile(out, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := readCounters(os.Getpid(), out)
	if err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); time.Since(start) < 200*time.Millisecond; {
	}
	for i := 0; i < 20; i++ {
		time.Sleep(time.Millisecond)
	}
	b, err := readCounters(os.Getpid(), out)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.cpu - a.cpu; got < 50*time.Millisecond {
		t.Errorf("200 ms of spinning counted as %v of CPU", got)
	}
	if got := b.switches - a.switches; got < 20 {
		t.Errorf("20 sleeps counted as %d context switches", got)
	}
	if b.bytes != 5 {
		t.Errorf("output file of 5 bytes counted as %d", b.bytes)
	}
}

func TestMedianAndHomes(t *testing.T) {
	if got := median([]float64{3, 1, 2, 10}); got != 2 {
		t.Errorf("median of 3 1 2 10 = %v, want 2 (the lower middle)", got)
	}
	out := filepath.Join(t.TempDir(), "pane.out")
	if err := os.WriteFile(out, []byte("\x1b[Hab\x1b[H\x1b[Hc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := countHomes(out, 3, 12); got != 2 {
		t.Errorf("cursor homes after the first = %d, want 2", got)
	}
}
