package ui

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/losswatch/losswatch/monitor"
)

// sweepScenes are the sweep's golden views.
var sweepScenes = []struct {
	name  string
	build func(t *testing.T, w, h int) string
}{
	{"runs", func(t *testing.T, w, h int) string {
		s := feedSweep(t, testSweep(t, w, h))
		return plainS(send(t, s, press("down"), press(" ")))
	}},
	{"overlay", func(t *testing.T, w, h int) string {
		s := feedSweep(t, testSweep(t, w, h))
		s = send(t, s, press("o"), press("left"))
		for i := 0; i < 12; i++ {
			s = send(t, s, press("left"))
		}
		return plainS(s)
	}},
	{"grid", func(t *testing.T, w, h int) string {
		m := settle(t, send(t, testModel(t, w, h), manyMetrics(400)...))
		return plain(send(t, m, press("m"), press("right")))
	}},
}

func TestSweepGoldenViews(t *testing.T) {
	for _, sc := range sweepScenes {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			name := fmt.Sprintf("%s-%dx%d.golden", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				got := sc.build(t, size[0], size[1])
				checkFrame(t, got, size[0], size[1])
				checkGolden(t, name, got)
			})
		}
	}
}

func TestRunsViewListsFailingRunsFirst(t *testing.T) {
	s := feedSweep(t, testSweep(t, 120, 30))
	if got := s.table.Shown()[0]; got != "lr-1e-2" {
		t.Errorf("first row is %s, want the diverging lr-1e-2; rows %v", got, s.table.Shown())
	}
	names := s.table.Shown()
	for i := 1; i < len(names); i++ {
		a, b := s.runs[names[i-1]].row(names[i-1]), s.runs[names[i]].row(names[i])
		if worse(b, a) {
			t.Errorf("%s (%s) listed before the worse %s (%s)", a.name, a.verdict, b.name, b.verdict)
		}
	}
	screen := plainS(s)
	for _, want := range []string{"5 runs", "diverging", "converged", "▲", "✓", "lr-1e-3"} {
		if !strings.Contains(screen, want) {
			t.Errorf("runs view lacks %q:\n%s", want, screen)
		}
	}
}

func TestRunsViewSelectionStaysOnItsRunWhenRowsResort(t *testing.T) {
	s := send(t, testSweep(t, 120, 30), runUpdates("c", convergedRun, 100)[0])
	s = settleS(t, send(t, s, runUpdates("b", convergedRun, 100)[0]))
	if s.table.Selected() != "b" {
		t.Fatalf("selected %q before any key, want the top row b", s.table.Selected())
	}
	s = settleS(t, send(t, s, press("down")))
	if s.table.Selected() != "c" {
		t.Fatalf("selected %q, want c", s.table.Selected())
	}
	s = settleS(t, send(t, s, runUpdates("a", convergedRun, 100)[0]))
	if s.table.Selected() != "c" {
		t.Errorf("a new run moved the selection to %q", s.table.Selected())
	}
}

func TestRunsViewFiltersByTyping(t *testing.T) {
	s := feedSweep(t, testSweep(t, 120, 30))
	s = send(t, s, press("/"), press("e-3"))
	if got := s.table.Shown(); len(got) != 2 {
		t.Errorf("filter e-3 shows %v, want lr-1e-3 and lr-3e-3", got)
	}
	if !strings.Contains(plainS(s), "/e-3") {
		t.Errorf("the filter being typed is not shown:\n%s", plainS(s))
	}
	s = send(t, s, enterKey, press("o"))
	if s.screen != screenOverlay || len(s.marked()) != 2 {
		t.Errorf("overlay after filtering: screen %v, %d runs, want the 2 shown", s.screen, len(s.marked()))
	}
	s = send(t, s, press("esc"), press("esc"))
	if got := s.table.Shown(); len(got) != 5 {
		t.Errorf("esc left the filter on: %v", got)
	}
}

func TestEnterOpensTheRunAndEscComesBack(t *testing.T) {
	s := feedSweep(t, testSweep(t, 100, 30))
	s = send(t, s, enterKey)
	if s.screen != screenRun || s.open != "lr-1e-2" {
		t.Fatalf("enter: screen %v run %q", s.screen, s.open)
	}
	if screen := plainS(s); !strings.Contains(screen, "DIVERGING") || !strings.Contains(screen, "findings") {
		t.Errorf("the opened run does not show its single-run screen:\n%s", screen)
	}
	s = send(t, s, press("left"), press("esc"))
	if s.screen != screenRun {
		t.Error("esc with the cursor on left the run instead of dropping the cursor")
	}
	s = send(t, s, press("esc"))
	if s.screen != screenRuns || !strings.Contains(plainS(s), "5 runs") {
		t.Errorf("esc did not come back to the runs view:\n%s", plainS(s))
	}
}

