// Package ui is the live terminal monitor: a Bubble Tea program that draws
// the loss curve, the detector's verdict and findings, and takes keys.
package ui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// framesPerSecond is how often, at most, the screen is drawn: 20 keeps a
// key's answer under 50 ms. A frame is drawn only when the screen changed
// (pacedModel); no clock runs while nothing does. (Bubble Tea v1's own
// renderer woke at this rate forever, a ticker it cannot be told to stop:
// about 115 wake-ups a second at 20 with the monitor idle.)
const framesPerSecond = 20

// frameInterval is the shortest time between two frames (pacedModel), and
// how soon the runs view draws its first frame after a quiet spell
// (sweep.go).
const frameInterval = time.Second / framesPerSecond

// dataFrameInterval is the shortest time between two redraws for new data
// that keeps coming: a key is answered at once (at framesPerSecond), but a
// curve that grows needs no more than a few frames a second to look live,
// and every frame draws the whole chart again (a 200x50 screen following
// 100 lines a second used 10% of a core at 20 frames a second).
const dataFrameInterval = 250 * time.Millisecond

// frameSlack is how much sooner than dataFrameInterval after the last one
// an update is drawn at once: updates paced at that interval by the
// pipeline (UpdateEvery) come a little early or late, and waiting out the
// difference would cost a timer and its wake-up per frame.
const frameSlack = dataFrameInterval / 5

// UpdateEvery is how often, at most, the UI wants the pipeline's updates:
// give its pipeline monitor.WithPublishEvery(UpdateEvery) and its source
// monitor.WithReadEvery(UpdateEvery). Each update received costs a
// wake-up, a pass through Update and the screen compared with the one drawn,
// and each read of the log several wake-ups; more of them than the frames
// new data gets (dataFrameInterval) are wasted.
const UpdateEvery = dataFrameInterval

// idleAfter is how long without records before the status bar says idle.
const idleAfter = 2 * time.Second

type (
	updateMsg monitor.Update
	doneMsg   struct{ err error }
	tickMsg   struct{ id int }
	idleMsg   struct{ id int }
	flashMsg  struct {
		text string
		err  error
	}
)

// focus says which panel the arrow keys move in.
type focus int

const (
	focusChart focus = iota
	focusFindings
	focusRemedies
)

// Model is the root model of the monitor: it owns the data, the layout and
// routes keys to the chart and the panels.
type Model struct {
	cfg     config
	st      Styles
	keys    KeyMap
	help    help.Model
	updates <-chan monitor.Update
	errc    <-chan error

	data       *runData
	live       liveState
	view       viewState
	chart      chartModel
	findings   findingsPanel
	remedies   remediesPanel
	state      detect.State // as last drawn (frozen while paused)
	latest     detect.State // as the pipeline last published it
	seg        *segmentReport
	grid       metricGrid // the metric grid (grid.go)
	axis       xAxis      // the x axis: steps, epochs or wall time (xaxis.go)
	width      int
	height     int
	dirty      bool
	ticking    bool // a frame for new data is due at the tick tickID
	tickID     int
	drawn      time.Time // when new data was last drawn
	idling     bool      // the idle check idleID is pending
	idleID     int
	screen     string
	firstAsked bool // the first line of a log without metrics was asked for
}

// runData is what has been read: it is shared by the copies of the Model
// that Bubble Tea passes around, and only Update touches it.
type runData struct {
	series   map[string]*Series
	order    []string
	restarts map[string]int // how often a metric's steps went back
	origin   *xOrigin       // the series' x positions count from it (one for all the runs of a sweep)
}

// viewState is what the user chose outside the chart.
type viewState struct {
	metric    string
	paused    bool
	pausedNew int64
	focus     focus
	showHelp  bool
	flash     string
}

