package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// gridCellW and gridCellH are the smallest size of one chart of the metric
// grid; the grid has as many columns as fit, and scrolls by rows.
const (
	gridCellW = 34
	gridCellH = 7
)

// metricGrid is the metric grid of one run: every metric of the log in a
// small chart, filtered by name, one selected; enter enlarges it into the
// monitor's own chart, and esc from there comes back.
type metricGrid struct {
	on       bool // the grid is shown
	enlarged bool // a metric was enlarged from the grid: esc comes back
	sel      string
	filter   nameFilter
	shown    []string
	cols     int // columns of the last layout, for ↑/↓
	top      int // first row shown
	canvases []*canvas.Model
}

// openGrid shows the metric grid, the charted metric selected.
func (m *Model) openGrid() {
	m.grid.on, m.grid.enlarged = true, false
	if m.grid.sel == "" {
		m.grid.sel = m.metric()
	}
}

// updateGridKey handles the keys of the grid and of a metric enlarged from
// it; it reports false for a key it leaves to the monitor.
func (m Model) updateGridKey(msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k, g := m.keys, &m.grid
	switch {
	case !g.on && g.enlarged && key.Matches(msg, k.Back) && m.view.focus == focusChart && m.chart.zoom == nil && !m.chart.cursorOn && !m.view.showHelp,
		!g.on && key.Matches(msg, k.Grid):
		m.openGrid()
	case !g.on && key.Matches(msg, k.Filter):
		// "/ filters metrics by name": on the chart it opens the grid to
		// type the filter in.
		m.openGrid()
		g.filter.Start()
	case !g.on:
		return m, nil, false
	case g.filter.editing:
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Quit, true
		}
		g.filter.Update(msg)
	case key.Matches(msg, k.Quit):
		return m, tea.Quit, true
	case key.Matches(msg, k.Help), key.Matches(msg, k.Smooth), key.Matches(msg, k.Log), key.Matches(msg, k.Pause):
		return m, nil, false
	case key.Matches(msg, k.Open):
		if g.sel != "" && m.data.series[g.sel] != nil {
			m.view.metric = g.sel
			g.on, g.enlarged = false, true
			m.chart.reset()
			m.seg = nil
		}
	case key.Matches(msg, k.Filter):
		g.filter.Start()
	case key.Matches(msg, k.Back):
		if g.filter.Active() {
			g.filter.Clear()
		} else {
			g.on = false
		}
	case key.Matches(msg, k.Grid):
		g.on = false
	case key.Matches(msg, k.Left):
		g.move(-1)
	case key.Matches(msg, k.Right), key.Matches(msg, k.Metric):
		g.move(1)
	case key.Matches(msg, k.Up):
		g.move(-max(g.cols, 1))
	case key.Matches(msg, k.Down):
		g.move(max(g.cols, 1))
	}
	m.rebuild()
	return m, nil, true
}

// move moves the selection by d metrics.
func (g *metricGrid) move(d int) {
	if len(g.shown) == 0 {
		return
	}
	i := 0
	for j, n := range g.shown {
		if n == g.sel {
			i = j
		}
	}
	g.sel = g.shown[min(max(i+d, 0), len(g.shown)-1)]
}

// gridBody draws the grid in the space of the chart and the panels.
func (m *Model) gridBody(w, h int) []string {
	g := &m.grid
	g.shown = g.shown[:0]
	for _, n := range m.data.order {
		if g.filter.Match(n) {
			g.shown = append(g.shown, n)
		}
	}
	title := m.st.Bold.Render("metrics") + m.st.Muted.Render(fmt.Sprintf("  %d of %d", len(g.shown), len(m.data.order)))
	if f := g.filter.View(&m.st); f != "" {
		title += "  " + f
	} else {
		title += m.st.Muted.Render("  arrows select · enter enlarges · / filters · esc closes")
	}
	if len(g.shown) == 0 {
		return box(title, []string{m.st.Muted.Render("no metric matches the filter")}, w, h, m.st.Border)
	}
	if !contains(g.shown, g.sel) {
		g.sel = g.shown[0]
	}
	iw, ih := w-2, h-2
	g.cols = max(1, min(len(g.shown), iw/gridCellW))
	rows := (len(g.shown) + g.cols - 1) / g.cols
	fitRows := max(1, min(rows, ih/gridCellH))
	cellH := max(ih/fitRows, 3)
	selRow := index(g.shown, g.sel) / g.cols
	g.top = max(0, min(g.top, selRow, rows-fitRows))
	if selRow >= g.top+fitRows {
		g.top = selRow - fitRows + 1
	}
	var lines []string
	for r := g.top; r < g.top+fitRows && r < rows; r++ {
		var row []string
		for c := 0; c < g.cols; c++ {
			i := r*g.cols + c
			cw := iw / g.cols
			if c == g.cols-1 {
				cw = iw - cw*(g.cols-1)
			}
			if i >= len(g.shown) {
				row = beside(row, fitLines(nil, cw, cellH))
				continue
			}
			row = beside(row, m.gridCell(i, g.shown[i], cw, cellH))
		}
		lines = append(lines, row...)
	}
	return box(title, lines, w, h, m.st.Border)
}

// gridCell draws one metric's small chart: its name, whether higher is
// better, its last and best values.
func (m *Model) gridCell(i int, name string, w, h int) []string {
	g := &m.grid
	for len(g.canvases) <= i {
		g.canvases = append(g.canvases, &canvas.Model{})
	}
	s := m.data.series[name]
	border := m.st.Border
	title := decode.Sanitize(name)
	if name == g.sel {
		border = m.st.Title
		title = m.st.Title.Render(title)
	}
	hb := higherIsBetter(name)
	if hb {
		title += m.st.Muted.Render(" ↑")
	}
	if last, ok := s.Last(); ok {
		title += m.st.Muted.Render(" " + formatNum(last.Y))
	}
	if best, ok := m.bestOf(name); ok && (hb || detect.LossLike(name)) {
		title += m.st.Muted.Render(" best " + formatNum(best))
	}
	xa, xb := liveRange(s)
	in := chartInput{series: s, xa: xa, xb: xb, dataEnd: math.Inf(1), convStep: math.NaN(),
		marks: [2]float64{math.NaN(), math.NaN()}, weight: m.chart.weight, logY: m.chart.logY, unit: m.xUnit(), origin: *m.data.origin}
	in.axis, in.axisKind = m.axisInput()
	fr := drawChart(in, w-2, h-2, &m.st, g.canvases[i])
	return box(title, strings.Split(fr.text, "\n"), w, h, border)
}

// bestOf returns a metric's best value from the detector's summary of it:
// its highest when higher is better, else its lowest.
func (m *Model) bestOf(name string) (float64, bool) {
	sum, ok := m.latest.Metrics[name]
	best, _ := sum.Best()
	return best, ok && sum.Points > 0 && !math.IsInf(best, 0)
}

func contains(xs []string, x string) bool { return index(xs, x) >= 0 }

func index(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