func TestMarkedRunsAreOverlaidWithLegends(t *testing.T) {
	s := feedSweep(t, testSweep(t, 160, 40))
	s = send(t, s, press(" "), press(" "), press("o"))
	runs := s.marked()
	if len(runs) != 2 {
		t.Fatalf("%d runs overlaid, want the 2 marked", len(runs))
	}
	screen := plainS(s)
	for _, r := range runs {
		if !strings.Contains(screen, r.name) {
			t.Errorf("legend lacks %s:\n%s", r.name, screen)
		}
	}
	c1, c2 := s.runs[runs[0].name].colour, s.runs[runs[1].name].colour
	if c1 == c2 {
		t.Errorf("two overlaid runs share colour %d", c1)
	}
	s = send(t, s, press("left"), press("home"), press("right"), press("right"))
	if !strings.Contains(plainS(s), "legend: value at step") {
		t.Errorf("the cursor does not read the runs:\n%s", plainS(s))
	}
	for i, v := range s.overlay.values {
		if v != v {
			t.Errorf("run %d has no value at the cursor", i)
		}
	}
	for _, k := range []string{"s", "L", "+", "p"} {
		before := plainS(s)
		if s = send(t, s, press(k)); plainS(s) == before {
			t.Errorf("%s changed nothing on the overlay", k)
		}
	}
	if !s.overlay.chart.paused || !s.overlay.chart.logY || s.overlay.chart.zoom == nil {
		t.Errorf("pause %v log %v zoom %v after p, L, +", s.overlay.chart.paused, s.overlay.chart.logY, s.overlay.chart.zoom)
	}
}

func TestSweepScreensFitEverySize(t *testing.T) {
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.TrueColor)
	states := map[string]func(w, h int) string{
		"empty": func(w, h int) string { return testSweep(t, w, h, withRenderer(r)).View() },
		"runs":  func(w, h int) string { return feedSweep(t, testSweep(t, w, h, withRenderer(r))).View() },
		"overlay": func(w, h int) string {
			return send(t, feedSweep(t, testSweep(t, w, h, withRenderer(r))), press("o")).View()
		},
		"help": func(w, h int) string {
			return send(t, feedSweep(t, testSweep(t, w, h, withRenderer(r))), press("?")).View()
		},
		"grid": func(w, h int) string {
			return send(t, settle(t, send(t, testModel(t, w, h, withRenderer(r)), manyMetrics(200)...)), press("m")).View()
		},
	}
	for name, build := range states {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {200, 50}, {50, 16}, {20, 8}, {3, 2}} {
			t.Run(fmt.Sprintf("%s %dx%d", name, size[0], size[1]), func(t *testing.T) {
				checkFrame(t, build(size[0], size[1]), size[0], size[1])
			})
		}
	}
}

func TestRunNamesNeverReachTheTerminalWithControlCharacters(t *testing.T) {
	s := testSweep(t, 120, 30)
	s = settleS(t, send(t, s, runUpdates("evil\x1b[2J\x9b31m", convergedRun, 100)...))
	s = send(t, s, press("o"))
	for _, r := range s.View() {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Fatalf("control character %U on screen:\n%q", r, s.View())
		}
	}
}

func TestARunEndingWithAnErrorSaysSo(t *testing.T) {
	s := feedSweep(t, testSweep(t, 120, 30))
	s = settleS(t, send(t, s, runMsg(monitor.RunUpdate{Run: "lr-1e-3", End: &monitor.RunEnd{Err: os.ErrPermission}})))
	s = send(t, s, press("/"), press("1e-3"), enterKey, enterKey)
	if got := plainS(s); !strings.Contains(got, "permission denied") {
		t.Errorf("the run's error is not shown:\n%s", got)
	}
}

func TestRunsWaitingTheirTurnAreListed(t *testing.T) {
	s := testSweep(t, 120, 30)
	s.list = func() []monitor.RunInfo { return []monitor.RunInfo{{Name: "a"}, {Name: "b"}, {Name: "c"}} }
	s = settleS(t, send(t, s, runUpdates("b", convergedRun, 100)[0]))
	if got := s.table.Shown(); len(got) != 3 {
		t.Errorf("rows %v, want a, b and c", got)
	}
}

func TestANarrowLegendKeepsNamesAndMarks(t *testing.T) {
	s := feedSweep(t, testSweep(t, 100, 30))
	s.runs["lr-1e-2-long-run-name"] = s.runs["lr-1e-2"]
	delete(s.runs, "lr-1e-2")
	s.refreshRows()
	lines := s.legend(s.marked(), 31)
	if !strings.Contains(lines[0], "lr-1e-2-long-run-name") || !strings.Contains(lines[0], "▲") {
		t.Errorf("legend line %q lacks the name or the mark", lines[0])
	}
}

