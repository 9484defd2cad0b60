package monitor

import (
	"bufio"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/internal/synthlog"
)

// checkState reads path to its end through a pipeline made with opts, as
// check does, and returns the detector's state.
func checkState(t *testing.T, path string, opts ...PipelineOption) detect.State {
	t.Helper()
	p := NewPipeline(Open(path), opts...)
	out := make(chan Update, 4)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(context.Background(), out) }()
	for range out {
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return p.State()
}

// sameJudgement fails t where the hindsight state h differs from the live
// state l in anything but where the convergence point was declared: the
// live tracker keeps the point it declared while the run went on (so that
// the mark does not move with every point), which only its periodic
// judgements can know; hindsight places it where the judgement of the whole
// run does. That point must stay within a tenth of the run of the live one.
func sameJudgement(t *testing.T, name string, l, h detect.State) {
	t.Helper()
	if l.Verdict != h.Verdict || l.Live != h.Live || l.Primary != h.Primary {
		t.Errorf("%s: verdict %s/%s live %s/%s primary %s/%s (live/hindsight)", name, l.Verdict, h.Verdict, l.Live, h.Live, l.Primary, h.Primary)
		return
	}
	if (l.Convergence == nil) != (h.Convergence == nil) {
		t.Errorf("%s: convergence %v, hindsight %v", name, l.Convergence, h.Convergence)
		return
	}
	if c := l.Convergence; c != nil {
		if c.Level != h.Convergence.Level || c.BandRel != h.Convergence.BandRel {
			t.Errorf("%s: convergence %+v, hindsight %+v", name, *c, *h.Convergence)
		}
	}
	if len(l.Findings) != len(h.Findings) {
		t.Errorf("%s: %d findings, hindsight %d", name, len(l.Findings), len(h.Findings))
		return
	}
	for i, f := range l.Findings {
		g := h.Findings[i]
		if f.Kind != g.Kind || f.Metric != g.Metric || f.Step != g.Step || f.Severity != g.Severity || f.Confidence != g.Confidence || len(f.Remedies) != len(g.Remedies) {
			t.Errorf("%s: finding %+v, hindsight %+v", name, f, g)
			continue
		}
		if f.Kind != detect.KindConverged && (f.Message != g.Message || f.SinceStep != g.SinceStep) {
			t.Errorf("%s: finding %q since %v, hindsight %q since %v", name, f.Message, f.SinceStep, g.Message, g.SinceStep)
		}
	}
	for k, m := range l.Metrics {
		if !sameSummary(m, h.Metrics[k]) {
			t.Errorf("%s: metric %s %+v, hindsight %+v", name, k, m, h.Metrics[k])
		}
	}
}

func TestHindsightJudgesTheCorpusAsTheLiveTracker(t *testing.T) {
	for _, sub := range []string{"real", "pytorch-dev"} {
		dir := corpustest.Dir(t, sub)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, ".json") && filepath.Base(path) == "labels.json" || strings.HasSuffix(path, ".md") {
				return err
			}
			name, _ := filepath.Rel(dir, path)
			sameJudgement(t, sub+"/"+name, checkState(t, path), checkState(t, path, WithHindsight()))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestHindsightJudgesLongLogsAsTheLiveTracker(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	for seed, format := range []string{"jsonl", "keras-csv", "lightning-csv", "hf", "tfevents"} {
		path := filepath.Join(t.TempDir(), "train."+format)
		writeSynth(t, path, format, n, seed+1)
		sameJudgement(t, format, checkState(t, path), checkState(t, path, WithHindsight()))
	}
}

// writeSynth writes an n-record synthetic log of format to path.
func writeSynth(t *testing.T, path, format string, n, seed int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synthlog.Write(w, format, n, uint64(seed)); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// sameSummary reports whether a and b are equal, NaN equal to NaN.
func sameSummary(a, b detect.Summary) bool {
	same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return same(a.Last, b.Last) && same(a.Min, b.Min) && same(a.Whole.Min, b.Whole.Min) &&
		a.Points == b.Points && a.FirstStep == b.FirstStep && a.LastStep == b.LastStep && a.MinStep == b.MinStep &&
		a.Restarts == b.Restarts && a.Nonfinite == b.Nonfinite && a.Whole.Points == b.Whole.Points &&
		a.Whole.FirstStep == b.Whole.FirstStep && a.Whole.MinStep == b.Whole.MinStep
}
