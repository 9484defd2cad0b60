package ui

import (
	"fmt"
	"github.com/losswatch/losswatch/monitor"
	"math"
	"sort"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/losswatch/losswatch/monitor/decode"
)

// axisKind is what the chart's x axis is labelled in: the log's steps, its
// epochs (the records' Epoch: decoders never make the epoch a metric) or the wall time since its first record (its
// time stamps). The chart stays spaced by step; only the ticks change, so
// that every series, the cursor and the zoom work the same in each.
type axisKind int

const (
	axisStep axisKind = iota
	axisEpoch
	axisTime
)

// String is the axis as the chart's title names it.
func (a axisKind) String() string {
	return [...]string{"step", "epoch", "wall time"}[a]
}

// maxAxisSamples bounds the samples of a step-to-epoch or step-to-time map;
// past it every other one is dropped and the map samples half as often.
const maxAxisSamples = 2048

// axisSamples maps steps to another unit by linear interpolation between
// samples taken as records arrive, in bounded memory.
type axisSamples struct {
	steps, vals []float64
	every, n    int
}

// add samples the unit's value v at step. A step lower than the last one
// (a restart) drops the samples from it on, as the series store does.
func (a *axisSamples) add(step, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.IsNaN(step) {
		return
	}
	restart := false
	if k := len(a.steps); k > 0 && step < a.steps[k-1] {
		i := sort.SearchFloat64s(a.steps, step)
		a.steps, a.vals = a.steps[:i], a.vals[:i]
		restart = true
	}
	if a.every == 0 {
		a.every = 1
	}
	if a.n++; (a.n-1)%a.every != 0 && !restart {
		return
	}
	if k := len(a.steps); k > 0 && step == a.steps[k-1] {
		a.vals[k-1] = v
		return
	}
	a.steps, a.vals = append(a.steps, step), append(a.vals, v)
	if len(a.steps) > maxAxisSamples {
		for i := 0; 2*i < len(a.steps); i++ {
			a.steps[i], a.vals[i] = a.steps[2*i], a.vals[2*i]
		}
		h := (len(a.steps) + 1) / 2
		a.steps, a.vals = a.steps[:h], a.vals[:h]
		a.every *= 2
	}
}

// usable reports whether the map has two distinct samples to draw from.
func (a *axisSamples) usable() bool {
	k := len(a.steps)
	return k >= 2 && a.steps[k-1] > a.steps[0] && a.vals[k-1] != a.vals[0]
}

// interp interpolates ys at x along xs (sorted), extrapolating from the
// two nearest samples outside their range.
func interp(xs, ys []float64, x float64) float64 {
	i := sort.SearchFloat64s(xs, x)
	i = max(1, min(i, len(xs)-1))
	x0, x1, y0, y1 := xs[i-1], xs[i], ys[i-1], ys[i]
	if x1 == x0 {
		return y1
	}
	return y0 + (x-x0)/(x1-x0)*(y1-y0)
}

// at returns the unit's value at step.
func (a *axisSamples) at(step float64) float64 { return interp(a.steps, a.vals, step) }

// stepOf returns the step at which the unit has value v (the values rise
// with the steps: epochs and time only go forward).
func (a *axisSamples) stepOf(v float64) float64 { return interp(a.vals, a.steps, v) }

// xAxis is the chart's x axis choice and the maps it needs.
type xAxis struct {
	kind  axisKind
	epoch axisSamples
	time  axisSamples
	t0    time.Time
}

// ingest samples the epoch and the wall time of a batch's records, at
// their chart positions from origin o.
func (x *xAxis) ingest(recs []decode.Record, o *xOrigin) {
	for _, r := range recs {
		when, stamped := r.When()
		if !r.HasEpoch && !stamped {
			continue
		}
		at := o.x(monitor.StepOf(r))
		if r.HasEpoch {
			x.epoch.add(at, r.Epoch)
		}
		if stamped {
			if x.t0.IsZero() {
				x.t0 = when
			}
			x.time.add(at, when.Sub(x.t0).Seconds())
		}
	}
}

