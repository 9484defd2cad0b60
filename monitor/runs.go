package monitor

import (
	"cmp"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listRunFiles returns the files of the training run in dir, in the order
// they should be read:
//
//   - every TensorBoard event file in dir, ordered by the time stamp in its
//     name (events.out.tfevents.<unix time>.<host>.<pid>.<n>): a run that was
//     restarted or resumed writes a new file and continues there;
//   - when there is none, the run's logs (known names such as metrics.json,
//     trainer_state.json, results.csv, and *.log, *.jsonl, *.csv, ...),
//     oldest first by modification time, so the log to follow is the last.
//     A HuggingFace output directory keeps trainer_state.json in its
//     checkpoint-N folders; that of the highest N, which holds the whole
//     history, counts as one of the logs.
//
// Subdirectories are not searched otherwise: each holds a run of its own.
// The list is empty when dir holds no log.
func listRunFiles(dir string) ([]string, error) { return listRunFilesOf(dir, nil) }

// listRunFilesOf is listRunFiles for the run whose event files are those of
// writer only (nil: the writer of the newest event file, when the folder
// holds several side by side — see splitWriters).
func listRunFilesOf(dir string, writer *eventWriter) ([]string, error) {
	events, logs, err := scanRunFolder(dir)
	if err != nil {
		return nil, err
	}
	if len(events) > 0 {
		if writer == nil {
			if groups := splitWriters(events); len(groups) > 1 {
				events = newestGroup(groups)
			}
		} else {
			events = slices.DeleteFunc(events, func(ev eventFile) bool { return !writer.wrote(ev) })
		}
		return eventPaths(events), nil
	}
	return logPaths(logs), nil
}

// eventPaths returns the paths of event files.
func eventPaths(events []eventFile) []string {
	paths := make([]string, len(events))
	for i, ev := range events {
		paths[i] = ev.path
	}
	return paths
}

// scanRunFolder returns the event files of a folder in reading order and
// its other logs, oldest first (the trainer_state.json of the highest
// checkpoint-N among them).
func scanRunFolder(dir string) ([]eventFile, []datedFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var events []eventFile
	var logs []datedFile
	bestCheckpoint := -1
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		isDir, isFile := entryType(e, path)
		if isDir {
			if n, ok := checkpointNumber(name); ok && n > bestCheckpoint {
				if fi, err := os.Stat(filepath.Join(path, "trainer_state.json")); err == nil && fi.Mode().IsRegular() {
					bestCheckpoint = n
				}
			}
			continue
		}
		if !isFile {
			continue
		}
		if ev, ok := parseEventFileName(name); ok {
			ev.path = path
			events = append(events, ev)
			continue
		}
		if isLogName(name) {
			if fi, err := os.Stat(path); err == nil { // a link's target's time
				logs = append(logs, datedFile{path: path, mod: fi.ModTime()})
			}
		}
	}
	slices.SortFunc(events, compareEventFiles)
	if bestCheckpoint >= 0 {
		path := filepath.Join(dir, "checkpoint-"+strconv.Itoa(bestCheckpoint), "trainer_state.json")
		if fi, err := os.Stat(path); err == nil {
			logs = append(logs, datedFile{path: path, mod: fi.ModTime()})
		}
	}
	slices.SortFunc(logs, func(a, b datedFile) int {
		if c := a.mod.Compare(b.mod); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	return events, logs, nil
}

// logPaths returns the paths of logs.
func logPaths(logs []datedFile) []string {
	paths := make([]string, len(logs))
	for i, l := range logs {
		paths[i] = l.path
	}
	return paths
}

// entryType says whether a folder's entry is a directory or a regular
// file, following a symbolic link (a sweep folder of links to runs, a log
// linked into its run's folder).
func entryType(e fs.DirEntry, path string) (isDir, isFile bool) {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir(), e.Type().IsRegular()
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false, false
	}
	return fi.IsDir(), fi.Mode().IsRegular()
}

// datedFile is a log and its modification time.
type datedFile struct {
	path string
	mod  time.Time
}

// eventFile is a TensorBoard event file and the parts of its name that
// order it.
type eventFile struct {
	path   string
	name   string
	stamp  int64 // unix seconds from the name
	seq    int64 // the last number after the host (the writer's counter), -1 when none
	writer eventWriter
}

// parseEventFileName recognises an event file by "tfevents.<digits>" in its
// name (anything may precede it).
func parseEventFileName(name string) (eventFile, bool) {
	i := strings.Index(name, "tfevents.")
	if i < 0 {
		return eventFile{}, false
	}
	rest := name[i+len("tfevents."):]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	stamp, err := strconv.ParseInt(rest[:digits], 10, 64)
	if err != nil {
		return eventFile{}, false
	}
	ev := eventFile{name: name, stamp: stamp, seq: -1}
	prefix := strings.TrimSuffix(name[:i], "events.out.")
	ev.writer = parseWriter(prefix, strings.Split(rest[digits:], "."))
	if n, err := strconv.ParseInt(ev.writer.seq, 10, 64); err == nil {
		ev.seq = n
	}
	return ev, true
}

// compareEventFiles orders by time stamp, then by the writer's counter
// (numerically: .10 after .9), then by name.
func compareEventFiles(a, b eventFile) int {
	if a.stamp != b.stamp {
		return cmp.Compare(a.stamp, b.stamp)
	}
	if a.seq != b.seq {
		return cmp.Compare(a.seq, b.seq)
	}
	return strings.Compare(a.name, b.name)
}

// checkpointNumber returns N of a "checkpoint-N" folder.
func checkpointNumber(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "checkpoint-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// isLogName reports whether a file name is one a training run writes its
// metrics to.
func isLogName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "metrics.json", "metrics.csv", "results.csv", "trainer_state.json", "log.txt", "train.log", "training.log":
		return true
	}
	switch filepath.Ext(n) {
	case ".log", ".jsonl", ".ndjson", ".csv", ".tsv", ".txt", ".out":
		return true
	case ".json":
		return strings.HasSuffix(n, ".log.json") || strings.Contains(n, "metrics") || strings.Contains(n, "trainer_state")
	}
	return false
}
