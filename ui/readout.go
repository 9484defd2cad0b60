package ui

import (
	"math"

	"github.com/losswatch/losswatch/monitor/decode"
)

// maxReadouts bounds the other metrics the cursor reads on the chart: more
// would cover the curve; the metric grid shows them all.
const maxReadouts = 6

// namedSeries is a metric's name and its points.
type namedSeries struct {
	name   string
	series *Series
}

// others returns the metrics not charted, for the cursor to read: the
// validation loss and the learning rate among them, in the order the log
// named them.
func (m *Model) others() []namedSeries {
	cur := m.metric()
	var out []namedSeries
	for _, n := range m.data.order {
		if n != cur && len(out) < maxReadouts {
			out = append(out, namedSeries{n, m.data.series[n]})
		}
	}
	return out
}

// readOthers writes, under the cursor's own readout beside column c, the
// value every other metric has at the cursor's step: its last value at or
// before it, in the same column grid as the chart, with the step it was
// logged at when that is further back (a metric logged every epoch).
func (p *painter) readOthers(c int) {
	in := p.in
	var buf []Column
	for _, o := range in.others {
		if o.series == nil {
			continue
		}
		buf = o.series.DownsampleUpTo(in.xa, in.xb, math.Min(in.dataEnd, in.xb), 2*p.gw, buf)
		fr := chartFrame{cols: buf, xa: in.xa, xb: in.xb}
		pt, ok := otherAt(o.series, &fr, in.cursor)
		if !ok {
			continue
		}
		style := p.st.Cursor
		if in.val == o.series {
			style = p.st.Val
		}
		txt := decode.Sanitize(o.name) + " " + formatNum(pt.Y)
		if fr.column(in.cursor)-fr.column(pt.X) > 4 {
			txt += " @" + in.origin.label(pt.X)
		}
		p.labelIfFree(c, p.rows(false), txt, style)
	}
}

// otherAt returns a metric's value at the cursor's step x: its last point at
// or before x while the points there are held raw, else the last value of
// the nearest column of fr at or before x (old points summarised).
func otherAt(s *Series, fr *chartFrame, x float64) (Point, bool) {
	if pt, ok := s.AtOrBefore(x); ok {
		return pt, true
	}
	at := fr.column(x)
	i := fr.nearest(x)
	for j := at; i < 0 && j >= 0; j-- {
		if fr.cols[j].N > 0 {
			i = j
		}
	}
	if i < 0 {
		return Point{}, false
	}
	return Point{X: fr.cols[i].X1, Y: fr.cols[i].Last}, true
}
