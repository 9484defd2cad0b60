package ui

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// sweepE2E skips unless LOSSWATCH_E2E=1 and tmux is installed, and builds
// the binary.
func sweepE2E(t *testing.T) string {
	t.Helper()
	if os.Getenv("LOSSWATCH_E2E") != "1" {
		t.Skip("set LOSSWATCH_E2E=1 to drive the built binary in tmux")
	}
	return buildForTmux(t, t.TempDir())
}

func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.run("send-keys", "-t", s.name, k)
		time.Sleep(100 * time.Millisecond) // esc then a key would read as alt+key
	}
}

func TestTensorBoardLogdirOpensOnTheRunsView(t *testing.T) {
	bin := sweepE2E(t)
	src := corpustest.Dir(t, "real", "tensorboard")
	dir := t.TempDir()
	for prefix, run := range map[string]string{"gralach-detectron2": "detectron2", "kimiria-yolov5": "yolov5"} {
		if err := os.MkdirAll(filepath.Join(dir, run), 0o755); err != nil {
			t.Fatal(err)
		}
		matches, _ := filepath.Glob(filepath.Join(src, prefix+"-*"))
		if len(matches) == 0 {
			t.Skipf("no %s event files in the corpus", prefix)
		}
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, run, filepath.Base(m)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := startTmux(t, bin, dir, "sweep-logdir", 100, 30)
	screen := s.waitFor("both runs with a verdict", func(sc string) bool {
		return strings.Contains(sc, "2 runs") && strings.Contains(sc, "detectron2") && strings.Contains(sc, "yolov5") &&
			strings.Count(sc, "tfevents") == 2 && !strings.Contains(sc, "no verdict")
	})
	t.Logf("runs view:\n%s", screen)
	s.keys("/", "yolo", "Enter", "Enter")
	screen = s.waitFor("the YOLOv5 run's own screen", func(sc string) bool {
		return strings.Contains(sc, "findings") && strings.Contains(sc, "kimiria-yolov5")
	})
	if strings.Contains(screen, "total_loss") {
		t.Errorf("the YOLOv5 run charts Detectron2's total_loss:\n%s", screen)
	}
	s.keys("Escape")
	s.waitText("2 runs")
	s.keys("q")
	s.waitText("EXITED 0")
}

// demoSweep writes four demo scenarios side by side in dir, and returns
// the lines of a fifth, lr-too-high, which the test writes live, with the
// step from which watch finds it diverging.
func demoSweep(t *testing.T, bin, dir string) ([]string, int) {
	for _, sc := range []string{"healthy", "lr-too-low", "too-few-nodes", "overfit"} {
		out, err := exec.Command(bin, "demo", "--scenario", sc, "--no-tui", "--out", filepath.Join(dir, sc+".jsonl")).CombinedOutput()
		if err != nil {
			t.Fatalf("demo %s: %v\n%s", sc, err, out)
		}
	}
	full := filepath.Join(t.TempDir(), "lr-too-high.jsonl")
	if out, err := exec.Command(bin, "demo", "--scenario", "lr-too-high", "--no-tui", "--out", full).CombinedOutput(); err != nil {
		t.Fatalf("demo lr-too-high: %v\n%s", err, out)
	}
	in, err := os.Open(full)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	watch := exec.Command(bin, "watch", "--json", "-") // standard input ends; a file would be followed
	watch.Stdin = in
	out, err := watch.Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("watch: %v", err)
	}
	diverges := -1
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && diverges < 0 {
		var e struct{ Event, Kind string }
		var step struct{ Step float64 }
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Event == "finding" && e.Kind == "diverging" {
			_ = json.Unmarshal(sc.Bytes(), &step)
			diverges = int(step.Step)
		}
	}
	if diverges < 0 {
		t.Fatal("watch never finds lr-too-high diverging")
	}
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(strings.TrimSpace(string(data)), "\n"), diverges
}

func TestDemoSweepShowsTheDivergingRunFirstAndOverlaysAll(t *testing.T) {
	bin := sweepE2E(t)
	for _, size := range [][2]int{{100, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			dir := t.TempDir()
			lines, diverges := demoSweep(t, bin, dir)
			live := filepath.Join(dir, "lr-too-high.jsonl")
			f, err := os.Create(live)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			head := diverges * 3 / 4 // steps start at 1: line i is step i+1
			if _, err := f.WriteString(strings.Join(lines[:head], "")); err != nil {
				t.Fatal(err)
			}
			s := startTmux(t, bin, dir, fmt.Sprintf("sweep-%dx%d", size[0], size[1]), size[0], size[1])
			s.waitFor("five runs", func(sc string) bool { return strings.Contains(sc, "5 runs") && strings.Contains(sc, "lr-too-high") })
			// Append like a trainer: 10 lines every 20 ms, noting when the
			// line at which watch finds the run diverging went out.
			var divergedAt time.Time
			for i := head; i < diverges+40 && i < len(lines); i += 10 {
				if _, err := f.WriteString(strings.Join(lines[i:min(i+10, len(lines))], "")); err != nil {
					t.Fatal(err)
				}
				if divergedAt.IsZero() && i+10 >= diverges {
					divergedAt = time.Now()
				}
				time.Sleep(20 * time.Millisecond)
			}
			screen := s.waitFor("lr-too-high first, diverging", func(sc string) bool {
				first := firstRow(sc)
				return strings.Contains(first, "lr-too-high") && strings.Contains(first, "diverging")
			})
			t.Logf("%dx%d: the diverging run is listed first %v after the line at step %d was written",
				size[0], size[1], time.Since(divergedAt).Round(10*time.Millisecond), diverges)
			t.Logf("runs view:\n%s", screen)
			s.keys("o")
			screen = s.waitFor("the overlay of five runs", func(sc string) bool {
				return strings.Contains(sc, "overlay  5 runs") && strings.Contains(sc, "legend")
			})
			for _, name := range []string{"healthy", "lr-too-low", "too-few-nodes", "overfit", "lr-too-high"} {
				if !strings.Contains(screen, name) {
					t.Errorf("the overlay's legend lacks %s:\n%s", name, screen)
				}
			}
			t.Logf("overlay:\n%s", screen)
			s.keys("q")
			s.waitText("EXITED 0")
		})
	}
}

// firstRow returns the runs table's first row: the line after its header.
func firstRow(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, " run ") && strings.Contains(l, "verdict") && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}
