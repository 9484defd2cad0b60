package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// secondTrainJustBegun is a HuggingFace console log counted in epochs: a
// first train() of 80 dicts, then a second one that has logged 4 so far,
// too few to judge: the detector keeps the first one's judgement.
func secondTrainJustBegun() []tea.Msg {
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var b monitor.Batch
	add := func(epoch, loss float64) {
		b.Records = append(b.Records, decode.Record{Step: epoch, Epoch: epoch, HasEpoch: true, Line: int64(len(b.Records) + 1),
			Metrics: []decode.Metric{{Name: "loss", Value: loss}}})
	}
	for i := 1; i <= 80; i++ {
		add(float64(i)/20, 0.05+2/float64(i))
	}
	for i := 1; i <= 4; i++ {
		add(float64(i)/2, 0.3/float64(i))
	}
	b.Stats = decode.Stats{Lines: 84, Records: 84, Bytes: 4000, Unit: decode.UnitEpoch}
	b.Format, b.Path, b.Live = decode.FormatHFStdout, "out/train_log.txt", true
	return []tea.Msg{updateMsg(p.Ingest(b))}
}

func TestAVerdictOfTheRunBeforeARestartSaysSoInTheLogsUnit(t *testing.T) {
	m := settle(t, send(t, testModel(t, 160, 40), secondTrainJustBegun()...))
	if !m.state.EarlierStretch {
		t.Fatalf("the detector judged the 4 points after the restart: %+v", m.state.Verdict)
	}
	screen := plain(m)
	if !strings.Contains(screen, "(the run before the restart)") || strings.Contains(screen, " now ") {
		t.Errorf("the status line gives the earlier run's numbers as the current ones:\n%s", screen)
	}
	// (the detector's own messages are its words, not the panel's)
	if !strings.Contains(screen, "converged at epoch 1.4") || !strings.Contains(screen, "restarted: epoch 0.5 after 4") {
		t.Errorf("the findings count steps in a log counted in epochs:\n%s", screen)
	}
}
