package ui

import (
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// nanoRun returns a language-model log as the pipeline publishes it, judged
// on primary ("" for the training loss): loss, val_loss every 50 steps, lr,
// mfu and the epoch.
func nanoRun(primary string) []tea.Msg {
	var opts []monitor.PipelineOption
	if primary != "" {
		opts = append(opts, monitor.WithPrimary(primary))
	}
	p := monitor.NewPipeline(nil, append(opts, monitor.WithSnapshots(0))...)
	var b monitor.Batch
	for i := 0; i < 400; i++ {
		s := float64(i)
		rec := decode.Record{Step: s, Line: int64(i + 1), Metrics: []decode.Metric{
			{Name: "loss", Value: 0.5 + 3*math.Exp(-s/80)}, {Name: "lr", Value: 2e-3 * math.Min(1, s/50)},
			{Name: "mfu", Value: 40 + float64(i%7)}, {Name: "epoch", Value: s / 100}}}
		if i%50 == 0 {
			rec.Metrics = append(rec.Metrics, decode.Metric{Name: "val_loss", Value: 0.6 + 3*math.Exp(-s/80)})
		}
		b.Records = append(b.Records, rec)
	}
	b.Stats = decode.Stats{Lines: 400, Records: 400, Bytes: 400 * 60}
	b.Format, b.Path, b.Live = "jsonl", "runs/exp3/train.log", true
	return []tea.Msg{updateMsg(p.Ingest(b))}
}

func TestTheEpochIsNoMetric(t *testing.T) {
	m := settle(t, send(t, testModel(t, 100, 30), nanoRun("")...))
	for _, n := range m.data.order {
		if n == "epoch" {
			t.Errorf("epoch is offered as a metric: %v", m.data.order)
		}
	}
}

func TestAnotherMetricShowsItsOwnNumbersNotTheVerdicts(t *testing.T) {
	m := settle(t, send(t, testModel(t, 100, 30), nanoRun("")...))
	for m.metric() != "lr" {
		m = send(t, m, press("tab"))
	}
	lines := strings.Split(plain(m), "\n")
	line := lines[len(lines)-3]
	if !strings.Contains(line, "lr · last 0.002") || !strings.Contains(line, "verdict on loss: ") || strings.Contains(line, "best") {
		t.Errorf("verdict line on lr: %q", line)
	}
	if strings.Contains(plain(m), "converg") && !strings.Contains(plain(m), "no findings on lr") {
		t.Errorf("the findings panel does not follow lr:\n%s", plain(m))
	}
}

func TestOnlyALossGetsTheValidationOverlay(t *testing.T) {
	m := settle(t, send(t, testModel(t, 100, 30, WithMetric("mfu")), nanoRun("mfu")...))
	if m.metric() != "mfu" || m.valMetric() != nil || strings.Contains(plain(m), "+ val") {
		t.Errorf("--metric mfu: chart %q overlays %v", m.metric(), m.valMetric() != nil)
	}
	m = settle(t, send(t, testModel(t, 100, 30), nanoRun("")...))
	if m.valMetric() == nil {
		t.Error("no overlay over the training loss")
	}
}

func TestTheVerdictLineKeepsTheVerdictsSeverity(t *testing.T) {
	st := detect.State{Primary: "loss", Verdict: detect.VerdictDiverging, Findings: []detect.Finding{
		{Kind: detect.KindDiverging, Metric: "loss", Severity: detect.SeverityCritical, Step: detect.IntStep(500), SinceStep: detect.IntStep(297)},
		{Kind: detect.KindSpike, Metric: "loss", Severity: detect.SeverityWarning, Step: detect.IntStep(120), SinceStep: detect.IntStep(120)},
	}}
	m := feed(t, testModel(t, 100, 30), divergingRun)
	m = settle(t, send(t, m, updateMsg{State: &st}))
	m = send(t, m, press("f"), press("down"))
	if f, _ := m.selectedFinding(); f.Kind != detect.KindSpike {
		t.Fatalf("selected %v", f.Kind)
	}
	if !strings.Contains(plain(m), "DIVERGING (critical) since 297") {
		t.Errorf("verdict line: %s", plain(m))
	}
}

func TestBeforeAVerdictThePanelSaysNoFindingsYet(t *testing.T) {
	var b monitor.Batch
	b.Records = []decode.Record{{Step: 1, Metrics: []decode.Metric{{Name: "loss", Value: 2}}}}
	b.Format = "jsonl"
	m := settle(t, send(t, testModel(t, 100, 30), updateMsg{Batch: &b}))
	if s := plain(m); !strings.Contains(s, "no findings yet") || strings.Contains(s, "judged on") {
		t.Errorf("screen:\n%s", s)
	}
}