// New returns the monitor for a run whose pipeline publishes on updates
// (with snapshots of the detector's state, see StateEvery); the pipeline's
// error (nil at a clean end) arrives on errc after updates closes.
func New(updates <-chan monitor.Update, errc <-chan error, opts ...Option) Model {
	cfg := newConfig(opts)
	m := Model{
		cfg: cfg, st: cfg.styles(), keys: DefaultKeyMap(), help: help.New(),
		updates: updates, errc: errc, width: 80, height: 24,
		data: &runData{series: map[string]*Series{}, restarts: map[string]int{}, origin: &xOrigin{}},
	}
	m.help.Styles = m.st.Help
	m.live.path = cfg.path
	m.live.fromEnd = cfg.fromEnd
	m.live.started = cfg.now()
	m.live.follow = followStarting
	m.view.metric = cfg.metric
	m.chart = newChartModel(cfg.weight)
	m.rebuild()
	return m
}

func (m Model) wait() tea.Cmd {
	return waitOn(m.updates, m.errc,
		func(u monitor.Update) tea.Msg { return updateMsg(u) },
		func(err error) tea.Msg { return doneMsg{err: err} })
}

// Init starts waiting for the first batch.
func (m Model) Init() tea.Cmd { return m.wait() }

// Update handles keys, mouse, sizes, batches and the redraw clock.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.chart.stale = true // a paused chart is drawn again at the new size, same range
		m.rebuild()
		return m, nil
	case tea.KeyMsg:
		return m.updateKeys(msg)
	case tea.MouseMsg:
		return m.updateMouse(msg)
	case updateMsg:
		m.ingest(monitor.Update(msg))
		return m, tea.Batch(m.wait(), m.arm(), m.askFirstLine())
	case firstLineMsg:
		m.live.firstLine = msg.line
		return m, m.arm()
	case doneMsg:
		m.live.done = true
		if msg.err != nil {
			m.live.errText = decode.Sanitize(msg.err.Error())
		}
		m.dirty = true
		return m, m.arm()
	case tickMsg:
		if msg.id != m.tickID || !m.ticking {
			return m, nil
		}
		m.ticking = false
		return m, m.frame()
	case idleMsg:
		if msg.id != m.idleID || !m.idling {
			return m, nil
		}
		m.idling = false
		return m, m.checkIdle()
	case flashMsg:
		m.view.flash = msg.text
		if msg.err != nil {
			m.view.flash = "error: " + decode.Sanitize(msg.err.Error())
		}
		m.rebuild()
		return m, nil
	}
	return m, nil
}

// arm marks the screen as changed and draws it: at once when the last
// frame of new data is about dataFrameInterval old (following a log, every
// update; no timer runs), else at a tick when it will be.
func (m *Model) arm() tea.Cmd {
	m.dirty = true
	if m.ticking {
		return nil
	}
	if wait := dataFrameInterval - m.cfg.now().Sub(m.drawn); wait > frameSlack {
		m.ticking = true
		m.tickID++
		id := m.tickID
		return tea.Tick(wait, func(time.Time) tea.Msg { return tickMsg{id} })
	}
	return m.frame()
}

// frame draws new data, and starts the idle check unless it is pending.
func (m *Model) frame() tea.Cmd {
	m.rebuild()
	m.drawn = m.cfg.now()
	return m.checkIdleIn(idleAfter)
}

// checkIdleIn starts the idle check, due in after, unless one is pending or
// the status bar says idle already. One check at a time: records that keep
// coming move the check on when it is due rather than arm one each.
func (m *Model) checkIdleIn(after time.Duration) tea.Cmd {
	if m.idling || m.live.idle {
		return nil
	}
	m.idling = true
	m.idleID++
	id := m.idleID
	return tea.Tick(after, func(time.Time) tea.Msg { return idleMsg{id} })
}

// checkIdle says idle when no record came for idleAfter, else checks again
// when it will be that long.
func (m *Model) checkIdle() tea.Cmd {
	quiet := m.cfg.now().Sub(m.live.lastRecord)
	if !m.live.lastRecord.IsZero() && quiet < idleAfter {
		return m.checkIdleIn(idleAfter - quiet)
	}
	m.live.idle = true
	m.rebuild()
	return nil
}