func TestOverlayWithoutMarksShowsTheWorstTen(t *testing.T) {
	s := testSweep(t, 160, 40)
	for i := 0; i < 14; i++ {
		s = send(t, s, runUpdates(fmt.Sprintf("run-%02d", i), convergedRun, 500)...)
	}
	s = settleS(t, send(t, s, runUpdates("bad", divergingRun, 700)...))
	s = send(t, s, press("o"))
	runs := s.marked()
	if len(runs) != maxUnmarked || runs[0].name != "bad" {
		t.Errorf("%d runs overlaid, first %s; want %d, the diverging one first", len(runs), runs[0].name, maxUnmarked)
	}
	if !strings.Contains(plainS(s), "the worst of 15") {
		t.Errorf("the title does not say the overlay is a part:\n%s", plainS(s))
	}
}

func TestSweepKeyBurstsAreEveryKeyOfThem(t *testing.T) {
	s := feedSweep(t, testSweep(t, 160, 48))
	one := send(t, s, press("j"), press("j"))
	all := send(t, s, burst("jj"))
	if got, want := all.table.Selected(), one.table.Selected(); got != want || got == s.table.Selected() {
		t.Errorf("burst jj selects %s, two presses %s (from %s)", got, want, s.table.Selected())
	}
	s = send(t, s, press("o"), press("left"))
	at := s.overlay.chart.cursor
	one = send(t, s, press("h"), press("h"), press("h"))
	all = send(t, s, burst("hhh"))
	if all.overlay.chart.cursor != one.overlay.chart.cursor || all.overlay.chart.cursor >= at {
		t.Errorf("overlay: burst hhh moves the cursor %g → %g, three presses to %g", at, all.overlay.chart.cursor, one.overlay.chart.cursor)
	}
	s = send(t, feedSweep(t, testSweep(t, 160, 48)), burst("/lr"))
	if !s.table.filter.editing || s.table.filter.text != "lr" {
		t.Errorf("burst /lr: filter editing %v text %q, want the filter with lr", s.table.filter.editing, s.table.filter.text)
	}
}

func TestCountsReadAsWords(t *testing.T) {
	for n, want := range map[int]string{1: "1 run", 2: "2 runs", 2000: "2,000 runs"} {
		if got := countOf(n, "run"); got != want {
			t.Errorf("countOf(%d) = %q, want %q", n, got, want)
		}
	}
	s := send(t, feedSweep(t, testSweep(t, 160, 48)), press(" "), press("o"))
	if screen := plainS(s); !strings.Contains(screen, "overlay  1 run ") || strings.Contains(screen, "1 runs") {
		t.Errorf("one marked run overlaid:\n%s", screen)
	}
}

func TestRunsNotJudgedYetAreNotCountedFailing(t *testing.T) {
	s := feedSweep(t, testSweep(t, 120, 30))
	rows := []runRow{{name: "a", verdict: "diverging"}, {name: "waiting"}, {name: "b", verdict: "insufficient-data"}}
	if got := ansi.Strip(s.statusLine(rows)); !strings.Contains(got, "1 failing") {
		t.Errorf("status line %q, want 1 failing: a run waiting its turn has no verdict yet", got)
	}
}

func TestARunWithoutAVerdictSaysSoWhole(t *testing.T) {
	s := feedSweep(t, testSweep(t, 120, 30))
	nan := math.NaN()
	s.table.SetRows([]runRow{{name: "waiting.jsonl", last: nan, best: nan}})
	screen := ansi.Strip(strings.Join(s.table.View(&s.st, 100, 10), "\n"))
	if !strings.Contains(screen, "· no verdict ") || strings.Contains(screen, "…") {
		t.Errorf("a run not judged yet:\n%s", screen)
	}
}

func TestMOnTheRunsViewShowsTheRunsMetricGrid(t *testing.T) {
	s := send(t, feedSweep(t, testSweep(t, 100, 30)), press("m"))
	if screen := plainS(s); s.screen != screenRun || !strings.Contains(screen, "metrics ") {
		t.Errorf("m on the runs view: screen %v\n%s", s.screen, screen)
	}
}

func TestTheOverlayLegendNamesEveryRunShown(t *testing.T) {
	s := testSweep(t, 100, 30)
	var names []string
	for i := 0; i < 10; i++ {
		name := fmt.Sprintf("run-%02d", i)
		names = append(names, name)
		for _, u := range runUpdates(name, convergedRun, 500) {
			s = send(t, s, u)
		}
	}
	s = send(t, settleS(t, s), press("o"))
	screen := plainS(s)
	checkFrame(t, screen, 100, 30)
	for _, n := range names {
		if !strings.Contains(screen, n) {
			t.Errorf("the legend leaves out %s:\n%s", n, screen)
		}
	}
}

func TestTheRunsViewSaysWhenTheTerminalIsTooSmall(t *testing.T) {
	s := feedSweep(t, testSweep(t, 30, 8))
	for _, k := range []string{"", "o"} {
		if k != "" {
			s = send(t, s, press(k))
		}
		if screen := plainS(s); !strings.Contains(screen, "terminal too small (30x8)") {
			t.Errorf("runs view at 30x8 after %q:\n%s", k, screen)
		}
	}
	if _, cmd := s.Update(press("q")); cmd == nil {
		t.Error("q does not quit a screen too small")
	}
}
