package ui

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// ganBatches returns a GAN's run as batches of 100 records, with its losses
// named as names lists them (pix2pix's, CycleGAN's): every generator loss
// falls, every discriminator loss hovers, as in a game that goes well.
func ganBatches(names []string, records int) []tea.Msg {
	r := rand.New(rand.NewSource(3))
	p := monitor.NewPipeline(nil, monitor.WithSnapshots(0))
	var out []tea.Msg
	var b monitor.Batch
	var st decode.Stats
	for i := 0; i < records; i++ {
		s := float64(100 * (i + 1)) // pix2pix's iters
		rec := decode.Record{Step: s, Line: int64(i + 2)}
		for _, n := range names {
			v := 0.35 + 0.08*math.Sin(s/3000) + 0.05*r.NormFloat64() // a discriminator's
			if strings.HasPrefix(n, "G_") {
				v = 0.9 + 1.2*math.Exp(-s/8000) + 0.06*r.NormFloat64()
			}
			rec.Metrics = append(rec.Metrics, decode.Metric{Name: n, Value: v})
		}
		b.Records = append(b.Records, rec)
		st.Lines++
		st.Records++
		if len(b.Records) == 100 || i == records-1 {
			b.Stats, b.Format, b.Path, b.Live = st, decode.Format("kv-text"), "checkpoints/facades/loss_log.txt", i == records-1
			out = append(out, updateMsg(p.Ingest(b)))
			b = monitor.Batch{}
		}
	}
	return out
}

func TestGANChartDrawsTheDiscriminatorBesideTheGenerator(t *testing.T) {
	m := settle(t, send(t, testModel(t, 120, 30), ganBatches([]string{"G_GAN", "G_L1", "D_real", "D_fake"}, 400)...))
	if m.metric() != "G_GAN" || m.companion() != "D_real" {
		t.Fatalf("charting %q beside %q, want G_GAN beside D_real", m.metric(), m.companion())
	}
	title := strings.Split(plain(m), "\n")[1]
	if !strings.Contains(title, "G_GAN") || !strings.Contains(title, "+ D_real") || strings.Contains(title, "+ val") {
		t.Errorf("the chart's legend does not name both losses: %q", title)
	}
	m = send(t, m, press("v"))
	if title := strings.Split(plain(m), "\n")[1]; strings.Contains(title, "D_real") {
		t.Errorf("v does not take the discriminator off the chart: %q", title)
	}
}

func TestCycleGANPairsEachGeneratorWithItsOwnDiscriminator(t *testing.T) {
	m := settle(t, send(t, testModel(t, 120, 30), ganBatches([]string{"D_A", "G_A", "cycle_A", "D_B", "G_B", "cycle_B"}, 200)...))
	for gen, want := range map[string]string{"G_A": "D_A", "G_B": "D_B", "cycle_A": "", "D_A": ""} {
		m.view.metric = gen
		if got := m.companion(); got != want {
			t.Errorf("beside %s the chart draws %q, want %q", gen, got, want)
		}
	}
}
