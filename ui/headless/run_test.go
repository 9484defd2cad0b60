package headless_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
	"github.com/losswatch/losswatch/ui/headless"
)

// checkLog writes text to a file named name and returns check's report on it.
func checkLog(t *testing.T, name, text string) headless.Check {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// decayLog writes n JSON lines of a loss decaying to a floor, with noise,
// a validation loss every 100 steps and one unparsable line.
func decayLog(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		loss := 0.1 + 2*math.Exp(-float64(i)/float64(n/10)) + 0.01*math.Sin(float64(i)*1.7)
		if i%100 == 0 {
			fmt.Fprintf(&b, `{"step": %d, "loss": %.6f, "val_loss": %.6f, "lr": 0.001}`+"\n", i, loss, loss*1.1)
		} else {
			fmt.Fprintf(&b, `{"step": %d, "loss": %.6f, "lr": 0.001}`+"\n", i, loss)
		}
		if i == n/2 {
			b.WriteString("Epoch 3: saving checkpoint\n")
		}
	}
	path := filepath.Join(t.TempDir(), "train.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunCheckCountsEveryLineAndJudgesTheRun(t *testing.T) {
	path := decayLog(t, 3000)
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), "train.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "train.jsonl" || c.Format != decode.FormatJSONL || c.Lines != 3001 || c.Records != 3000 || c.Skipped != 1 {
		t.Errorf("file %q format %q lines %d records %d skipped %d; want train.jsonl jsonl 3001 3000 1", c.File, c.Format, c.Lines, c.Records, c.Skipped)
	}
	if c.Primary != "loss" || c.Metrics["loss"].Points != 3000 || c.Metrics["val_loss"].Points != 30 {
		t.Errorf("primary %q, loss points %d, val_loss points %d", c.Primary, c.Metrics["loss"].Points, c.Metrics["val_loss"].Points)
	}
	if c.Verdict != detect.VerdictConverged || c.ConvergenceStep == nil {
		t.Errorf("verdict %s, convergence %v: want converged with a step", c.Verdict, c.ConvergenceStep)
	}
}

func TestRunCheckWithPrimaryJudgesThatMetric(t *testing.T) {
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(decayLog(t, 2000)), monitor.WithPrimary("val_loss")), "f")
	if err != nil {
		t.Fatal(err)
	}
	if c.Primary != "val_loss" {
		t.Fatalf("primary %q, want val_loss", c.Primary)
	}
}

func TestRunCheckReportsAMissingFile(t *testing.T) {
	_, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(filepath.Join(t.TempDir(), "nope.log"))), "nope.log")
	if err == nil {
		t.Fatal("no error for a missing file")
	}
}

func TestWriteTextShowsVerdictFindingsAndRemedies(t *testing.T) {
	var b bytes.Buffer
	c := headless.NewCheck("run\x1b[31m.log", decode.FormatJSONL, decode.Stats{Lines: 10, Records: 9, Skipped: 1, SkipReasons: map[string]int64{"malformed": 1}},
		detect.State{Primary: "loss", Verdict: detect.VerdictDiverging, Metrics: map[string]detect.Summary{"loss": {Points: 9, FirstStep: detect.IntStep(1), LastStep: detect.IntStep(12000), Last: math.NaN(), Min: 0.5, MinStep: detect.IntStep(3),
			Whole: detect.Extent{Points: 9, FirstStep: detect.IntStep(1), Min: 0.5, MinStep: detect.IntStep(3)}}},
			Findings: []detect.Finding{{Kind: "nonfinite", Metric: "loss", Step: detect.IntStep(9), SinceStep: detect.IntStep(12000), Severity: detect.SeverityCritical, Confidence: 1,
				Message: "loss became NaN", Remedies: []detect.Remedy{{ID: "lower-lr", Title: "Lower the learning rate", Why: "it overflowed", Snippet: "lr = 1e-4"}}}}})
	if err := c.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"verdict: DIVERGING", "nonfinite [critical, confidence 100%] since step 12000", "loss became NaN",
		"→ Lower the learning rate: it overflowed", "lr = 1e-4", "1 skipped (1 malformed)", "last n/a", "steps 1–12000"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("report carries an escape character from the file name:\n%q", out)
	}
}

// BenchmarkRunCheck measures check's whole pipeline — read, parse, judge —
// in MB/s of log, against reading the same file alone.
func BenchmarkRunCheck(b *testing.B) {
	path := decayLog(b, 200000)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read-only", func(b *testing.B) {
		for b.Loop() {
			if _, err := os.ReadFile(path); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(st.Size())*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if _, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(st.Size())*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	})
}

func TestRunCheckCountsEveryPointAcrossRestarts(t *testing.T) {
	// A run resumed from its checkpoint at step 50: steps 1–80, then 50–120.
	var b strings.Builder
	for i := 1; i <= 80; i++ {
		fmt.Fprintf(&b, `{"step": %d, "loss": %.4f}`+"\n", i, 2/float64(i))
	}
	for i := 50; i <= 120; i++ {
		fmt.Fprintf(&b, `{"step": %d, "loss": %.4f}`+"\n", i, 3/float64(i))
	}
	c := checkLog(t, "resumed.jsonl", b.String())
	m := c.Metrics["loss"]
	if m.Points != 151 || m.FirstStep != detect.IntStep(1) || m.LastStep != detect.IntStep(120) || m.Restarts != 1 {
		t.Errorf("whole log: points %d, steps %v–%v, restarts %d; want 151, 1–120, 1", m.Points, m.FirstStep, m.LastStep, m.Restarts)
	}
	if m.Min != 0.025 || m.MinStep != detect.IntStep(80) {
		t.Errorf("whole-log min %v at %v, want 0.025 at 80", m.Min, m.MinStep)
	}
	if m.Segment == nil || m.Segment.Points != 71 || m.Segment.FirstStep != detect.IntStep(50) {
		t.Errorf("latest segment = %+v, want 71 points from step 50", m.Segment)
	}
}
