package ui

import (
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

func TestPausedCountsNewRecordsWithGrouping(t *testing.T) {
	m := send(t, loaded(t), press("p"))
	var b monitor.Batch
	for i := 0; i < 1071; i++ {
		b.Records = append(b.Records, decode.Record{Step: float64(2000 + i), Metrics: []decode.Metric{{Name: "loss", Value: 0.05}}})
	}
	b.Format, b.Live = "jsonl", true
	m = settle(t, send(t, m, ingested(b)))
	s := plain(m)
	if !strings.Contains(s, "· PAUSED +1,071 new") || strings.Contains(s, "  PAUSED") {
		t.Errorf("status line: %s", strings.SplitN(s, "\n", 2)[0])
	}
}

func TestFromEndSaysTheHistoryWasSkipped(t *testing.T) {
	m := testModel(t, 100, 30, WithFromEnd(true))
	m = settle(t, send(t, m, updateMsg{Batch: &monitor.Batch{Path: "runs/exp3/train.log", Size: 6963, Live: true}}))
	s := plain(m)
	if !strings.Contains(s, "skipped the 6.8 kB it held (--from-end): waiting for new lines…") || strings.Contains(s, "no complete line") || strings.Contains(s, "reading history") {
		t.Errorf("screen:\n%s", s)
	}
}

func TestATinyTerminalSaysItIsTooSmall(t *testing.T) {
	for _, size := range [][2]int{{30, 8}, {39, 24}, {80, 9}} {
		m := feed(t, testModel(t, size[0], size[1]), convergedRun)
		s := plain(m)
		checkFrame(t, s, size[0], size[1])
		if !strings.Contains(strings.Join(strings.Fields(s), " "), "terminal too small") {
			t.Errorf("%dx%d:\n%s", size[0], size[1], s)
		}
	}
	if s := plain(feed(t, testModel(t, 40, 10), convergedRun)); strings.Contains(s, "too small") || !strings.Contains(s, "┤") {
		t.Errorf("40x10 draws no chart:\n%s", s)
	}
}

func TestARestartIsSaid(t *testing.T) {
	var first, second monitor.Batch
	for i := 1; i <= 50; i++ {
		first.Records = append(first.Records, decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: "loss", Value: 2 / float64(i)}}})
	}
	for i := 1; i <= 20; i++ {
		second.Records = append(second.Records, decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: "loss", Value: 3 / float64(i)}}})
	}
	first.Format, second.Format, second.Live = "hf-stdout", "hf-stdout", true
	m := settle(t, send(t, testModel(t, 100, 30), ingested(first), ingested(second)))
	s := plain(m)
	if !strings.Contains(s, "loss restarted: step 1 after 50") || !strings.Contains(s, "latest of 2 runs") {
		t.Errorf("screen:\n%s", s)
	}
}
