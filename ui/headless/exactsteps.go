package headless

import (
	"encoding/json"
	"strconv"

	"github.com/losswatch/losswatch/monitor/decode"
)

// exactSteps keeps, for the metrics logged at steps beyond 2^53 (which
// the detector's float64 steps round: 2^53+1 reads as 2^53), the exact
// integers of their first and last such steps, so that check reports the
// steps the log wrote. It costs one comparison per record of an ordinary
// log.
type exactSteps struct {
	first, last map[string]int64
	min         map[string]exactPoint
}

// exactPoint is a value and the exact step it was logged at.
type exactPoint struct {
	value float64
	step  int64
}

// observe notes the metrics of r when its step is an integer beyond 2^53.
func (e *exactSteps) observe(r decode.Record) {
	if r.StepExact == 0 || float64(r.StepExact) != r.Step {
		return
	}
	if e.first == nil {
		e.first, e.last, e.min = map[string]int64{}, map[string]int64{}, map[string]exactPoint{}
	}
	for _, m := range r.Metrics {
		if _, ok := e.first[m.Name]; !ok {
			e.first[m.Name] = r.StepExact
		}
		e.last[m.Name] = r.StepExact
		if p, ok := e.min[m.Name]; !ok || m.Value < p.value { // the first of equal minima, as the detector
			e.min[m.Name] = exactPoint{m.Value, r.StepExact}
		}
	}
}

// apply gives c's metrics the exact steps behind their rounded ones. A
// first step is exact only if the metric's first point was beyond 2^53
// (its first such step then rounds to the same float); likewise the last.
func (e *exactSteps) apply(c *Check) {
	for name, m := range c.Metrics {
		if s, ok := e.first[name]; ok && float64(s) == float64(m.FirstStep) {
			m.firstExact = s
		}
		if s, ok := e.last[name]; ok && float64(s) == float64(m.LastStep) {
			m.lastExact = s
		}
		if p, ok := e.min[name]; ok && float64(p.step) == float64(m.MinStep) && p.value == float64(m.Min) {
			m.minExact = p.step
		}
		c.Metrics[name] = m
	}
}

// MarshalJSON writes m with its first, last and best steps as the
// integers the log wrote when they are beyond 2^53, and as Num otherwise.
func (m Metric) MarshalJSON() ([]byte, error) {
	type plain Metric // without this method
	if m.firstExact == 0 && m.lastExact == 0 && m.minExact == 0 {
		return json.Marshal(plain(m))
	}
	v := struct {
		plain
		FirstStep json.RawMessage `json:"first_step"`
		LastStep  json.RawMessage `json:"last_step"`
		MinStep   json.RawMessage `json:"min_step"`
	}{plain: plain(m)}
	var err error
	if v.MinStep, err = stepJSON(m.MinStep, m.minExact); err != nil {
		return nil, err
	}
	if v.FirstStep, err = stepJSON(m.FirstStep, m.firstExact); err != nil {
		return nil, err
	}
	if v.LastStep, err = stepJSON(m.LastStep, m.lastExact); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func stepJSON(n Num, exact int64) (json.RawMessage, error) {
	if exact != 0 {
		return strconv.AppendInt(nil, exact, 10), nil
	}
	return n.MarshalJSON()
}
