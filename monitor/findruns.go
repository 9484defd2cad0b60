package monitor

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxSweepDirs bounds the folders FindRuns looks into, and maxSweepDepth
// how deep: a sweep is a directory of runs, not a file system.
const (
	maxSweepDirs  = 4096
	maxSweepDepth = 8
)

// runKind says how a run's logs are read.
type runKind uint8

const (
	runFolder runKind = iota // a folder's logs (listRunFiles)
	runFile                  // one log file
	runEvents                // the event files of one writer in a folder
)

// FindRuns lists the runs in dir, sorted by name. A run is:
//
//   - a folder holding TensorBoard event files (several: one run's restarts,
//     read in order), named by the folder's relative path;
//   - a folder holding a log with a name a tool gives its one log
//     (metrics.csv of Lightning's version_N, results.csv of YOLO's expN,
//     metrics.json, log.txt, trainer_state.json), or an output directory
//     whose checkpoint-N folders hold trainer_state.json (the newest wins);
//   - else every other log file (*.log, *.jsonl, *.csv, ...) on its own,
//     named by its relative path.
//
// checkpoint-N folders belong to their output directory and are no runs of
// their own, nor is the runs/ folder of an HF output directory (the
// Trainer's TensorBoard log of the same history). Symbolic links to
// folders are followed. A dir that is one run's folder gives one run named ".".
func FindRuns(dir string) ([]RunInfo, error) {
	runs, _, err := findRuns(dir)
	return runs, err
}

// findRuns is FindRuns, also returning the folders it looked into (where
// new runs may appear).
func findRuns(dir string) ([]RunInfo, []string, error) {
	if _, err := os.ReadDir(dir); err != nil {
		return nil, nil, err
	}
	f := runFinder{root: dir, seen: map[string]bool{}}
	f.walk(dir, ".", 0)
	slices.SortFunc(f.runs, func(a, b RunInfo) int { return CompareRunNames(a.Name, b.Name) })
	return f.runs, f.dirs, nil
}

// runFinder walks a sweep's folders, following symbolic links to folders
// (a sweep made of links to runs) but never into a folder twice.
type runFinder struct {
	root string
	seen map[string]bool // real paths walked
	runs []RunInfo
	dirs []string
}

// walk looks for runs in path and below it; an unreadable folder is
// skipped, not fatal.
func (f *runFinder) walk(path, rel string, depth int) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil || f.seen[real] || len(f.dirs) >= maxSweepDirs {
		return
	}
	f.seen[real] = true
	f.dirs = append(f.dirs, path)
	runs := folderRuns(path, rel)
	f.runs = append(f.runs, runs...)
	if depth >= maxSweepDepth {
		return
	}
	hf := slices.ContainsFunc(runs, isTrainerRun)
	entries, err := os.ReadDir(path)
	if err != nil {
		return
	}
	for _, e := range entries {
		child := filepath.Join(path, e.Name())
		if isDir, _ := entryType(e, child); !isDir {
			continue
		}
		if _, ok := checkpointNumber(e.Name()); ok {
			continue // its output directory's
		}
		if hf && e.Name() == "runs" {
			continue // the Trainer's TensorBoard copy of the run's log_history
		}
		f.walk(child, filepath.Join(rel, e.Name()), depth+1)
	}
}

// folderRuns returns the runs whose logs are directly in one folder.
func folderRuns(path, rel string) []RunInfo {
	events, logs, err := scanRunFolder(path)
	if err != nil {
		return nil
	}
	if len(events) > 0 {
		return eventRuns(path, rel, events)
	}
	if len(logs) == 0 {
		return nil
	}
	files := logPaths(logs)
	if rel != "." && len(files) == 1 || slices.ContainsFunc(files, isRunLogName) {
		return []RunInfo{{Name: runName(rel, ""), Dir: path, Paths: files, kind: runFolder, whole: true}}
	}
	files = slices.DeleteFunc(files, func(f string) bool { return slices.Contains(files, f+".json") })
	runs := make([]RunInfo, 0, len(files))
	for _, f := range files {
		runs = append(runs, RunInfo{Name: runName(rel, filepath.Base(f)), Dir: path, Paths: []string{f}, kind: runFile})
	}
	return runs
}

// eventRuns returns the runs of a folder's event files: one, or one per
// writer when several sources wrote side by side (splitWriters).
func eventRuns(path, rel string, events []eventFile) []RunInfo {
	groups := splitWriters(events)
	runs := make([]RunInfo, 0, len(groups))
	for _, g := range groups {
		r := RunInfo{Name: runName(rel, ""), Dir: path, Paths: eventPaths(g.files), kind: runEvents, writer: g.writer, whole: true}
		if len(groups) > 1 {
			r.Name, r.whole = runName(rel, g.writer.label()), false
		}
		runs = append(runs, r)
	}
	return runs
}

// isTrainerRun reports whether r is an HF Trainer output directory, read
// from its trainer_state.json.
func isTrainerRun(r RunInfo) bool {
	return r.kind == runFolder && slices.ContainsFunc(r.Paths, func(p string) bool { return filepath.Base(p) == "trainer_state.json" })
}

// runName joins a folder's relative path and a name in it, with slashes.
func runName(rel, name string) string { return filepath.ToSlash(filepath.Join(rel, name)) }

// isRunLogName reports whether a log's name is one a tool writes once per
// run, which makes its folder one run's: metrics.csv of Lightning's
// version_N, results.csv of YOLO's expN, Detectron2's metrics.json and
// log.txt, the HuggingFace Trainer's trainer_state.json.
func isRunLogName(path string) bool {
	switch strings.ToLower(filepath.Base(path)) {
	case "metrics.json", "metrics.csv", "results.csv", "trainer_state.json", "log.txt":
		return true
	}
	return false
}

// CompareRunNames orders run names as paths, with numbers in them compared as
// numbers (exp2 before exp10); names that differ only in leading zeros
// (v01, v1) are ordered as text.
func CompareRunNames(a, b string) int {
	if c := compareNatural(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func compareNatural(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
