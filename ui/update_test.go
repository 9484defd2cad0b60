package ui

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

// loaded returns a model at 100x30 that has read the converged run.
func loaded(t *testing.T, opts ...Option) Model {
	t.Helper()
	return feed(t, testModel(t, 100, 30, opts...), convergedRun)
}

func TestKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keys  []string
		check func(t *testing.T, before, after Model)
	}{
		{"p pauses and p again resumes", []string{"p"}, func(t *testing.T, _, m Model) {
			if !m.view.paused || !strings.Contains(plain(m), "PAUSED +0 new") {
				t.Errorf("not paused: %v", m.view.paused)
			}
		}},
		{"space pauses too", []string{" "}, func(t *testing.T, _, m Model) {
			if !m.view.paused {
				t.Error("space did not pause")
			}
		}},
		{"p twice resumes live", []string{"p", "p"}, func(t *testing.T, _, m Model) {
			if m.view.paused || m.chart.zoom != nil {
				t.Errorf("paused %v zoom %v, want live", m.view.paused, m.chart.zoom)
			}
		}},
		{"left shows the cursor at the last point with a readout", []string{"left"}, func(t *testing.T, _, m Model) {
			if !m.chart.cursorOn || m.chart.cursor != 1497 || !strings.Contains(plain(m), "1,497: raw") {
				t.Errorf("cursor %v at %g", m.chart.cursorOn, m.chart.cursor)
			}
		}},
		{"h moves the cursor left one column", []string{"h", "h"}, func(t *testing.T, _, m Model) {
			if m.chart.cursor >= 1497 || m.chart.cursor < 1400 {
				t.Errorf("cursor at %g, want one column left of 1497", m.chart.cursor)
			}
		}},
		{"shift moves ten times faster", []string{"left", "left"}, func(t *testing.T, _, slow Model) {
			fast := send(t, slow, press("shift+left"))
			stepSlow := 1497 - slow.chart.cursor
			stepFast := slow.chart.cursor - fast.chart.cursor
			if stepFast < 8*stepSlow || stepFast > 12*stepSlow { // each move goes on to the next point
				t.Errorf("fast step %g, slow step %g", stepFast, stepSlow)
			}
		}},
		{"l and right move right but not past the last point", []string{"left", "l", "right"}, func(t *testing.T, _, m Model) {
			if m.chart.cursor != 1497 {
				t.Errorf("cursor at %g, want 1497", m.chart.cursor)
			}
		}},
		{"home goes to the first step", []string{"home"}, func(t *testing.T, _, m Model) {
			if m.chart.cursor != 0 {
				t.Errorf("cursor at %g", m.chart.cursor)
			}
		}},
		{"end goes to the last point", []string{"home", "end"}, func(t *testing.T, _, m Model) {
			if m.chart.cursor != 1497 {
				t.Errorf("cursor at %g", m.chart.cursor)
			}
		}},
		{"[ and ] mark a segment and z zooms to it with statistics", []string{"home", "shift+right", "[", "shift+right", "shift+right", "]", "z"}, func(t *testing.T, _, m Model) {
			z := m.chart.zoom
			if z == nil || z[0] <= 0 || z[1] <= z[0] || m.seg == nil {
				t.Fatalf("zoom %v seg %v", z, m.seg)
			}
			s := plain(m)
			for _, want := range []string{"[segment", "min ", "slope", "noise", "detector: "} {
				if !strings.Contains(s, want) {
					t.Errorf("screen lacks %q", want)
				}
			}
		}},
		{"z without a segment says how to mark one", []string{"z"}, func(t *testing.T, _, m Model) {
			if m.chart.zoom != nil || !strings.Contains(plain(m), "mark a segment first") {
				t.Error("no hint")
			}
		}},
		{"esc zooms out", []string{"home", "[", "shift+right", "]", "z", "esc"}, func(t *testing.T, _, m Model) {
			if m.chart.zoom != nil || m.seg != nil {
				t.Error("still zoomed")
			}
		}},
		{"+ halves the range around the cursor, - widens it back", []string{"left", "+"}, func(t *testing.T, _, m Model) {
			z := m.chart.zoom
			fa, fb := m.chart.fullRange(m.series())
			if z == nil || math.Abs(z[1]-z[0]-(fb-fa)/2) > 1e-9 || z[0] > 1497 || z[1] < 1497 {
				t.Fatalf("zoom %v", z)
			}
			out := send(t, m, press("-"))
			if out.chart.zoom != nil {
				t.Errorf("- left zoom %v", out.chart.zoom)
			}
		}},
		{"tab cycles the metrics", []string{"tab"}, func(t *testing.T, _, m Model) {
			if m.metric() != "val_loss" {
				t.Errorf("metric %q", m.metric())
			}
			if m = send(t, m, press("tab")); m.metric() != "loss" {
				t.Errorf("metric %q after a second tab", m.metric())
			}
		}},
		{"s cycles the smoothing", []string{"s"}, func(t *testing.T, b, m Model) {
			if !strings.Contains(plain(m), "EMA 0.9") || !strings.Contains(plain(b), "EMA 0.6") {
				t.Error("no EMA 0.6 → 0.9")
			}
			m = send(t, m, press("s"), press("s"))
			if strings.Contains(plain(m), "EMA") {
				t.Error("smoothing not off after 0.99")
			}
		}},
		{"v toggles the validation overlay, shown by default", []string{"v"}, func(t *testing.T, b, m Model) {
			if !b.chart.showVal || !strings.Contains(plain(b), "+ val") {
				t.Error("no overlay before v")
			}
			if m.chart.showVal || strings.Contains(plain(m), "+ val") {
				t.Error("overlay still on after v")
			}
		}},
		{"L toggles the log scale", []string{"L"}, func(t *testing.T, b, m Model) {
			if !m.chart.logY || !strings.Contains(plain(m), "log") || m.chart.frame.text == b.chart.frame.text {
				t.Error("no log scale")
			}
		}},
		{"f focuses the findings, down selects the next", []string{"f", "down"}, func(t *testing.T, b, m Model) {
			want := min(1, b.findings.Len()-1)
			if m.view.focus != focusFindings || m.findings.sel != want {
				t.Errorf("focus %v finding %d, want %d", m.view.focus, m.findings.sel, want)
			}
		}},
		{"r focuses the remedies, up stays at the first", []string{"r", "up"}, func(t *testing.T, _, m Model) {
			if m.view.focus != focusRemedies || m.remedies.sel != 0 {
				t.Errorf("focus %v remedy %d", m.view.focus, m.remedies.sel)
			}
		}},
		{"? shows the full help and esc closes it", []string{"?"}, func(t *testing.T, _, m Model) {
			if !strings.Contains(plain(m), "╭─ keys") || !strings.Contains(plain(m), "export") {
				t.Error("no help overlay")
			}
			if m = send(t, m, press("esc")); m.view.showHelp {
				t.Error("esc left the help open")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := loaded(t)
			after := before
			for _, k := range tc.keys {
				after = send(t, after, press(k))
			}
			tc.check(t, before, after)
		})
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := loaded(t).Update(press(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s did not quit", k)
		}
	}
}

func TestPauseFreezesTheChartWhileTheBadgeCounts(t *testing.T) {
	m := testModel(t, 100, 30)
	all := divergingRun.batches(100)
	m = settle(t, send(t, m, all[:3]...))
	m = send(t, m, press("p"))
	chart := m.chart.frame.text
	m = settle(t, send(t, m, all[3:5]...))
	if m.chart.frame.text != chart {
		t.Error("the chart changed while paused")
	}
	if !strings.Contains(plain(m), "PAUSED +200 new") {
		t.Errorf("badge does not count the new records:\n%s", plain(m))
	}
	m = send(t, m, press("p"))
	if m.chart.frame.text == chart || m.view.paused {
		t.Error("resuming did not jump to live")
	}
}

func TestCopySendsTheSnippetWithOSC52(t *testing.T) {
	var out bytes.Buffer
	m := loaded(t, withOutput(&out))
	m = send(t, m, press("p")) // freeze the state so that a finding can be set
	m.state.Findings = []detect.Finding{{Kind: "diverging", Metric: "loss", Step: detect.IntStep(10), SinceStep: detect.IntStep(5), Severity: detect.SeverityCritical,
		Message: "loss rising", Remedies: []detect.Remedy{{ID: "clip", Title: "clip gradients", Why: "spikes", Snippet: "clip_grad_norm_(params, 1.0)"}}}}
	nm, cmd := m.Update(press("c"))
	if cmd == nil {
		t.Fatal("c returned no command")
	}
	msg := cmd()
	m = send(t, nm.(Model), msg)
	if !strings.Contains(out.String(), "\x1b]52;c;") {
		t.Errorf("no OSC 52 sequence written: %q", out.String())
	}
	if !strings.Contains(plain(m), "copied") {
		t.Errorf("screen does not say copied: %v", msg)
	}
}

func TestCopyWithoutARemedySaysSo(t *testing.T) {
	m := send(t, loaded(t), press("p"))
	m.state.Findings = nil
	m.refreshState() // the panels show the state
	m = send(t, m, press("c"))
	if !strings.Contains(plain(m), "nothing to copy") {
		t.Error("no message")
	}
}

func TestExportWritesEverySeriesOnScreenAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	m := loaded(t, withExportDir(dir))
	for i := 0; i < 2; i++ {
		nm, cmd := m.Update(press("e"))
		if cmd == nil {
			t.Fatal("e returned no command")
		}
		m = send(t, nm.(Model), cmd())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 2 {
		t.Fatalf("two exports wrote %v", files)
	}
	data, _ := os.ReadFile(files[0])
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != "step,loss,loss_min,loss_max,points,loss_ema_0.6,val_loss" || len(lines) != 501 {
		t.Errorf("%d lines, header %q", len(lines), lines[0])
	}
	val := 0
	for _, l := range lines[1:] {
		cells := strings.Split(l, ",")
		if cells[5] == "" {
			t.Errorf("no smoothed value in %q", l)
		}
		if cells[6] != "" {
			val++
		}
	}
	if val != 25 {
		t.Errorf("%d rows with a validation loss, want 25", val)
	}
	if !strings.Contains(plain(m), "exported 500 rows to") || !strings.Contains(plain(m), "-2.csv") {
		t.Errorf("no message naming the second file: %s", plain(m))
	}
	m = send(t, m, press("s"), press("s"), press("s"), press("v"))
	nm, cmd := m.Update(press("e"))
	send(t, nm.(Model), cmd())
	files, _ = filepath.Glob(filepath.Join(dir, "*-3.csv"))
	if len(files) != 1 {
		t.Fatalf("third export: %v", files)
	}
	if data, _ := os.ReadFile(files[0]); !strings.HasPrefix(string(data), "step,loss,loss_min,loss_max,points\n") {
		t.Errorf("without smoothing and overlay: %q", strings.SplitN(string(data), "\n", 2)[0])
	}
}

func TestMouseDragMarksASegment(t *testing.T) {
	m := loaded(t)
	y := 10
	m = send(t, m,
		tea.MouseMsg{X: 10, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: 30, Y: y, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: 40, Y: y, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	a, b := m.chart.marks[0], m.chart.marks[1]
	if math.IsNaN(a) || math.IsNaN(b) || b <= a {
		t.Fatalf("marks %v", m.chart.marks)
	}
	if m = send(t, m, press("z")); m.chart.zoom == nil {
		t.Error("z after a drag did not zoom")
	}
}

// TestNewDataIsDrawnAtMostEveryDataFrameInterval follows the redraws of new
// data on a clock the test moves: an update after a quiet spell is drawn at
// once; one right after a frame waits for a tick; updates that come at the
// pace the pipeline publishes them are drawn at once, with no timer; the
// idle notice comes when no record came for idleAfter, and not before.
func TestNewDataIsDrawnAtMostEveryDataFrameInterval(t *testing.T) {
	now := fixedNow
	m := testModel(t, 100, 30, withClock(func() time.Time { return now }))
	batches := convergedRun.batches(100)
	m = send(t, m, batches[0])
	if m.ticking || !strings.Contains(plain(m), "loss") {
		t.Fatalf("the first batch was not drawn at once:\n%s", plain(m))
	}
	screen := m.View()
	now = now.Add(dataFrameInterval / 10)
	nm, cmd := m.Update(batches[1])
	if m = nm.(Model); !m.ticking || cmd == nil || m.View() != screen {
		t.Fatal("a batch right after a frame did not wait for the clock")
	}
	now = now.Add(dataFrameInterval)
	if m = send(t, m, tickMsg{id: m.tickID}); m.ticking || m.View() == screen {
		t.Fatal("the tick did not draw the batch")
	}
	for i := 2; i < 5; i++ {
		now = now.Add(dataFrameInterval - frameSlack/2)
		screen = m.View()
		if m = send(t, m, batches[i]); m.ticking || m.View() == screen {
			t.Fatalf("batch %d, paced at the interval, was not drawn at once", i)
		}
	}
	pending := m.idleID
	now = now.Add(idleAfter / 2)
	if m = send(t, m, idleMsg{id: pending}); strings.Contains(plain(m), "idle since") || !m.idling || m.idleID == pending {
		t.Fatal("the idle check came early and did not wait for the rest")
	}
	now = now.Add(idleAfter)
	if m = send(t, m, idleMsg{id: m.idleID}); !strings.Contains(plain(m), "idle since") {
		t.Errorf("no idle notice: %s", strings.Split(plain(m), "\n")[0])
	}
}

func TestFollowerEventsReachTheScreen(t *testing.T) {
	for _, tc := range []struct {
		name  string
		event monitor.Event
		want  []string
	}{
		{"truncation is told with the follower's words", monitor.Event{Kind: monitor.EventTruncated, Message: "train.log was truncated: reading it again"}, []string{"train.log was truncated: reading it again", "following"}},
		{"polling shows as the follow state", monitor.Event{Kind: monitor.EventPolling, Message: "no file events"}, []string{"polling"}},
		{"an error is flagged in the status bar and told below", monitor.Event{Kind: monitor.EventError, Message: "permission denied"}, []string{"· error", "error: permission denied"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := settle(t, send(t, loaded(t), ingested(monitor.Batch{Events: []monitor.Event{tc.event}})))
			for _, w := range tc.want {
				if !strings.Contains(plain(m), w) {
					t.Errorf("screen lacks %q:\n%s", w, plain(m))
				}
			}
		})
	}
}

func TestSmoothingStartsAtTheGivenWeightThenCycles(t *testing.T) {
	m := feed(t, testModel(t, 100, 30, WithSmoothing(0.95)), convergedRun)
	var got []string
	for i := 0; i < 5; i++ {
		title := strings.SplitN(plain(m), "\n", 3)[1]
		w := "off"
		if i := strings.Index(title, "EMA "); i >= 0 {
			w = strings.Fields(title[i+4:])[0]
		}
		got = append(got, w)
		m = send(t, m, press("s"))
	}
	if want := "0.95 0.99 off 0.6 0.9"; strings.Join(got, " ") != want {
		t.Errorf("smoothing went %v, want %s", got, want)
	}
}

func TestRemediesSpeakTheLogsFramework(t *testing.T) {
	m := feed(t, testModel(t, 100, 30), divergingRun) // hf-stdout: Hugging Face
	var snippets []string
	for _, f := range m.state.Findings {
		for _, r := range f.Remedies {
			snippets = append(snippets, r.Snippet)
		}
	}
	if !strings.Contains(strings.Join(snippets, "\n"), "TrainingArguments") {
		t.Errorf("no Hugging Face snippet among %q", snippets)
	}
}

func TestMouseWheelZoomsAtThePointer(t *testing.T) {
	m := loaded(t)
	at := tea.MouseMsg{X: 30, Y: 10, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp}
	step, ok := m.chart.stepAt(at.X, at.Y)
	if !ok {
		t.Fatal("pointer not over the graph")
	}
	m = send(t, m, at)
	z := m.chart.zoom
	if z == nil || z[0] > step || z[1] < step {
		t.Fatalf("zoom %v does not hold the step %g under the pointer", z, step)
	}
	if got, _ := m.chart.stepAt(at.X, at.Y); math.Abs(got-step) > (z[1]-z[0])/float64(m.chart.frame.graphWidth) {
		t.Errorf("step under the pointer moved from %g to %g", step, got)
	}
	m = send(t, m, tea.MouseMsg{X: 30, Y: 10, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if m.chart.zoom != nil {
		t.Errorf("wheel down did not zoom back out: %v", m.chart.zoom)
	}
}

// TestSerialisedOutputStaysATerminal: the program sizes and sets up the
// terminal only when its output is a term.File; the lock around the output
// must keep it one, and must not let io.WriteString past it.
func TestSerialisedOutputStaysATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := serialised(f)
	if _, ok := out.(interface{ Fd() uintptr }); !ok {
		t.Fatal("a file behind the lock is no longer a term.File")
	}
	lf := out.(*lockedFile)
	lf.mu.Lock()
	done := make(chan struct{})
	go func() { _, _ = io.WriteString(out, "x"); close(done) }()
	select {
	case <-done:
		t.Fatal("io.WriteString went past the lock")
	case <-time.After(50 * time.Millisecond):
	}
	lf.mu.Unlock()
	<-done
}
