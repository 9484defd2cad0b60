package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// accuracyRun is a synthetic run that logs only step and accuracy (and a
// loss when loss is set): 300 points of shape(i) plus Gaussian noise.
type accuracyRun struct {
	shape func(i int) float64
	noise float64
	loss  bool
}

// write puts the run in a JSONL file in dir and returns its path.
func (r accuracyRun) write(t *testing.T, dir, name string) string {
	t.Helper()
	rng := rand.New(rand.NewSource(1))
	var b strings.Builder
	for i := 0; i < 300; i++ {
		acc := r.shape(i) + rng.NormFloat64()*r.noise
		if r.loss {
			fmt.Fprintf(&b, "{\"step\": %d, \"loss\": %g, \"accuracy\": %g}\n", i, 2.3*math.Exp(-float64(i)/50)+0.1, acc)
		} else {
			fmt.Fprintf(&b, "{\"step\": %d, \"accuracy\": %g}\n", i, acc)
		}
	}
	path := filepath.Join(dir, name+".jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// accuracyReport is the part of check --json the accuracy tests read.
type accuracyReport struct {
	Primary string `json:"primary"`
	Verdict string `json:"verdict"`
	Metrics map[string]struct {
		Last           float64  `json:"last"`
		Min            float64  `json:"min"`
		Max            *float64 `json:"max"`
		HigherIsBetter bool     `json:"higher_is_better"`
	} `json:"metrics"`
	Findings []struct {
		Kind     string             `json:"kind"`
		Message  string             `json:"message"`
		Evidence map[string]float64 `json:"evidence"`
		Remedies []struct {
			Why string `json:"why"`
		} `json:"remedies"`
	} `json:"findings"`
}

func learning(i int) float64   { return 0.95 - 0.85*math.Exp(-float64(i)/30) }
func collapsing(i int) float64 { return learning(min(i, 150)) - 0.6*float64(max(0, i-150))/150 }

func TestCheckJudgesAccuracyTheRightWayUp(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		run     accuracyRun
		verdict string
		says    []string // in the verdict finding's message
	}{
		{"learning", accuracyRun{shape: learning, noise: 0.005}, "converged", []string{"rose from", "gap to 1"}},
		{"learning-percent", accuracyRun{shape: func(i int) float64 { return 100 * learning(i) }, noise: 0.5}, "converged", []string{"rose from", "gap to 100"}},
		{"collapsing", accuracyRun{shape: collapsing, noise: 0.005}, "diverging", []string{"has fallen to", "from its smoothed best 0.9"}},
		{"chance", accuracyRun{shape: func(int) float64 { return 0.1 }, noise: 0.01}, "plateau", []string{"stuck around 0.1"}},
		{"slow", accuracyRun{shape: func(i int) float64 { return 0.1 + 0.0005*float64(i) }, noise: 0.003}, "slow", []string{"rising, but slowly", "up only from"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checkAccuracy(t, tc.run.write(t, dir, tc.name))
			if rep.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s: %+v", rep.Verdict, tc.verdict, rep.Findings)
			}
			assertOwnTerms(t, rep, tc.says)
		})
	}
}

func TestCheckJudgesAskedForAccuracyBesideALoss(t *testing.T) {
	path := accuracyRun{shape: collapsing, loss: true}.write(t, t.TempDir(), "with-loss")
	if rep := checkAccuracy(t, path); rep.Primary != "loss" || rep.Verdict != "converged" || rep.Metrics["loss"].Max != nil {
		t.Errorf("without --metric: primary %s, verdict %s, loss max %v; want the falling loss judged converged, its report as before",
			rep.Primary, rep.Verdict, rep.Metrics["loss"].Max)
	}
	rep := checkAccuracy(t, path, "--metric", "accuracy")
	if rep.Verdict != "diverging" {
		t.Fatalf("--metric accuracy: verdict %s, want diverging", rep.Verdict)
	}
	assertOwnTerms(t, rep, []string{"has fallen to"})
}

// checkAccuracy runs check --json on path and decodes the report.
func checkAccuracy(t *testing.T, path string, args ...string) accuracyReport {
	t.Helper()
	r := losswatch(t, nil, append(append([]string{"check", "--json"}, args...), path)...)
	var rep accuracyReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("check --json %s: %v\n%s%s", path, err, r.stdout, r.stderr)
	}
	return rep
}

// assertOwnTerms checks that the report on an accuracy primary speaks of
// it in its own terms: its best is its highest, the verdict finding says
// says, and no message or remedy calls it a loss.
func assertOwnTerms(t *testing.T, rep accuracyReport, says []string) {
	t.Helper()
	m := rep.Metrics["accuracy"]
	if rep.Primary != "accuracy" || !m.HigherIsBetter || m.Max == nil || *m.Max < m.Last || *m.Max <= m.Min {
		t.Fatalf("primary %s, accuracy report %+v: want it judged, its highest reported", rep.Primary, m)
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Kind != rep.Verdict {
		t.Fatalf("findings %+v: want the verdict's first", rep.Findings)
	}
	f := rep.Findings[0]
	for _, s := range says {
		if !strings.Contains(f.Message, s) {
			t.Errorf("message %q does not say %q", f.Message, s)
		}
	}
	if best, end := f.Evidence["best"], f.Evidence["end"]; best < end-0.02*math.Abs(end) || best > *m.Max {
		t.Errorf("evidence best %g, end %g, highest %g: the best of an accuracy is its highest level", best, end, *m.Max)
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "loss") {
			t.Errorf("%s message calls accuracy a loss: %s", f.Kind, f.Message)
		}
		for _, r := range f.Remedies {
			if strings.Contains(r.Why, "the loss") || strings.Contains(r.Why, "(loss ") {
				t.Errorf("%s remedy calls accuracy a loss: %s", f.Kind, r.Why)
			}
		}
	}
}

func TestCheckTextNamesTheHighestAccuracyItsBest(t *testing.T) {
	path := accuracyRun{shape: collapsing}.write(t, t.TempDir(), "collapsing")
	r := losswatch(t, nil, "check", path)
	if r.code != 1 || !strings.Contains(r.stdout, "best 0.944") {
		t.Errorf("check (exit %d) does not name the highest accuracy, 0.944, its best:\n%s", r.code, r.stdout)
	}
}
