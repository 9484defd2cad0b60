package monitor

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// runsOf returns each run's name and its files relative to dir.
func runsOf(t *testing.T, dir string) map[string][]string {
	t.Helper()
	runs, err := FindRuns(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range runs {
		if _, dup := got[r.Name]; dup {
			t.Errorf("two runs named %q", r.Name)
		}
		files := []string{}
		for _, p := range r.Paths {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		got[r.Name] = files
	}
	return got
}

func TestFindRunsLayouts(t *testing.T) {
	tests := []struct {
		name  string
		files []string // created in this order (oldest first)
		want  map[string][]string
	}{
		{"a TensorBoard logdir: a folder per run, restarts of one run together, nested runs apart",
			[]string{"a/events.out.tfevents.100.h.1.0", "a/events.out.tfevents.200.h.7.0", "b/events.out.tfevents.150.h.2.0",
				"b/eval/events.out.tfevents.150.h.2.1"},
			map[string][]string{
				"a":      {"a/events.out.tfevents.100.h.1.0", "a/events.out.tfevents.200.h.7.0"},
				"b":      {"b/events.out.tfevents.150.h.2.0"},
				"b/eval": {"b/eval/events.out.tfevents.150.h.2.1"}}},
		{"a flat folder of two sources' event files: a run per process",
			[]string{"x-events.out.tfevents.100.gpu1.5.0", "x-events.out.tfevents.300.gpu1.5.1", "y-events.out.tfevents.200.node.cluster.9.0",
				"y-events.out.tfevents.400.node.cluster.11.0"},
			map[string][]string{
				"x-gpu1.5":          {"x-events.out.tfevents.100.gpu1.5.0", "x-events.out.tfevents.300.gpu1.5.1"},
				"y-node.cluster.9":  {"y-events.out.tfevents.200.node.cluster.9.0"},
				"y-node.cluster.11": {"y-events.out.tfevents.400.node.cluster.11.0"}}},
		{"Lightning version_N folders",
			[]string{"lightning_logs/version_0/metrics.csv", "lightning_logs/version_0/hparams.yaml", "lightning_logs/version_1/metrics.csv"},
			map[string][]string{
				"lightning_logs/version_0": {"lightning_logs/version_0/metrics.csv"},
				"lightning_logs/version_1": {"lightning_logs/version_1/metrics.csv"}}},
		{"YOLO expN folders, the event file beside results.csv read",
			[]string{"runs/train/exp/results.csv", "runs/train/exp2/results.csv", "runs/train/exp2/events.out.tfevents.100.h.1.0",
				"runs/train/exp2/weights/best.pt"},
			map[string][]string{
				"runs/train/exp":  {"runs/train/exp/results.csv"},
				"runs/train/exp2": {"runs/train/exp2/events.out.tfevents.100.h.1.0"}}},
		{"HF output dirs: one run each, the newest checkpoint's trainer_state.json, the Trainer's TensorBoard copy left out",
			[]string{"out-a/checkpoint-500/trainer_state.json", "out-a/checkpoint-1000/trainer_state.json", "out-b/checkpoint-20/trainer_state.json",
				"out-a/runs/Nov30_12-00-00_host/events.out.tfevents.100.host.1.0"},
			map[string][]string{
				"out-a": {"out-a/checkpoint-1000/trainer_state.json"},
				"out-b": {"out-b/checkpoint-20/trainer_state.json"}}},
		{"plain logs side by side: a run each; an mmdet .log with its .log.json one run",
			[]string{"lr0.1.log", "lr0.01.log", "sweep/20240101_1200.log", "sweep/20240101_1200.log.json", "sweep/b.jsonl", "notes.md"},
			map[string][]string{
				"lr0.1.log":                    {"lr0.1.log"},
				"lr0.01.log":                   {"lr0.01.log"},
				"sweep/20240101_1200.log.json": {"sweep/20240101_1200.log.json"},
				"sweep/b.jsonl":                {"sweep/b.jsonl"}}},
		{"a subfolder with one log is that run's folder; a Detectron2 output dir is one run",
			[]string{"lr1/train.log", "lr1/config.yaml", "d2/log.txt", "d2/metrics.json"},
			map[string][]string{
				"lr1": {"lr1/train.log"},
				"d2":  {"d2/log.txt", "d2/metrics.json"}}},
		{"a run's own folder is one run named .",
			[]string{"metrics.json", "log.txt"},
			map[string][]string{".": {"metrics.json", "log.txt"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			makeFiles(t, dir, tt.files...)
			if got := runsOf(t, dir); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// The flat tensorboard folder of the corpus holds a Detectron2 run (one
// process, eight files) and two YOLOv5 processes: three runs, never one.
func TestFindRunsSeparatesTheCorpusTensorBoardFolder(t *testing.T) {
	dir := corpustest.Dir(t, "real", "tensorboard")
	got := runsOf(t, dir)
	if len(got) != 3 {
		t.Fatalf("runs %q, want detectron2's and yolov5's two processes", got)
	}
	d2 := got["gralach-detectron2-Chang.23300"]
	if len(d2) != 8 {
		t.Errorf("detectron2's run has %d files: %q", len(d2), d2)
	}
	for name, files := range got {
		for _, f := range files {
			if (name[:7] == "gralach") != (f[:7] == "gralach") {
				t.Errorf("run %s reads %s", name, f)
			}
		}
	}
}

// A sweep folder of links to runs kept elsewhere: each link is a run, a
// link back up is not walked again.
func TestFindRunsFollowsLinks(t *testing.T) {
	store, dir := t.TempDir(), t.TempDir()
	makeFiles(t, store, "a/metrics.csv", "b/events.out.tfevents.100.h.1.0", "c.jsonl")
	for _, l := range [][2]string{{"a", "run-a"}, {"b", "run-b"}, {"c.jsonl", "c.jsonl"}} {
		if err := os.Symlink(filepath.Join(store, l[0]), filepath.Join(dir, l[1])); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	got := runsOf(t, dir)
	want := map[string][]string{"run-a": {"run-a/metrics.csv"}, "run-b": {"run-b/events.out.tfevents.100.h.1.0"}, "c.jsonl": {"c.jsonl"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
