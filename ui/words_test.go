package ui

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

func TestTrendWordsPerRoundStretch(t *testing.T) {
	for _, tc := range []struct {
		name            string
		perStep, window float64
		unit, want      string
	}{
		{"a short run reads per step, not per 1k", -0.36, 1, "step", "falling 36%/step"},
		{"a few hundred steps read per 100", -0.0005, 400, "step", "falling 5.0%/100 steps"},
		{"a long run reads per 10k", 0.00001, 60000, "step", "rising 10%/10,000 steps"},
		{"epochs are counted as epochs", -0.02, 30, "epoch", "falling 20%/10 epochs"},
		{"no change reads flat", 1e-9, 500, "step", "flat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := trendWords(tc.perStep, tc.window, tc.unit); got != tc.want {
				t.Errorf("trendWords(%g, %g) = %q, want %q", tc.perStep, tc.window, got, tc.want)
			}
		})
	}
}

func TestBandReadsInLossUnitsNearZero(t *testing.T) {
	for _, tc := range []struct {
		name       string
		level, rel float64
		want       string
	}{
		{"a narrow band in percent", 0.52, 0.03, "±3%"},
		{"a wide band around a loss near 0 in the loss's units", 0.0455, 0.89, "±0.04"},
		{"a band wider than the level", 0.05, 2.07, "±0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := band(tc.level, tc.rel); got != tc.want {
				t.Errorf("band(%g, %g) = %q, want %q", tc.level, tc.rel, got, tc.want)
			}
		})
	}
}

func TestWrapKeepsNegativeNumbersAndHyphenatedWordsWhole(t *testing.T) {
	for _, text := range []string{
		"the loss is still falling (Mann-Kendall z = -17.2); it has not settled yet",
		"jsonl, detectron2, mmdet, csv, keras-csv, lightning-csv, hf-stdout, keras-stdout",
	} {
		for w := 16; w <= 40; w++ { // wider than the longest word
			lines := wrap(text, w)
			if got := strings.Join(lines, " "); got != text {
				t.Fatalf("width %d: wrapped text %q differs from %q", w, got, text)
			}
			for _, l := range lines {
				if strings.HasSuffix(l, "-") {
					t.Errorf("width %d: line %q ends in a hyphen", w, l)
				}
			}
		}
	}
}

func TestFormatStepRoundsInterpolatedSteps(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{829.2, "829"}, {1719.6, "1,720"}, {0.25, "0.25"}, {12, "12"}, {1482, "1,482"}} {
		if got := formatStep(tc.x); got != tc.want {
			t.Errorf("formatStep(%g) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

func TestValidationOverlayOnlyOverATrainingLoss(t *testing.T) {
	m := testModel(t, 100, 30)
	var b monitor.Batch
	for i := 0; i < 200; i++ {
		s := float64(i)
		b.Records = append(b.Records, decode.Record{Step: s, Metrics: []decode.Metric{
			{Name: "loss", Value: 2 / (1 + s)}, {Name: "val_loss", Value: 2.2 / (1 + s)}, {Name: "lr", Value: 3e-4},
		}})
	}
	b.Format, b.Path, b.Live = "jsonl", "train.log", true
	m = settle(t, send(t, m, ingested(b)))
	if !strings.Contains(plain(m), "+ val") {
		t.Fatal("no validation overlay over the training loss")
	}
	for m.metric() != "lr" {
		m = send(t, m, press("tab"))
	}
	if m.valMetric() != nil || strings.Contains(plain(m), "+ val") {
		t.Error("validation loss overlaid on the learning rate")
	}
}

func TestZoomTitleSaysZoomOrSegment(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	if s := plain(send(t, m, press("left"), press("+"))); !strings.Contains(s, "[zoom ") || strings.Contains(s, "[segment") {
		t.Error("+ zoom not titled as a zoom")
	}
	if s := plain(send(t, m, press("home"), press("["), press("shift+right"), press("]"), press("z"))); !strings.Contains(s, "[segment ") {
		t.Error("z zoom not titled as a segment")
	}
}

func TestPausedChartFitsAResize(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	m = send(t, m, press("p"), sizeMsg(80, 24))
	checkFrame(t, m.View(), 80, 24)
	if !strings.Contains(plain(m), "└") {
		t.Error("the paused chart lost its x axis after shrinking the terminal")
	}
	if ansi.StringWidth(strings.SplitN(m.chart.View(), "\n", 2)[0]) != 78 {
		t.Errorf("paused chart not redrawn at the new width: first row %q", strings.SplitN(m.chart.View(), "\n", 2)[0])
	}
}

func TestStartupSaysWhatItSaw(t *testing.T) {
	for _, tc := range []struct {
		name  string
		batch monitor.Batch
		want  []string
		never string
	}{
		{"an empty file", monitor.Batch{Path: "run.log", Live: true}, []string{"run.log is empty: waiting for the first line"}, "format"},
		{"a partial line", monitor.Batch{Path: "run.log", Live: true, Size: 2048}, []string{"2.0 kB read, no complete line yet"}, "format"},
		{"lines of no known format", monitor.Batch{Path: "run.log", Live: true, Size: 40, Stats: decode.Stats{Lines: 2, Skipped: 2}},
			[]string{"format unknown", "no metric yet: 2 lines read", "known formats:"}, "format?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := plain(settle(t, send(t, testModel(t, 100, 30), ingested(tc.batch))))
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("screen lacks %q:\n%s", w, s)
				}
			}
			if strings.Contains(s, tc.never) {
				t.Errorf("screen has %q", tc.never)
			}
		})
	}
}

