package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// xLabels returns the x axis labels line of the chart (the one under the
// axis line).
func xLabels(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "└") && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

func TestXAxisTogglesStepEpochWallTime(t *testing.T) {
	m := settle(t, send(t, testModel(t, 160, 48), manyMetrics(400)...))
	if got := xLabels(plain(m)); !strings.Contains(got, "2,000") {
		t.Errorf("step axis labels: %q", got)
	}
	m = send(t, m, press("x"))
	screen := plain(m)
	if !strings.Contains(screen, "x: epoch") {
		t.Errorf("no epoch axis in the title:\n%s", screen)
	}
	if got := xLabels(screen); !strings.Contains(got, " 1 ") || !strings.Contains(got, " 3 ") || strings.Contains(got, "2,000") {
		t.Errorf("epoch axis labels: %q", got)
	}
	m = send(t, m, press("x"))
	screen = plain(m)
	// 400 records 2 s apart: 13m18s, ticks every 2 or 5 minutes.
	if got := xLabels(screen); !strings.Contains(screen, "x: wall time") || !strings.Contains(got, "10m") {
		t.Errorf("wall time axis: labels %q\n%s", got, screen)
	}
	m = send(t, m, press("x"))
	if strings.Contains(plain(m), "x: ") {
		t.Error("x did not come back to steps")
	}
}

func TestXAxisStaysOnStepsWithoutEpochsOrTimes(t *testing.T) {
	m := send(t, feed(t, testModel(t, 100, 30), divergingRun), press("x"))
	if m.axis.kind != axisStep || !strings.Contains(plain(m), "no epoch and no time stamps") {
		t.Errorf("axis %v:\n%s", m.axis.kind, plain(m))
	}
}

func TestAxisSamplesStayBoundedAndInterpolate(t *testing.T) {
	var a axisSamples
	for i := 0; i < 100_000; i++ {
		a.add(float64(i), float64(i)/1000)
	}
	if len(a.steps) > maxAxisSamples {
		t.Errorf("%d samples kept, want at most %d", len(a.steps), maxAxisSamples)
	}
	if got := a.at(50_000); got < 49.9 || got > 50.1 {
		t.Errorf("epoch at step 50,000: %g, want 50", got)
	}
	if got := a.stepOf(25); got < 24_900 || got > 25_100 {
		t.Errorf("step of epoch 25: %g, want 25,000", got)
	}
	a.add(10, 0.01) // a restart
	if a.steps[len(a.steps)-1] != 10 {
		t.Errorf("a restart did not drop the later samples: last %g", a.steps[len(a.steps)-1])
	}
}

func TestFormatElapsed(t *testing.T) {
	for s, want := range map[float64]string{45: "45s", 720: "12m", 750: "12m30s", 3900: "1h05", 2*86400 + 3*3600: "2d03h"} {
		if got := formatElapsed(s); got != want {
			t.Errorf("formatElapsed(%g) = %q, want %q", s, got, want)
		}
	}
}

// kerasEpochs is a Keras CSVLogger log: one row per epoch, the step is the
// epoch (the decoder also gives each record its epoch).
func kerasEpochs() []tea.Msg {
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var b monitor.Batch
	for i := 0; i < 30; i++ {
		b.Records = append(b.Records, decode.Record{Step: float64(i), Epoch: float64(i), HasEpoch: true, Line: int64(i + 2),
			Metrics: []decode.Metric{{Name: "loss", Value: 0.2 + 1/float64(i+1)}}})
	}
	b.Stats = decode.Stats{Lines: 31, Records: 30, Bytes: 900, Unit: decode.UnitEpoch}
	b.Format, b.Path, b.Live = decode.FormatKerasCSV, "training.log", true
	return []tea.Msg{updateMsg(p.Ingest(b))}
}

func TestXAxisOfALogCountedInEpochsOffersNoSecondEpochAxis(t *testing.T) {
	m := send(t, settle(t, send(t, testModel(t, 100, 30), kerasEpochs()...)), press("x"))
	screen := plain(m)
	if m.axis.kind != axisStep || strings.Count(screen, "x: epoch") > 1 || !strings.Contains(screen, "the log counts nothing finer") {
		t.Errorf("axis %v:\n%s", m.axis.kind, screen)
	}
}
