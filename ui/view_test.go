package ui

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// scenes builds the model states the golden files show.
var scenes = []struct {
	name  string
	build func(t *testing.T, w, h int) Model
}{
	{"converged", func(t *testing.T, w, h int) Model {
		return feed(t, testModel(t, w, h), convergedRun)
	}},
	{"diverging", func(t *testing.T, w, h int) Model {
		return feed(t, testModel(t, w, h), divergingRun)
	}},
	{"paused-zoomed", func(t *testing.T, w, h int) Model {
		all := divergingRun.batches(100)
		m := settle(t, send(t, testModel(t, w, h, WithSmoothing(0.9)), all[:6]...))
		m = send(t, m, press("p"))
		m = settle(t, send(t, m, all[6:]...))
		m = send(t, m, press("home"))
		for m.chart.cursor < 1600 {
			m = send(t, m, press("right"))
		}
		m = send(t, m, press("["), press("end"), press("]"), press("z"), press("home"))
		for i := 0; i < 5; i++ {
			m = send(t, m, press("shift+right"))
		}
		return m
	}},
	{"converged-far", func(t *testing.T, w, h int) Model {
		far := convergedRun
		far.from = 1<<53 + 1 // 9,007,199,254,740,993: float64 reads it as ...992
		return feed(t, testModel(t, w, h), far)
	}},
	{"gan", func(t *testing.T, w, h int) Model {
		return settle(t, send(t, testModel(t, w, h), ganBatches([]string{"G_GAN", "G_L1", "D_real", "D_fake"}, 400)...))
	}},
}

func TestGoldenViews(t *testing.T) {
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			name := fmt.Sprintf("%s-%dx%d.golden", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := sc.build(t, size[0], size[1])
				got := plain(m)
				checkFrame(t, got, size[0], size[1])
				checkGolden(t, name, got)
			})
		}
	}
}

func TestScreensShowWhatTheyMust(t *testing.T) {
	conv := plain(scenes[0].build(t, 100, 30))
	for _, want := range []string{"CONVERGED", "converged @", "┊", "findings", "remedies", "jsonl", "500 rec", "? help"} {
		if !strings.Contains(conv, want) {
			t.Errorf("converged screen lacks %q", want)
		}
	}
	div := plain(scenes[1].build(t, 100, 30))
	for _, want := range []string{"DIVERGING", "▲", "c copies:"} {
		if !strings.Contains(div, want) {
			t.Errorf("diverging screen lacks %q:\n%s", want, div)
		}
	}
	pz := plain(scenes[2].build(t, 100, 30))
	for _, want := range []string{"PAUSED +100 new", "[segment 1,", "segment ", "slope", "noise", ": raw "} {
		if !strings.Contains(pz, want) {
			t.Errorf("paused zoomed screen lacks %q:\n%s", want, pz)
		}
	}
}

// TestNothingOverlapsOrWraps draws every screen at many sizes, with colour,
// and checks that each is exactly the terminal's size.
func TestNothingOverlapsOrWraps(t *testing.T) {
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.TrueColor)
	states := map[string]func(w, h int) Model{
		"empty": func(w, h int) Model { return testModel(t, w, h, withRenderer(r)) },
		"waiting": func(w, h int) Model {
			return send(t, testModel(t, w, h, withRenderer(r)), ingested(monitor.Batch{Events: []monitor.Event{{Kind: monitor.EventWaiting}}}))
		},
		"no metric": func(w, h int) Model {
			return send(t, testModel(t, w, h, withRenderer(r)), ingested(monitor.Batch{Stats: decode.Stats{Lines: 40, Skipped: 40, SkipReasons: map[string]int64{"no metric": 40}}}), doneMsg{})
		},
		"loading": func(w, h int) Model {
			return settle(t, send(t, testModel(t, w, h, withRenderer(r)), ingested(monitor.Batch{Size: 1 << 30, Stats: decode.Stats{Bytes: 1 << 28, Lines: 1e6}})))
		},
		"diverging": func(w, h int) Model { return feed(t, testModel(t, w, h, withRenderer(r)), divergingRun) },
		"help": func(w, h int) Model {
			return send(t, feed(t, testModel(t, w, h, withRenderer(r)), convergedRun), press("?"))
		},
		"zoomed": func(w, h int) Model {
			return send(t, feed(t, testModel(t, w, h, withRenderer(r)), divergingRun), press("home"), press("["), press("end"), press("]"), press("z"), press("f"))
		},
	}
	for name, build := range states {
		for _, size := range [][2]int{{80, 24}, {99, 30}, {100, 30}, {120, 40}, {160, 48}, {300, 90}, {50, 16}, {20, 8}, {3, 2}} {
			t.Run(fmt.Sprintf("%s %dx%d", name, size[0], size[1]), func(t *testing.T) {
				m := build(size[0], size[1])
				checkFrame(t, m.View(), size[0], size[1])
			})
		}
	}
}

func TestResizeRedrawsAtTheNewSize(t *testing.T) {
	m := scenes[0].build(t, 80, 24)
	m = send(t, m, sizeMsg(160, 48))
	checkFrame(t, plain(m), 160, 48)
	m = send(t, m, sizeMsg(80, 24))
	checkFrame(t, plain(m), 80, 24)
}

func TestLogTextNeverReachesTheTerminalWithControlCharacters(t *testing.T) {
	m := testModel(t, 100, 30, WithPath("evil\x1b]52;c;aGk=\x07.log"))
	evil := "loss\x1b[2J\x9b31m"
	var b monitor.Batch
	for i := 0; i < 50; i++ {
		b.Records = append(b.Records, decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: evil, Value: math.Exp(-float64(i) / 10)}}})
	}
	b.Format = "jsonl\x1b[5m"
	b.Events = []monitor.Event{{Kind: monitor.EventError, Message: "bad\x1b[31m line\r"}}
	m = settle(t, send(t, m, ingested(b)))
	for _, r := range m.View() {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Fatalf("control character %U on screen:\n%q", r, m.View())
		}
	}
	if !strings.Contains(plain(m), "bad[31m line") {
		t.Errorf("the error message was dropped rather than cleaned:\n%s", plain(m))
	}
}

func TestNonFiniteValuesAreMarkedOnTheChart(t *testing.T) {
	m := testModel(t, 100, 30)
	var b monitor.Batch
	for i := 0; i < 200; i++ {
		v := 2 * math.Exp(-float64(i)/50)
		if i == 150 {
			v = math.NaN()
		}
		b.Records = append(b.Records, decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: "loss", Value: v}}})
	}
	m = settle(t, send(t, m, ingested(b)))
	if !strings.Contains(plain(m), "✕") {
		t.Errorf("no marker at the NaN:\n%s", plain(m))
	}
}

func TestLogScaleTicksAreWholeDecades(t *testing.T) {
	m := send(t, feed(t, testModel(t, 100, 30), convergedRun), press("L"))
	s := plain(m)
	for _, want := range []string{" 1┤", "0.1┤"} {
		if !strings.Contains(s, want) {
			t.Errorf("log scale lacks the tick %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "3.16┤") {
		t.Error("half-decade tick on a log scale spanning several decades")
	}
}
