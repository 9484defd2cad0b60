package monitor

import (
	"path/filepath"
	"testing"
	"time"
)

// TestReadEveryReadsABurstOfWritesTogether writes a log line by line, a
// line every few milliseconds, to a source that reads at most every 100 ms:
// every line arrives once and in order, in no more batches than intervals
// passed (read at every event, each line would be a batch of its own).
func TestReadEveryReadsABurstOfWritesTogether(t *testing.T) {
	const every = 100 * time.Millisecond
	path := filepath.Join(t.TempDir(), "train.jsonl")
	writeFile(t, path, lines(1, 1))
	c := collect(t, Open(path, WithFollow(true), WithReadEvery(every)))
	c.records(1)
	c.event(EventEOF)
	c.mu.Lock()
	before := c.batches
	c.mu.Unlock()
	start := time.Now()
	const n = 60
	for i := 2; i <= n+1; i++ {
		appendFile(t, path, lines(i, i))
		time.Sleep(5 * time.Millisecond)
	}
	c.sameSteps(1, n+1)
	elapsed := time.Since(start)
	c.mu.Lock()
	batches := c.batches - before
	c.mu.Unlock()
	// One batch per interval, give or take the edges (the read at the first
	// write and the one after the last) and what a loaded machine under
	// -race adds (CI once counted 7 in 405 ms). Read at every write, it
	// would be about one batch a line.
	if most := int(elapsed/every) + 4; batches > most || batches > n/4 {
		t.Errorf("%d lines written over %v came in %d batches, want at most %d (one per %v)", n, elapsed, batches, min(most, n/4), every)
	}
}
