package ui

import (
	"math"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// A log holding two runs (a second train() or fit(), a resumed run) shows
// the latest; the status says so instead of hiding the first in silence.
func TestStatusSaysTheLogRestarted(t *testing.T) {
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var b monitor.Batch
	for run := 0; run < 2; run++ {
		for i := 1; i <= 150; i++ {
			s := float64(i)
			b.Records = append(b.Records, decode.Record{Step: s, Line: int64(run*150 + i),
				Metrics: []decode.Metric{{Name: "loss", Value: 0.1 + 2*math.Exp(-s/40)}}})
		}
	}
	b.Stats = decode.Stats{Lines: 300, Records: 300, Bytes: 9000, Unit: decode.UnitEpoch}
	b.Format, b.Path, b.Live = decode.FormatHFStdout, "train.log", true
	m := settle(t, send(t, testModel(t, 140, 30), updateMsg(p.Ingest(b))))
	if got := plain(m); !strings.Contains(got, "restarted: showing the run from epoch 1") {
		t.Errorf("the status does not say the log restarted:\n%s", got)
	}
}
