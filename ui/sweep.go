package ui

import (
	"context"
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// sweepCapacity is the series store's entries per level for each run of a
// sweep: a quarter of a single run's, so that 200 runs of a few metrics
// each stay within a few hundred megabytes at most (see BenchmarkSweepMemory);
// a chart is at most a few hundred columns wide.
const sweepCapacity = 1024

// sweepScreen is what the sweep's screen shows.
type sweepScreen int

const (
	screenRuns    sweepScreen = iota // the table of runs
	screenRun                        // one run, as the single-run monitor
	screenOverlay                    // the marked runs on one chart
)

type (
	runMsg        monitor.RunUpdate
	sweepDoneMsg  struct{ err error }
	sweepTickMsg  struct{ id int }
	sweepFlashMsg string
)

// sweepRun is one run of the sweep: the single-run monitor that holds its
// data (it draws only while open) and what the runs view adds.
type sweepRun struct {
	m      Model
	colour int
	marked bool
	ended  bool
	// version counts the changes to m that the sweep made (updates, its
	// end, messages while open); cached is m's row as of cachedAt.
	version, cachedAt int
	cached            *runRow
}

// SweepModel is the root model for a directory of runs: the runs view
// (a table of runs, failing first), one run opened in the single-run
// monitor, or the marked runs overlaid on one chart.
type SweepModel struct {
	cfg     config
	opts    []Option
	st      Styles
	keys    KeyMap
	help    help.Model
	dir     string
	updates <-chan monitor.RunUpdate
	errc    <-chan error

	runs    map[string]*sweepRun
	origin  *xOrigin // where the x positions of every run count from, so that they overlay
	found   int      // runs seen: the next run's colour
	table   runsTable
	overlay overlayModel
	screen  sweepScreen
	open    string // the run shown on screenRun

	list     func() []monitor.RunInfo // the runs found, read or not yet (Sweep.Runs)
	listedAt time.Time

	width, height int
	dirty         bool
	ticking       bool
	tickID        int
	done          bool
	errText       string
	flash         string
	showHelp      bool
	text          string
}

// NewSweep returns the monitor of the runs in dir, whose sweep publishes on
// updates; the sweep's error (nil at a clean end) arrives on errc after
// updates closes. opts apply to every run's monitor too.
func NewSweep(dir string, updates <-chan monitor.RunUpdate, errc <-chan error, opts ...Option) SweepModel {
	cfg := newConfig(opts)
	s := SweepModel{
		cfg: cfg, opts: opts, st: cfg.styles(), keys: DefaultKeyMap(), help: help.New(),
		dir: dir, updates: updates, errc: errc, runs: map[string]*sweepRun{}, width: 80, height: 24,
		origin: &xOrigin{},
	}
	s.help.Styles = s.st.Help
	s.overlay = newOverlayModel(cfg.weight)
	s.rebuild()
	return s
}

func (s SweepModel) wait() tea.Cmd {
	return waitOn(s.updates, s.errc,
		func(u monitor.RunUpdate) tea.Msg { return runMsg(u) },
		func(err error) tea.Msg { return sweepDoneMsg{err: err} })
}

// Init starts waiting for the first update.
func (s SweepModel) Init() tea.Cmd { return s.wait() }

// Update routes messages: updates to their run, keys to the screen shown,
// the open run's own messages (its clock, its copy) to it.
func (s SweepModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		s.help.Width = msg.Width
		s.overlay.chart.stale = true
		cmd := s.toOpen(msg)
		s.rebuild()
		return s, cmd
	case tea.KeyMsg:
		return s.updateKey(msg)
	case runMsg:
		cmd := s.ingest(monitor.RunUpdate(msg))
		s.listRuns()
		if s.screen == screenRun {
			return s, tea.Batch(s.wait(), cmd) // the open run draws on its own clock
		}
		return s, tea.Batch(s.wait(), cmd, s.arm())
	case sweepDoneMsg:
		s.done = true
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			s.errText = decode.Sanitize(msg.err.Error())
		}
		return s, s.arm()
	case sweepTickMsg:
		if msg.id != s.tickID {
			return s, nil
		}
		if !s.dirty {
			s.ticking = false
			return s, nil
		}
		s.rebuild()
		return s, s.tick()
	case sweepFlashMsg:
		s.flash = string(msg)
		return s, s.arm()
	case tea.MouseMsg:
		if s.screen == screenOverlay {
			if c, changed := s.overlay.chart.Update(msg, s.keys, s.overlay.span(s.marked())); changed {
				s.overlay.chart = c
				s.rebuild()
			}
			return s, nil
		}
	}
	// The open run's own messages: its clock, first line, copy and export.
	return s, s.toOpen(msg)
}

// toOpen hands msg to the open run's monitor and returns its command.
func (s *SweepModel) toOpen(msg tea.Msg) tea.Cmd {
	r := s.runs[s.open]
	if s.screen != screenRun || r == nil {
		return nil
	}
	nm, cmd := r.m.Update(msg)
	r.m = nm.(Model)
	r.version++
	return cmd
}

