package monitor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// runFile is a log found in a directory.
type runFile struct {
	path string
	mod  time.Time
}

// isRunLog reports whether a file name looks like a training log.
func isRunLog(name string) bool {
	n := strings.ToLower(name)
	if strings.Contains(n, "tfevents") || n == "trainer_state.json" {
		return true
	}
	switch filepath.Ext(n) {
	case ".log", ".jsonl", ".ndjson", ".txt", ".csv", ".tsv", ".out", ".json":
		return true
	}
	return false
}

// runLogs lists the logs in dir and in its subdirectories one level down
// (TensorBoard writes each run's event files into a folder of their own).
func runLogs(dir string) ([]runFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var logs []runFile
	add := func(path string, e os.DirEntry) {
		if !e.Type().IsRegular() || !isRunLog(e.Name()) {
			return
		}
		if fi, err := e.Info(); err == nil {
			logs = append(logs, runFile{path: path, mod: fi.ModTime()})
		}
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			add(p, e)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, se := range sub {
			add(filepath.Join(p, se.Name()), se)
		}
	}
	sort.Slice(logs, func(i, j int) bool { return logs[i].path < logs[j].path })
	return logs, nil
}

// newest returns the most recently written of logs ("" when there is none).
func newest(logs []runFile) string {
	best := -1
	for i, l := range logs {
		if best < 0 || l.mod.After(logs[best].mod) || l.mod.Equal(logs[best].mod) && l.path > logs[best].path {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return logs[best].path
}

// runDir reads a directory: once, every TensorBoard event file in it in order
// (a run resumed writes several) or else its newest log; following, its
// newest log, moving on to each new log that appears.
func (s *Source) runDir(ctx context.Context, b *batcher) error {
	if s.follow {
		return s.followDir(ctx, b)
	}
	logs, err := runLogs(s.path)
	if err != nil {
		return err
	}
	var read []string
	for _, l := range logs {
		if strings.Contains(strings.ToLower(filepath.Base(l.path)), "tfevents") {
			read = append(read, l.path)
		}
	}
	if len(read) == 0 {
		if n := newest(logs); n != "" {
			read = []string{n}
		}
	}
	if len(read) == 0 {
		return fmt.Errorf("%s: no training log in this directory", s.path)
	}
	for _, p := range read {
		b.useDecoder(NewDecoder(s.format, p))
		if err := s.readOnce(b, p); err != nil {
			return err
		}
	}
	if err := b.eof(); err != nil {
		return err
	}
	return b.send()
}

// dirFollower picks the log a followed directory is read from.
type dirFollower struct {
	s     *Source
	fl    *follower
	known map[string]bool
}

func (s *Source) followDir(ctx context.Context, b *batcher) error {
	w, err := s.newWaiter(ctx, b, s.path, "")
	if err != nil {
		return err
	}
	defer w.close()
	d := &dirFollower{s: s, fl: newFollower(b, w, ""), known: map[string]bool{}}
	defer d.fl.close()
	logs, err := runLogs(s.path)
	if err != nil {
		return err
	}
	for _, l := range logs {
		d.known[l.path] = true
	}
	if n := newest(logs); n != "" {
		d.use(n)
		if err := d.fl.open(s.fromEnd); err != nil {
			return err
		}
	} else if err := b.event(EventWaiting, fmt.Sprintf("waiting for a training log to appear in %s", s.path)); err != nil {
		return err
	}
	return d.fl.run(d.rescan)
}

// use makes path the followed log, with a decoder of its own.
func (d *dirFollower) use(path string) {
	d.fl.path = path
	d.fl.b.useDecoder(NewDecoder(d.s.format, path))
	d.fl.w.follow(path)
}

// rescan moves to a log that appeared since the last look, if there is one.
// Only new names count: two logs written side by side must not make the
// follower flip between them.
func (d *dirFollower) rescan(others bool) error {
	if !others && d.fl.path != "" {
		return nil
	}
	logs, err := runLogs(d.s.path)
	if err != nil {
		return d.fl.report(err.Error())
	}
	var fresh []runFile
	for _, l := range logs {
		if !d.known[l.path] {
			d.known[l.path] = true
			fresh = append(fresh, l)
		}
	}
	n := newest(fresh)
	if n == "" || n == d.fl.path {
		return nil
	}
	if d.fl.f != nil {
		if _, err := d.fl.read(); err != nil {
			return err
		}
		if err := d.fl.b.flush(); err != nil {
			return err
		}
	}
	d.fl.close()
	d.use(n)
	return d.fl.reopen(EventOpened, fmt.Sprintf("following the newer log %s", n))
}
