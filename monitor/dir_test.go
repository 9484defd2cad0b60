package monitor

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDirectoryFollowsTheNewestLogAndMovesToNewOnes(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			dir := t.TempDir()
			old := filepath.Join(dir, "old.log")
			writeFile(t, old, lines(900, 999))
			past := time.Now().Add(-time.Hour)
			os.Chtimes(old, past, past)
			writeFile(t, filepath.Join(dir, "notes.md"), []byte("# not a log\n"))
			writeFile(t, filepath.Join(dir, "run1.jsonl"), lines(1, 10))
			c := collect(t, Open(dir, WithFollow(true), WithPoll(m.poll)))
			c.records(10)
			appendFile(t, filepath.Join(dir, "run1.jsonl"), lines(11, 20))
			c.records(20)
			writeFile(t, filepath.Join(dir, "run2.jsonl"), lines(21, 30))
			c.sameSteps(1, 30)
			c.event(EventOpened)
		})
	}
}

func TestDirectoryWaitsForItsFirstLog(t *testing.T) {
	dir := t.TempDir()
	c := collect(t, Open(dir, WithFollow(true)))
	c.event(EventWaiting)
	writeFile(t, filepath.Join(dir, "train.log"), lines(1, 5))
	c.sameSteps(1, 5)
}

func TestDirectoryReadOnceTakesTheNewestLog(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "a.log")
	writeFile(t, old, lines(100, 200))
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	writeFile(t, filepath.Join(dir, "b.log"), lines(1, 7))
	c := collect(t, Open(dir))
	if err := c.end(); err != nil {
		t.Fatal(err)
	}
	c.sameSteps(1, 7)
}

func TestDirectoryWithoutLogsFailsToReadOnce(t *testing.T) {
	c := collect(t, Open(t.TempDir()))
	if err := c.end(); err == nil {
		t.Fatal("reading an empty directory returned nil")
	}
}