// ingest takes what the pipeline published: the detector's state, and the
// batch's records into the series store.
func (m *Model) ingest(u monitor.Update) {
	if u.State != nil {
		m.latest = *u.State
	}
	if u.Batch != nil {
		m.ingestBatch(*u.Batch)
	}
}

// ingestBatch follows the source's events and stores the batch's points.
func (m *Model) ingestBatch(b monitor.Batch) {
	now := m.cfg.now()
	lv := &m.live
	for _, e := range b.Events {
		m.cfg.logger.Debug("source event", "kind", e.Kind, "message", e.Message)
	}
	if flash := lv.ingest(b, now); flash != "" {
		m.view.flash = flash
	}
	d := m.data
	m.axis.ingest(b.Records, d.origin)
	points := 0
	for _, r := range b.Records {
		step := monitor.StepOf(r)
		x := d.origin.x(step)
		for _, mt := range r.Metrics {
			if detect.IsAxis(mt.Name) {
				continue // the epoch is where the run is, not a curve
			}
			s, ok := d.series[mt.Name]
			if !ok {
				s = NewSeries(m.cfg.capacity)
				d.series[mt.Name] = s
				d.order = append(d.order, mt.Name)
			}
			if last, ok := s.Last(); ok && x < last.X {
				// The series drops what it showed from x on: say so.
				d.restarts[mt.Name]++
				m.view.flash = fmt.Sprintf("%s restarted: %s %s after %s; the chart shows the latest run from there",
					decode.Sanitize(mt.Name), m.xUnit(), d.origin.label(x), d.origin.label(last.X))
			}
			s.Add(x, mt.Value)
			points++
		}
		lv.lastStep = step
	}
	m.cfg.logger.Debug("batch", "records", len(b.Records), "points", points, "bytes", b.Stats.Bytes, "live", b.Live)
	if len(b.Records) > 0 {
		lv.lastRecord, lv.idle = now, false
		lv.rate.add(now, float64(len(b.Records)))
		if m.view.paused {
			m.view.pausedNew += int64(len(b.Records))
		}
	}
}

// metric returns the metric the chart shows: the chosen one, else the
// detector's primary, else the first seen.
func (m *Model) metric() string {
	if _, ok := m.data.series[m.view.metric]; ok {
		return m.view.metric
	}
	if p := m.state.Primary; p != "" {
		if _, ok := m.data.series[p]; ok {
			return p
		}
	}
	for _, n := range m.data.order {
		if detect.RoleOf(n) == detect.RoleTrainLoss {
			return n
		}
	}
	if len(m.data.order) > 0 {
		return m.data.order[0]
	}
	return ""
}

// valName returns the name of the series valMetric returns.
func (m *Model) valName() string { return m.companion() }

// valMetric returns the series drawn beside the charted one (see
// companion), or nil.
func (m *Model) valMetric() *Series {
	if n := m.companion(); n != "" {
		return m.data.series[n]
	}
	return nil
}

// companion names the metric drawn beside the charted one, in its own
// colour: a training loss's validation loss, or a GAN generator's loss's
// discriminator loss (detect.Discriminator), the other side of the game;
// "" for none. Over a learning rate or an MFU a validation loss would only
// squash the curve, so another metric gets one only when it is the loss
// judged.
func (m *Model) companion() string {
	cur := m.metric()
	if detect.IsGenerator(cur) {
		return detect.Discriminator(cur, m.data.order)
	}
	isLoss := detect.RoleOf(cur) == detect.RoleTrainLoss || cur == m.state.Primary && detect.RoleOf(cur) == detect.RoleOther && detect.LossLike(cur)
	if !isLoss {
		return ""
	}
	for _, n := range m.data.order {
		if detect.RoleOf(n) == detect.RoleValLoss && n != cur {
			return n
		}
	}
	return ""
}
