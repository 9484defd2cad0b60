package monitor

import (
	"io/fs"
	"os"
	"path/filepath"
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
	if _, err := os.ReadDir(dir); err != nil {
		return nil, err
	}
	var runs []RunInfo
	seen := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil // an unreadable folder is skipped, not fatal
		}
		rel, _ := filepath.Rel(dir, path)
		if seen++; seen > maxSweepDirs || strings.Count(rel, string(filepath.Separator)) >= maxSweepDepth {
			return filepath.SkipDir
		}
		if _, ok := checkpointNumber(d.Name()); ok && path != dir {
			return filepath.SkipDir
		}
		runs = append(runs, folderRuns(path, rel)...)
		return nil
	})
	return runs, err
}

// folderRuns returns the runs whose logs are directly in one folder.
func folderRuns(path, rel string) []RunInfo {
	files, err := listRunFiles(path)
	if err != nil || len(files) == 0 {
		return nil
	}
	if oneRunFolder(files) {
		return []RunInfo{{Name: filepath.ToSlash(rel), Dir: path, Paths: files, kind: runFolder}}
	}
	runs := make([]RunInfo, 0, len(files))
	for _, f := range files {
		name := filepath.ToSlash(filepath.Join(rel, filepath.Base(f)))
		runs = append(runs, RunInfo{Name: name, Dir: path, Paths: []string{f}, kind: runFile})
	}
	return runs
}

// oneRunFolder reports whether a folder's logs are one run's: event files,
// or a log with a name that a tool writes once per run.
func oneRunFolder(files []string) bool {
	for _, f := range files {
		name := filepath.Base(f)
		if _, ok := parseEventFileName(name); ok {
			return true
		}
		switch strings.ToLower(name) {
		case "metrics.json", "metrics.csv", "results.csv", "trainer_state.json", "log.txt":
			return true
		}
	}
	return false
}

// compareNames orders run names as paths, with numbers in them compared as
// numbers (exp2 before exp10).
func compareNames(a, b string) int {
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
