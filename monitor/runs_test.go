package monitor

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/decode"
)

// makeFiles creates files in dir (with parent folders), each modified one
// minute after the previous, in the order given.
func makeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		mod := at.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
}

func TestListRunFiles(t *testing.T) {
	tests := []struct {
		name  string
		files []string // created in this order (oldest first)
		want  []string
	}{
		{"event files by the time stamp in their names, whatever their age",
			[]string{"events.out.tfevents.1729241278.host.1.9", "events.out.tfevents.1729238878.host.1.2", "metrics.json", "notes.md"},
			[]string{"events.out.tfevents.1729238878.host.1.2", "events.out.tfevents.1729241278.host.1.9"}},
		{"same second: the writer's counter numerically",
			[]string{"events.out.tfevents.1700000000.h.5.10", "events.out.tfevents.1700000000.h.5.9", "events.out.tfevents.1700000000.h.5.9.v2"},
			[]string{"events.out.tfevents.1700000000.h.5.9", "events.out.tfevents.1700000000.h.5.9.v2", "events.out.tfevents.1700000000.h.5.10"}},
		{"text logs oldest first, other files left out",
			[]string{"train.log", "config.yaml", "metrics.csv", "model.pt", "events.out.tfevents.notanumber"},
			[]string{"train.log", "metrics.csv"}},
		{"the trainer_state.json of the highest checkpoint",
			[]string{"checkpoint-1000/trainer_state.json", "checkpoint-500/trainer_state.json", "checkpoint-1500/model.safetensors", "run.log"},
			[]string{"checkpoint-1000/trainer_state.json", "run.log"}},
		{"runs in subfolders are not mixed in",
			[]string{"run1/events.out.tfevents.1700000000.h.1.0", "run2/train.log"},
			[]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			makeFiles(t, dir, tt.files...)
			got, err := listRunFiles(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{}
			for _, w := range tt.want {
				want = append(want, filepath.Join(dir, w))
			}
			if got == nil {
				got = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
	if _, err := listRunFiles(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("no error for a missing directory")
	}
}

// The eight event files of the gralach detectron2 run, read in the order
// listRunFiles gives (the newest run of the folder, without the yolov5
// files beside it), show the run's restarts: the step goes back to 9
// after the interrupted first run and after each aborted restart.
func TestListRunFilesOrdersARestartedRun(t *testing.T) {
	dir := corpustest.Dir(t, "real", "tensorboard")
	paths, err := listRunFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var firstSteps, lastSteps []float64
	files := 0
	for _, p := range paths {
		if filepath.Base(p)[:7] != "gralach" {
			continue
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := decode.NewDecoder(decode.FormatTFEvents, p)
		recs := d.Flush(d.Feed(data, nil))
		firstSteps = append(firstSteps, recs[0].Step)
		lastSteps = append(lastSteps, recs[len(recs)-1].Step)
	}
	if files != 8 {
		t.Fatalf("%d gralach files in %q", files, paths)
	}
	wantFirst := []float64{19, 9, 9, 9, 9, 19, 319, 1019}
	wantLast := []float64{225, 9, 9, 9, 9, 299, 999, 1999}
	if !reflect.DeepEqual(firstSteps, wantFirst) || !reflect.DeepEqual(lastSteps, wantLast) {
		t.Errorf("first steps %v, last steps %v; want %v, %v", firstSteps, lastSteps, wantFirst, wantLast)
	}
	if files != len(paths) {
		t.Errorf("the folder's newest run is detectron2's: the 2022 yolov5 files are another run's, not read before it: %q", paths)
	}
}