func TestSelectedRemedyStaysInView(t *testing.T) {
	m := feed(t, testModel(t, 80, 24), divergingRun)
	f, ok := m.selectedFinding()
	if !ok || len(f.Remedies) < 3 {
		t.Skipf("the diverging run has %d remedies", len(f.Remedies))
	}
	m = send(t, m, press("r"))
	for i := 1; i < len(f.Remedies); i++ {
		m = send(t, m, press("down"))
		r, _ := m.selectedRemedy()
		head := strings.Fields(r.Title)
		if want := "▸ " + strings.Join(head[:min(3, len(head))], " "); !strings.Contains(plain(m), want) {
			t.Errorf("remedy %d selected, %q not on screen:\n%s", i, want, plain(m))
		}
	}
}

func TestLogScaleWithinADecadeTicksRoundValues(t *testing.T) {
	p := &painter{in: chartInput{logY: true}, gh: 20, lo: math.Log10(4.47), hi: math.Log10(11.2)}
	ticks, labels := p.yTicks()
	if len(ticks) < 3 {
		t.Fatalf("ticks %v", labels)
	}
	for i, l := range labels {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil || v != math.Round(v) || math.Abs(math.Log10(v)-ticks[i]) > 1e-9 {
			t.Errorf("tick %q at %g: want a whole number placed at its logarithm (labels %v)", l, ticks[i], labels)
		}
	}
}

func TestLinearTicksAreNotTooFew(t *testing.T) {
	p := &painter{gh: 10, lo: 0, hi: 1.6}
	if _, labels := p.yTicks(); len(labels) < 3 {
		t.Errorf("labels %v for a loss from 0 to 1.6 on 10 rows", labels)
	}
}

func TestNoMetricShowsTheFirstLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.log")
	if err := os.WriteFile(path, []byte("\n  \nepoch one \x1b[31mstarting\x1b[0m now\nmore text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := testModel(t, 80, 24)
	nm, cmd := m.Update(ingested(monitor.Batch{Path: path, Live: true, Size: 50, Stats: decode.Stats{Lines: 4, Skipped: 4}}))
	m = nm.(Model)
	msg := findMsg[firstLineMsg](cmd)
	if msg == nil {
		t.Fatal("no command reads the first line")
	}
	s := plain(settle(t, send(t, m, *msg)))
	if !strings.Contains(s, "first line: epoch one") || !strings.Contains(s, "now") || strings.Contains(s, "\x1b") {
		t.Errorf("first line not shown, or not sanitised:\n%s", s)
	}
	if _, again := m.Update(ingested(monitor.Batch{Path: path, Live: true, Size: 60, Stats: decode.Stats{Lines: 5, Skipped: 5}})); findMsg[firstLineMsg](again) != nil {
		t.Error("the first line is read again on every batch")
	}
}

// findMsg runs cmd, and the commands of a batch one after the other (a test
// model has no source to block on; its redraw clock returns after a frame),
// and returns the first message of type T.
func findMsg[T any](cmd tea.Cmd) *T {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case T:
		return &msg
	case tea.BatchMsg:
		for _, c := range msg {
			if got := findMsg[T](c); got != nil {
				return got
			}
		}
	}
	return nil
}
