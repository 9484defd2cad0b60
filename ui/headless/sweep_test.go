package headless

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/demo"
)

// copyFiles copies the files of src whose names start with prefix into dst.
func copyFiles(t *testing.T, src, prefix, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sweepJSON checks dir as check --json DIR does and decodes the output.
func sweepJSON(t *testing.T, dir string) (SweepCheck, map[string]any) {
	t.Helper()
	rep, err := RunSweepCheck(context.Background(), monitor.NewSweep(dir))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	return rep, raw
}

// A TensorBoard logdir with a folder per run: each run is reported with
// its own metrics and verdict, as a single log's object plus "run".
func TestCheckSweepTensorBoardLogdir(t *testing.T) {
	corpus := corpustest.Dir(t, "real", "tensorboard")
	dir := t.TempDir()
	copyFiles(t, corpus, "gralach-detectron2", filepath.Join(dir, "detectron2"))
	copyFiles(t, corpus, "kimiria-yolov5", filepath.Join(dir, "yolov5"))
	rep, raw := sweepJSON(t, dir)
	names := []string{}
	for _, r := range rep.Runs {
		names = append(names, r.Run)
	}
	if !slices.Equal(names, []string{"detectron2", "yolov5"}) {
		t.Fatalf("runs %q, want detectron2 and yolov5", names)
	}
	d2, yolo := rep.Runs[0], rep.Runs[1]
	if _, ok := d2.Metrics["total_loss"]; !ok || d2.Primary != "total_loss" {
		t.Errorf("detectron2 judged %q, metrics %v", d2.Primary, keys(d2.Metrics))
	}
	if _, ok := yolo.Metrics["train/box_loss"]; !ok || yolo.Primary != "train/box_loss" {
		t.Errorf("yolov5 judged %q, metrics %v", yolo.Primary, keys(yolo.Metrics))
	}
	for m := range d2.Metrics {
		if _, both := yolo.Metrics[m]; both {
			t.Errorf("metric %s in both runs", m)
		}
	}
	if d2.Verdict == "" || yolo.Verdict == "" || rep.Summary.Runs != 2 {
		t.Errorf("verdicts %q %q, summary %+v", d2.Verdict, yolo.Verdict, rep.Summary)
	}
	runs, _ := raw["runs"].([]any)
	for _, r := range runs {
		obj := r.(map[string]any)
		for _, field := range []string{"run", "file", "format", "lines", "records", "skipped", "metrics", "primary", "verdict", "convergence_step", "findings"} {
			if _, ok := obj[field]; !ok {
				t.Errorf("run object without %q", field)
			}
		}
	}
	sum, _ := raw["summary"].(map[string]any)
	for _, field := range []string{"runs", "verdicts", "worst", "failing", "errors"} {
		if _, ok := sum[field]; !ok {
			t.Errorf("summary without %q", field)
		}
	}
}

// The corpus's flat folder: its runs are kept apart by writer, and no
// YOLOv5 metric is ever charted under the Detectron2 run.
func TestCheckSweepFlatTensorBoardFolder(t *testing.T) {
	rep, _ := sweepJSON(t, corpustest.Dir(t, "real", "tensorboard"))
	if len(rep.Runs) < 2 {
		t.Fatalf("%d runs", len(rep.Runs))
	}
	for _, r := range rep.Runs {
		d2 := strings.Contains(r.Run, "detectron2")
		for m := range r.Metrics {
			if yoloMetric := strings.Contains(m, "box_loss") || strings.Contains(m, "mAP"); yoloMetric && d2 {
				t.Errorf("run %s has YOLO's %s", r.Run, m)
			}
			if m == "total_loss" && !d2 {
				t.Errorf("run %s has Detectron2's total_loss", r.Run)
			}
		}
		if !strings.Contains(filepath.Base(r.File), strings.SplitN(r.Run, "-", 2)[0]) {
			t.Errorf("run %s read %s", r.Run, r.File)
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sweepSteps is how long the demo runs of a test sweep train: short, for
// the race detector slows the training tenfold, and long enough for each
// scenario to show its trouble.
const sweepSteps = 500

// writeScenario writes a demo scenario's whole log to path.
func writeScenario(t *testing.T, path, scenario string, steps int) {
	t.Helper()
	var buf bytes.Buffer
	if err := demo.Run(context.Background(), scenario, &buf, demo.WithSteps(steps)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Check over a folder of demo runs side by side: a line per run, the
// summary, and the exit status of the worst.
func TestCheckSweepText(t *testing.T) {
	dir := t.TempDir()
	writeScenario(t, filepath.Join(dir, "healthy.jsonl"), "healthy", sweepSteps)
	writeScenario(t, filepath.Join(dir, "lr-too-high.jsonl"), "lr-too-high", sweepSteps)
	if err := os.WriteFile(filepath.Join(dir, "broken.log"), []byte("no metrics here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := RunSweepCheck(context.Background(), monitor.NewSweep(dir))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 5 || lines[2] != "" || lines[4] != "no metric found in broken.log" {
		t.Fatalf("want 2 run lines, a blank, the summary and the log without metrics:\n%s", buf.String())
	}
	for i, want := range []string{"healthy.jsonl", "lr-too-high.jsonl"} {
		if !strings.HasPrefix(lines[i], want+" ") {
			t.Errorf("line %d %q, want run %s", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[1], "DIVERGING") || !strings.Contains(lines[3], "2 runs") || !strings.Contains(lines[3], "worst diverging") {
		t.Errorf("the diverging run is not reported as such:\n%s", buf.String())
	}
	if rep.ExitCode() != 1 || rep.Summary.Failing != 1 {
		t.Errorf("exit %d, summary %+v; want 1 (one failing run)", rep.ExitCode(), rep.Summary)
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// watchEvents decodes watch --json lines.
func watchEvents(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		evs = append(evs, e)
	}
	return evs
}

// waitFor polls out until some event satisfies ok, or fails after limit.
func waitFor(t *testing.T, out *syncBuffer, limit time.Duration, what string, ok func(map[string]any) bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if slices.ContainsFunc(watchEvents(t, out.String()), ok) {
			return
		}
	}
	t.Fatalf("no %s in %s:\n%s", what, limit, out.String())
}

// startSweepWatch runs watch --json on dir until the test ends.
func startSweepWatch(t *testing.T, dir string, w io.Writer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	s := monitor.NewSweep(dir, monitor.WithRunSource(monitor.WithFollow(true)))
	go func() { done <- RunSweepWatch(ctx, s, NewWatchWriter(w, true), nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch: %v", err)
		}
	})
}

// A sweep made by the demo — five scenarios side by side, one of them still
// being written: watch reports the diverging run's finding with its run's
// name, and no other run diverges.
func TestWatchSweepReportsTheDivergingRun(t *testing.T) {
	dir := t.TempDir()
	for _, sc := range []string{"healthy", "lr-too-low", "too-few-nodes", "overfit"} {
		writeScenario(t, filepath.Join(dir, sc+".jsonl"), sc, sweepSteps)
	}
	live, err := os.Create(filepath.Join(dir, "lr-too-high.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	out := &syncBuffer{}
	startSweepWatch(t, dir, out)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go demo.Run(ctx, "lr-too-high", live, demo.WithSteps(sweepSteps), demo.WithSpeed(2000))
	waitFor(t, out, 20*time.Second, "diverging finding of lr-too-high.jsonl", func(e map[string]any) bool {
		return e["event"] == "finding" && e["kind"] == string(detect.KindDiverging) && e["run"] == "lr-too-high.jsonl"
	})
	for _, e := range watchEvents(t, out.String()) {
		if e["run"] == nil || e["run"] == "" {
			t.Errorf("event without its run: %v", e)
		}
		if e["event"] == "finding" && e["kind"] == string(detect.KindDiverging) && e["run"] != "lr-too-high.jsonl" {
			t.Errorf("run %v diverges", e["run"])
		}
	}
}

// A run that appears in a watched folder — in a new subfolder — is picked
// up and followed.
func TestWatchSweepPicksUpANewRun(t *testing.T) {
	dir := t.TempDir()
	mustMkdir(t, filepath.Join(dir, "a"))
	writeScenario(t, filepath.Join(dir, "a", "metrics.jsonl"), "healthy", 300)
	out := &syncBuffer{}
	startSweepWatch(t, dir, out)
	waitFor(t, out, 10*time.Second, "records of run a", func(e map[string]any) bool { return e["event"] == "records" && e["run"] == "a" })
	if err := os.MkdirAll(filepath.Join(dir, "b", "c"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeScenario(t, filepath.Join(dir, "b", "c", "metrics.jsonl"), "healthy", 300)
	waitFor(t, out, 10*time.Second, "records of the new run b/c", func(e map[string]any) bool {
		return e["event"] == "records" && e["run"] == "b/c"
	})
}

func TestExecGetsTheRun(t *testing.T) {
	e := alertFor(detect.KindDiverging, detect.SeverityCritical)
	if env := alertEnv(e); slices.ContainsFunc(env, func(s string) bool { return strings.HasPrefix(s, "LOSSWATCH_RUN=") }) {
		t.Errorf("LOSSWATCH_RUN set for a single log: %q", env)
	}
	e.Run = "sweep/lr0.1"
	if env := alertEnv(e); !slices.Contains(env, "LOSSWATCH_RUN=sweep/lr0.1") {
		t.Errorf("no LOSSWATCH_RUN in %q", env)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}
