package monitor

import (
	"os"
	"path/filepath"
	"strings"
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
			src := Open(dir, WithFollow(true), WithPoll(m.poll))
			src.recheck = time.Hour // file events alone must do
			c := collect(t, src)
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

func TestDirectoryReadOnceReadsEveryEventFileInOrder(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("decode", "testdata", "tfevents", "events.out.tfevents.1700000000.fixture.42.0"))
	if err != nil {
		t.Skip("no event-file fixture:", err)
	}
	one := collect(t, Open(filepath.Join("decode", "testdata", "tfevents", "events.out.tfevents.1700000000.fixture.42.0")))
	if err := one.end(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "events.out.tfevents.1700000100.host.1.0"), fixture)
	writeFile(t, filepath.Join(dir, "events.out.tfevents.1700000000.host.1.0"), fixture)
	both := collect(t, Open(dir))
	if err := both.end(); err != nil {
		t.Fatal(err)
	}
	if len(one.steps) == 0 || len(both.steps) != 2*len(one.steps) {
		t.Fatalf("a run of two event files gave %d records, one file %d", len(both.steps), len(one.steps))
	}
	for i, s := range one.steps {
		if both.steps[i] != s || both.steps[len(one.steps)+i] != s {
			t.Fatalf("record %d: the files were not read one after the other", i)
		}
	}
}

func TestFollowedDirectoryReadsEarlierEventFilesFirst(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("decode", "testdata", "tfevents", "events.out.tfevents.1700000000.fixture.42.0"))
	if err != nil {
		t.Skip("no event-file fixture:", err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "events.out.tfevents.1700000000.host.1.0"), fixture)
	writeFile(t, filepath.Join(dir, "events.out.tfevents.1700000100.host.1.0"), fixture)
	one := collect(t, Open(filepath.Join(dir, "events.out.tfevents.1700000000.host.1.0")))
	one.end()
	c := collect(t, Open(dir, WithFollow(true)))
	c.event(EventEOF)
	c.records(2 * len(one.steps))
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(one.steps) == 0 || c.history != 2*len(one.steps) {
		t.Fatalf("history of %d records from two event files of %d each", c.history, len(one.steps))
	}
}

func TestANewerCheckpointDeliversOnlyNewEntries(t *testing.T) {
	state, err := os.ReadFile(filepath.Join("decode", "testdata", "trainerstate", "trainer_state.json"))
	if err != nil {
		t.Skip("no trainer_state.json fixture:", err)
	}
	full := collect(t, Open(filepath.Join("decode", "testdata", "trainerstate", "trainer_state.json")))
	full.end()
	n := len(full.steps)
	if n < 4 {
		t.Skip("fixture too short")
	}
	// An earlier checkpoint holds the first half of log_history.
	closer := "\n    }"
	end, k := 0, 0
	for ; k < n/2; k++ {
		j := strings.Index(string(state[end:]), closer)
		if j < 0 {
			t.Skip("fixture layout unexpected")
		}
		end += j + len(closer)
	}
	early := string(state[:end]) + "\n  ]\n}\n"
	earlyPath := filepath.Join(t.TempDir(), "trainer_state.json")
	writeFile(t, earlyPath, []byte(early))
	half := collect(t, Open(earlyPath))
	half.end()
	m := len(half.steps)
	if m == 0 || m >= n {
		t.Fatalf("the early checkpoint has %d records of %d", m, n)
	}
	dir := t.TempDir()
	for _, ck := range []string{"checkpoint-100", "checkpoint-200"} {
		os.Mkdir(filepath.Join(dir, ck), 0o755)
	}
	writeFile(t, filepath.Join(dir, "checkpoint-100", "trainer_state.json"), []byte(early))
	src := Open(dir, WithFollow(true))
	src.recheck = time.Hour // file events alone must do
	c := collect(t, src)
	c.records(m)
	writeFile(t, filepath.Join(dir, "checkpoint-200", "trainer_state.json"), state)
	c.records(n)
	c.event(EventOpened)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.steps) != n {
		t.Fatalf("%d records after a newer checkpoint, want the %d of the full history once", len(c.steps), n)
	}
	for i, s := range full.steps {
		if c.steps[i] != s {
			t.Fatalf("record %d: step %v, want %v", i, c.steps[i], s)
		}
	}
}
