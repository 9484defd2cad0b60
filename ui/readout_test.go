package ui

import (
	"regexp"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// denseWarmup logs 2,000 steps, more than the chart has columns, with a
// learning rate that climbs every step: each column covers several steps.
func denseWarmup() []tea.Msg {
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var b monitor.Batch
	for i := 1; i <= 2000; i++ {
		b.Records = append(b.Records, decode.Record{Step: float64(i), Line: int64(i), Metrics: []decode.Metric{
			{Name: "loss", Value: 0.5 + 0.0001*float64(i%7)}, {Name: "lr", Value: 0.01 + 0.001*float64(i)}}})
	}
	b.Stats = decode.Stats{Lines: 2000, Records: 2000, Bytes: 80000}
	b.Format, b.Path, b.Live = "jsonl", "runs/warmup/train.log", true
	return []tea.Msg{updateMsg(p.Ingest(b))}
}

var lrReadoutRE = regexp.MustCompile(`lr ([0-9.e+-]+)`)

func TestCursorReadsTheOtherMetricsAtItsOwnStepNotAtTheColumnsEnd(t *testing.T) {
	m := settle(t, send(t, testModel(t, 100, 30), denseWarmup()...))
	for _, key := range []string{"home", "right", "end"} {
		m = send(t, m, press(key))
		step, _ := readout(t, m)
		sub := lrReadoutRE.FindStringSubmatch(plain(m))
		if sub == nil {
			t.Fatalf("%s: no lr readout:\n%s", key, plain(m))
		}
		n, _ := strconv.ParseFloat(regexpDigits.ReplaceAllString(step, ""), 64)
		got, _ := strconv.ParseFloat(sub[1], 64)
		if want := 0.01 + 0.001*n; got < want*0.98 || got > want*1.02 {
			t.Errorf("%s: cursor at step %s reads lr %s, want %.3g (the lr logged at that step)", key, step, sub[1], want)
		}
	}
}

var regexpDigits = regexp.MustCompile(`[^0-9.]`)
