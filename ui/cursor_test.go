package ui

import (
	"math"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// sparseRun has fewer points (41, steps 0 to 400) than the chart has
// columns, and ends on a round step: the right end of the axis.
var sparseRun = run{steps: 41, every: 10, format: "jsonl", loss: func(s float64, r *rand.Rand) float64 {
	return 0.1 + math.Exp(-s/100) + 0.01*r.NormFloat64()
}}

// burst is what Bubble Tea v1 delivers for keys typed in one read.
func burst(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var readoutRE = regexp.MustCompile(`step ([0-9,]+): raw ([0-9.e+-]+)`)

// readout returns the cursor's step and value as the screen shows them.
func readout(t *testing.T, m Model) (string, string) {
	t.Helper()
	sub := readoutRE.FindStringSubmatch(plain(m))
	if sub == nil {
		t.Fatalf("no cursor readout on the screen:\n%s", plain(m))
	}
	return sub[1], sub[2]
}

func TestAKeyBurstIsEveryKeyOfIt(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), sparseRun)
	m = send(t, m, press("end"))
	if dropNoops(m, burst("hhhhh")) == nil {
		t.Fatal("the filter drops a burst of bound keys")
	}
	one := send(t, m, press("h"), press("h"), press("h"), press("h"), press("h"))
	all := send(t, m, burst("hhhhh"))
	if all.chart.cursor != one.chart.cursor || all.chart.cursor != 350 {
		t.Errorf("burst: cursor at %g, five presses: %g, want 350", all.chart.cursor, one.chart.cursor)
	}
	zoomed := send(t, m, burst("++"))
	if z := zoomed.chart.zoom; z == nil || z[1]-z[0] > 101 {
		t.Errorf("++ zoomed to %v, want a quarter of the range", z)
	}
	if _, cmd := m.Update(burst("hq")); cmd == nil {
		t.Error("a q in a burst does not quit")
	}
}

func TestHomeAndEndReadTheFirstAndLastPoints(t *testing.T) {
	for _, rn := range []run{sparseRun, convergedRun} {
		m := feed(t, testModel(t, 100, 30), rn)
		s := m.series()
		last, _ := s.Last()
		first, _ := s.PointAt(s.First())
		m = send(t, m, press("home"))
		if step, v := readout(t, m); step != formatStep(first.X) || v != formatNum(first.Y) {
			t.Errorf("home reads step %s = %s, want %s = %s", step, v, formatStep(first.X), formatNum(first.Y))
		}
		m = send(t, m, press("G"))
		if step, v := readout(t, m); step != formatStep(last.X) || v != formatNum(last.Y) {
			t.Errorf("G reads step %s = %s, want %s = %s", step, v, formatStep(last.X), formatNum(last.Y))
		}
		m = send(t, m, press("right"), press("l"))
		if step, _ := readout(t, m); step != formatStep(last.X) {
			t.Errorf("→ past the last point reads step %s", step)
		}
	}
}

func TestTheSegmentIsWhatWasMarked(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	m = send(t, m, press("home"), burst("lll"))
	from, _ := readout(t, m)
	m = send(t, m, press("["), press("shift+right"), press("l"))
	to, _ := readout(t, m)
	m = send(t, m, press("]"), press("z"))
	if want := "[segment " + from + "–" + to + "]"; !strings.Contains(plain(m), want) {
		t.Errorf("marked %s to %s, screen:\n%s", from, to, plain(m))
	}
}

func TestZoomKeepsTheCursorWhereItIs(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), convergedRun)
	m = send(t, m, press("end"), press("shift+left"))
	step, v := readout(t, m)
	for _, k := range []string{"+", "+", "-", "+", "-", "-"} {
		m = send(t, m, press(k))
		if s2, v2 := readout(t, m); s2 != step || v2 != v {
			t.Fatalf("after %s the cursor reads %s = %s, was %s = %s", k, s2, v2, step, v)
		}
	}
}

// TestSegmentSlopeAndChangeAgree: a falling segment whose first point is
// low and last point high (noise) reads falling in both numbers.
func TestSegmentSlopeAndChangeAgree(t *testing.T) {
	s := NewSeries(256)
	for x := 0.0; x <= 100; x++ {
		y := 1 - x/200
		switch x {
		case 0:
			y = 0.5
		case 100:
			y = 1.5
		}
		s.Add(x, y)
	}
	st := computeSegment(s, 0, 100)
	if st.SlopePer1k >= 0 || st.RelChange >= 0 {
		t.Errorf("slope %g/1k, change %g: want both negative", st.SlopePer1k, st.RelChange)
	}
}

func TestANarrowChartStillReadsTheCursor(t *testing.T) {
	m := feed(t, testModel(t, 40, 12), convergedRun)
	m = send(t, m, press("home"), burst("lllllllllllllll"))
	if !regexp.MustCompile(`[0-9]: 0\.[0-9]`).MatchString(plain(m)) {
		t.Errorf("no short readout at 40x12:\n%s", plain(m))
	}
}
