package monitor

import (
	"io/fs"
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
// their own. A dir that is one run's folder gives one run named ".".
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
	var runs []RunInfo
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // an unreadable folder is skipped, not fatal
		}
		rel, _ := filepath.Rel(dir, path)
		if len(dirs) >= maxSweepDirs || strings.Count(rel, string(filepath.Separator)) >= maxSweepDepth {
			return filepath.SkipDir
		}
		if _, ok := checkpointNumber(d.Name()); ok && path != dir {
			return filepath.SkipDir
		}
		dirs = append(dirs, path)
		runs = append(runs, folderRuns(path, rel)...)
		return nil
	})
	slices.SortFunc(runs, func(a, b RunInfo) int { return CompareRunNames(a.Name, b.Name) })
	return runs, dirs, err
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
// numbers (exp2 before exp10).
func CompareRunNames(a, b string) int {
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