// next moves to the next axis the log can draw, back to steps after the
// last. stepsAreEpochs: the log's steps count epochs already (Keras, HF
// console dicts), so an epoch axis would only repeat them.
func (x *xAxis) next(stepsAreEpochs bool) {
	for k := x.kind + 1; k <= axisTime; k++ {
		if k == axisEpoch && stepsAreEpochs {
			continue
		}
		if s := x.samples(k); s != nil && s.usable() {
			x.kind = k
			return
		}
	}
	x.kind = axisStep
}

// samples returns the map of axis k (nil for steps).
func (x *xAxis) samples(k axisKind) *axisSamples {
	switch k {
	case axisEpoch:
		return &x.epoch
	case axisTime:
		return &x.time
	}
	return nil
}

// updateAxisKey toggles the x axis (x); it reports false for other keys,
// which go on to the grid (grid.go) and the monitor.
func (m Model) updateAxisKey(msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	if !key.Matches(msg, m.keys.XAxis) {
		return m.updateGridKey(msg)
	}
	epochs := m.xUnit() == string(decode.UnitEpoch)
	m.axis.next(epochs)
	switch {
	case m.axis.kind != axisStep || m.axis.time.usable():
	case epochs:
		m.view.flash = "x axis: epochs (the log counts nothing finer, and has no time stamps)"
	case !m.axis.epoch.usable():
		m.view.flash = "x axis: steps (the log has no epoch and no time stamps)"
	}
	m.chart.stale = true
	m.rebuild()
	return m, nil, true
}

// axisTitle is what the chart's title says of an x axis other than steps.
func (m *Model) axisTitle() string {
	if m.axis.kind == axisStep {
		return ""
	}
	return m.st.Muted.Render("  x: " + m.axis.kind.String())
}

// axisInput returns the map the chart labels its x axis with (nil: steps).
func (m *Model) axisInput() (*axisSamples, axisKind) {
	s := m.axis.samples(m.axis.kind)
	if s == nil || !s.usable() {
		return nil, axisStep
	}
	return s, m.axis.kind
}

// axisTicks draws the x ticks in epochs or wall time, at the steps where
// the log reached them.
func (p *painter) axisTicks() {
	a := p.in.axis
	va, vb := a.at(p.in.xa), a.at(p.in.xb)
	want := max(1, p.gw/12)
	var ticks []float64
	step := niceStep(vb-va, want)
	switch {
	case p.in.axisKind == axisTime:
		ticks = timeTicks(va, vb, want)
	case step < 1 && vb-va >= 2: // whole epochs, not 1.5
		step = niceStep(vb-va, int(vb-va))
		ticks = niceTicks(va, vb, int(vb-va))
	default:
		ticks = niceTicks(va, vb, want)
	}
	lastEnd := -1
	for _, t := range ticks {
		c := p.xcol(a.stepOf(t))
		if c < 0 || c >= p.gw {
			continue
		}
		p.cv.SetCell(p.at(c, p.gh), canvas.NewCellWithStyle('┬', p.st.Axis))
		s := tickLabel(t, step)
		if p.in.axisKind == axisTime {
			s = formatElapsed(t)
		}
		if c > lastEnd && p.lw+1+c+len(s) <= p.w {
			p.cv.SetStringWithStyle(p.at(c, p.gh+1), s, p.st.Label)
			lastEnd = c + len(s)
		}
	}
}

// timeSteps are the tick spacings of a wall-time axis, in seconds.
var timeSteps = [...]float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800}

// timeTicks returns ticks at a round spacing of seconds, minutes, hours or
// days, about count of them over [lo, hi].
func timeTicks(lo, hi float64, count int) []float64 {
	if !(hi > lo) {
		return nil
	}
	step := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if (hi-lo)/s <= float64(count) {
			step = s
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi && len(out) < 64; v += step {
		out = append(out, v)
	}
	return out
}

// formatElapsed prints seconds since the start: 45s, 12m, 1h05, 2d03h.
func formatElapsed(s float64) string {
	d := time.Duration(s * float64(time.Second)).Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		if d%time.Minute == 0 {
			return fmt.Sprintf("%dm", int(d.Minutes()))
		}
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02d", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%02dh", int(d.Hours())/24, int(d.Hours())%24)
}