// arm marks the screen as changed and starts the clock when it is stopped.
func (s *SweepModel) arm() tea.Cmd {
	s.dirty = true
	if s.ticking {
		return nil
	}
	s.ticking = true
	return s.tick()
}

func (s *SweepModel) tick() tea.Cmd {
	s.tickID++
	id := s.tickID
	return tea.Tick(frameInterval, func(time.Time) tea.Msg { return sweepTickMsg{id} })
}

// listEvery is how often the sweep's list of runs is read for runs that
// wait their turn to read their history (a folder of 200 is read a few at a
// time): they are listed from the start.
const listEvery = time.Second

// listRuns adds the runs the sweep found and that sent nothing yet.
func (s *SweepModel) listRuns() {
	now := s.cfg.now()
	if s.list == nil || now.Sub(s.listedAt) < listEvery {
		return
	}
	s.listedAt = now
	for _, ri := range s.list() {
		s.run(ri.Name)
	}
}

// run returns the run called name, made (with its colour) if new.
func (s *SweepModel) run(name string) *sweepRun {
	r := s.runs[name]
	if r == nil {
		m := New(nil, nil, append([]Option{withCapacity(sweepCapacity)}, s.opts...)...)
		m.live.path = name
		m.data.origin = s.origin
		r = &sweepRun{m: m, colour: s.found}
		s.found++
		s.runs[name] = r
	}
	return r
}

// ingest hands an update to its run's monitor (made on its first update).
// The open run draws it on its own clock; the others only store it.
func (s *SweepModel) ingest(u monitor.RunUpdate) tea.Cmd {
	r := s.run(u.Run)
	r.version++
	if e := u.End; e != nil {
		r.ended = true
		r.m.endRun(e)
		return nil
	}
	if s.screen == screenRun && s.open == u.Run {
		nm, cmd := r.m.Update(updateMsg(u.Update))
		r.m = nm.(Model)
		return cmd
	}
	r.m.ingest(u.Update)
	return nil
}

// maxUnmarked is how many runs the overlay shows when none is marked: the
// worst of those the filter shows (the table's first rows). More lines
// would be unreadable, and each costs a frame a few hundred microseconds.
const maxUnmarked = 10

// marked returns the runs the overlay shows: the marked ones in table
// order, or when none is marked the first maxUnmarked rows the filter
// shows.
func (s *SweepModel) marked() []overlayRun {
	var marked, all []overlayRun
	for _, n := range s.table.Shown() {
		r := s.runs[n]
		if r == nil {
			continue
		}
		all = append(all, r.overlayRun(n))
		if r.marked {
			marked = append(marked, all[len(all)-1])
		}
	}
	if len(marked) == 0 {
		return all[:min(len(all), maxUnmarked)]
	}
	return marked
}

// openRun shows the run name in the single-run monitor.
func (s *SweepModel) openRun(name string) tea.Cmd {
	r := s.runs[name]
	if r == nil {
		return nil
	}
	s.screen, s.open = screenRun, name
	return r.m.wake(s.width, s.height)
}

// updateKey routes a key to the screen shown.
func (s SweepModel) updateKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if keys := splitBurst(msg); len(keys) > 1 && s.screen != screenRun && !s.table.filter.editing {
		return s.updateBurst(keys)
	}
	k := s.keys
	switch s.screen {
	case screenRun:
		r := s.runs[s.open]
		if r != nil && key.Matches(msg, k.Back) && r.m.atRest() {
			s.screen = screenRuns
			s.rebuild()
			return s, nil
		}
		return s, s.toOpen(msg)
	case screenOverlay:
		return s.updateOverlayKey(msg)
	}
	return s.updateRunsKey(msg)
}

// updateBurst handles the keys of a burst (keys typed faster than the
// terminal is read: over SSH, tmux send-keys j j j) one by one, each on the
// screen the keys before it left: "/" starts the filter and the rest are
// its text, enter opens a run and the rest go to it. A quit ends the burst.
func (s SweepModel) updateBurst(keys []tea.KeyMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	for _, one := range keys {
		if key.Matches(one, s.keys.Quit) {
			return s, tea.Batch(append(cmds, tea.Quit)...)
		}
		nm, cmd := s.updateKey(one)
		s = nm.(SweepModel)
		cmds = append(cmds, cmd)
		if s.screen == screenRun || s.table.filter.editing {
			// The rest of the burst goes as it came, to the open run (which
			// splits it itself) or to the filter as text.
			rest := keys[len(cmds):]
			if len(rest) > 0 {
				next := rest[0]
				for _, r := range rest[1:] {
					next = tea.KeyMsg{Type: tea.KeyRunes, Runes: append(next.Runes, r.Runes...)}
				}
				nm, cmd = s.updateKey(next)
				s = nm.(SweepModel)
				cmds = append(cmds, cmd)
			}
			break
		}
	}
	return s, tea.Batch(cmds...)
}
