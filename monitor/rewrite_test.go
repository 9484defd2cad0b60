package monitor

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// rewriteInPlace rewrites path whole, as Lightning 1.x's CSVLogger does on
// every save: truncated on open, then written in pieces, with pauses in
// which a follower may look at the half-written file.
func rewriteInPlace(t *testing.T, path string, content []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for len(content) > 0 {
		k := min(len(content), 1+len(content)/3)
		if _, err := f.Write(content[:k]); err != nil {
			t.Fatal(err)
		}
		content = content[k:]
		time.Sleep(3 * time.Millisecond)
	}
}

// rewriteByRename writes a temporary file and renames it over path.
func rewriteByRename(t *testing.T, path string, content []byte) {
	t.Helper()
	writeFile(t, path+".tmp", content)
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

// A log rewritten whole on every save, in place or by rename, with what it
// held before as its start, yields each record once and no event.
func TestRewritesThatKeepTheLogYieldOnlyNewRecords(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "metrics.jsonl")
			writeFile(t, path, lines(1, 10))
			src := Open(path, WithFollow(true), WithPoll(m.poll))
			src.recheck = time.Hour // file events alone must do
			c := collect(t, src)
			c.records(10)
			n := 10
			for i := range 30 {
				n += 1 + i%7
				if i%2 == 0 {
					rewriteInPlace(t, path, lines(1, n))
				} else {
					rewriteByRename(t, path, lines(1, n))
				}
				c.records(n)
			}
			c.sameSteps(1, n)
			c.mu.Lock()
			defer c.mu.Unlock()
			for _, e := range c.events {
				if e != EventEOF && e != EventPolling {
					t.Errorf("a rewrite that kept the log was reported as %s", e)
				}
			}
		})
	}
}

// A rewrite in place with other content is read again from the start, also
// when it has the bytes already read at the same place at its end and the
// follower never saw it shorter.
func TestRewriteWithOtherContentButTheSameEndIsNoticed(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "metrics.jsonl")
			old := lines(1, 20)
			writeFile(t, path, old)
			src := Open(path, WithFollow(true), WithPoll(m.poll))
			src.recheck = time.Hour
			c := collect(t, src)
			c.records(20)
			// The first line says step 9 instead of 1: same length, same end.
			changed := bytes.Replace(slices.Clone(old), []byte(`"step": 1,`), []byte(`"step": 9,`), 1)
			if len(changed) != len(old) || bytes.Equal(changed, old) {
				t.Fatal("test data: the change must keep the length")
			}
			// Overwritten in one write, without a truncation to notice.
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(append(changed, lines(21, 30)...), 0); err != nil {
				t.Fatal(err)
			}
			f.Close()
			c.event(EventTruncated)
			c.records(20 + 30)
			c.mu.Lock()
			defer c.mu.Unlock()
			// A look may have caught the write half done and read on before
			// the next one saw the new start: the file is read again all the same.
			if !slices.Contains(c.steps[20:], 9) {
				t.Fatalf("after the rewrite, steps %v: the new first record (step 9) was never read", c.steps[20:])
			}
		})
	}
}

// A file cut back to nothing and left so is a truncation, reported once the
// rewrite it might have been has had its time.
func TestTruncatedToNothingIsReportedAfterTheGrace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.jsonl")
	writeFile(t, path, lines(1, 20))
	src := Open(path, WithFollow(true), WithPoll(5*time.Millisecond))
	c := collect(t, src)
	c.records(20)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	c.event(EventTruncated)
	appendFile(t, path, lines(21, 25))
	c.sameSteps(1, 25)
}
