// Package ui is the live terminal monitor: a Bubble Tea program that draws
// the loss curve, the detector's verdict and findings, and takes keys.
package ui

import (
	"context"
	"fmt"
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

type batchMsg monitor.Batch
type doneMsg struct{ err error }

// Model is the root model of the monitor.
type Model struct {
	path    string
	batches <-chan monitor.Batch
	errc    <-chan error
	tracker *detect.Tracker
	stats   monitor.Stats
	format  monitor.Format
	xs, ys  []float64
	width   int
	height  int
	err     error
}

// New returns the monitor for a log whose batches arrive on batches.
func New(path string, batches <-chan monitor.Batch, errc <-chan error) Model {
	return Model{path: path, batches: batches, errc: errc, tracker: detect.New(), width: 80, height: 24}
}

func (m Model) wait() tea.Cmd {
	return func() tea.Msg {
		b, ok := <-m.batches
		if !ok {
			return doneMsg{err: <-m.errc}
		}
		return batchMsg(b)
	}
}

// Init starts waiting for the first batch.
func (m Model) Init() tea.Cmd { return m.wait() }

// Update handles keys, sizes and batches.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if msg.String() == "q" || msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case batchMsg:
		m.stats, m.format = msg.Stats, msg.Format
		for _, r := range msg.Records {
			for _, mt := range r.Metrics {
				m.tracker.Observe(mt.Name, r.Step, mt.Value)
				if detect.RoleOf(mt.Name) == detect.RoleTrainLoss {
					m.xs = append(m.xs, r.Step)
					m.ys = append(m.ys, mt.Value)
				}
			}
		}
		return m, m.wait()
	case doneMsg:
		m.err = msg.err
	}
	return m, nil
}

// View draws the screen.
func (m Model) View() string {
	st := m.tracker.State()
	header := fmt.Sprintf(" losswatch  %s · %s · %d lines · %d records\n", monitor.Sanitize(m.path), m.format, m.stats.Lines, m.stats.Records)
	verdict := fmt.Sprintf(" %s\n", st.Verdict)
	if len(m.xs) < 2 {
		return header + " waiting for points…\n" + verdict
	}
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, y := range m.ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			minY, maxY = math.Min(minY, y), math.Max(maxY, y)
		}
	}
	if minY >= maxY {
		maxY = minY + 1
	}
	lc := linechart.New(m.width-2, m.height-4, m.xs[0], m.xs[len(m.xs)-1], minY, maxY)
	lc.DrawXYAxisAndLabel()
	for i := 1; i < len(m.xs); i++ {
		lc.DrawBrailleLine(canvas.Float64Point{X: m.xs[i-1], Y: m.ys[i-1]}, canvas.Float64Point{X: m.xs[i], Y: m.ys[i]})
	}
	return header + lc.View() + "\n" + verdict
}

// Run starts the monitor on src and blocks until the user quits.
func Run(ctx context.Context, path string, src *monitor.Source) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan monitor.Batch, 4)
	errc := make(chan error, 1)
	go func() {
		errc <- src.Run(ctx, batches)
		close(batches)
	}()
	_, err := tea.NewProgram(New(path, batches, errc), tea.WithAltScreen(), tea.WithContext(ctx)).Run()
	return err
}
