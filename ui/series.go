package ui

import (
	"math"
	"sort"
	"unsafe"
)

// Point is one raw value of a metric at a step. Y may be NaN or ±Inf.
type Point struct{ X, Y float64 }

// Bucket summarises consecutive points of a metric: their step range, the
// envelope and mean of the finite values, and the last value.
type Bucket struct {
	X0, X1   float64 // first and last step
	Min, Max float64 // envelope of the finite values
	Sum      float64 // sum of the finite values
	Last     float64 // last finite value
	N        int32   // finite values
	Count    int32   // all values, non-finite included
}

// Mean returns the mean of the finite values (NaN when there are none).
func (b Bucket) Mean() float64 {
	if b.N == 0 {
		return math.NaN()
	}
	return b.Sum / float64(b.N)
}

func (b *Bucket) addPoint(x, y float64) {
	if b.Count == 0 {
		b.X0, b.Min, b.Max = x, math.Inf(1), math.Inf(-1)
	}
	b.X1 = x
	b.Count++
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return
	}
	b.N++
	b.Sum += y
	b.Last = y
	b.Min = math.Min(b.Min, y)
	b.Max = math.Max(b.Max, y)
}

func (b *Bucket) merge(o Bucket) {
	if o.Count == 0 {
		return
	}
	if b.Count == 0 {
		*b = o
		return
	}
	b.X1 = o.X1
	b.Count += o.Count
	if o.N > 0 {
		b.N += o.N
		b.Sum += o.Sum
		b.Last = o.Last
		b.Min = math.Min(b.Min, o.Min)
		b.Max = math.Max(b.Max, o.Max)
	}
}

// level holds the buckets of fanout^(i+1) points each: the most recent closed
// ones (at most 2·capacity, trimmed to capacity) and the open one that
// gathers the closed buckets of the level below (raw points for level 0)
// until it has fanout of them.
type level struct {
	closed   []Bucket
	open     Bucket
	children int
	dropped  bool
}

// Series stores one metric in bounded memory as a pyramid: the most recent
// raw points, and above them levels of buckets that each merge fanout buckets
// of the level below, every level keeping only its most recent buckets. Any
// step range can so be downsampled to a screen width by reading at most a
// few thousand buckets of the one level fine enough for it, however many
// points the run has. Min and max of each bucket keep spikes visible.
type Series struct {
	fanout   int
	capacity int
	raw      []Point
	rawDrop  bool
	levels   []level
	points   int64
	nonfin   []float64 // steps of non-finite values, most recent maxNonfinite
	first    float64
}

const maxNonfinite = 256

// NewSeries returns an empty series keeping about capacity entries per level.
func NewSeries(capacity int) *Series {
	if capacity < 16 {
		capacity = 16
	}
	return &Series{fanout: 4, capacity: capacity}
}

// Len returns the number of points added (after rewinds, those still shown).
func (s *Series) Len() int64 { return s.points }

// First returns the first step.
func (s *Series) First() float64 { return s.first }

// Last returns the most recent point.
func (s *Series) Last() (Point, bool) {
	if len(s.raw) == 0 {
		return Point{}, false
	}
	return s.raw[len(s.raw)-1], true
}

// NonFinite returns the steps of the most recent non-finite values.
func (s *Series) NonFinite() []float64 { return s.nonfin }

// Add appends a point. A step lower than the last one means the run
// restarted (from a checkpoint, say): what was shown from that step on is
// dropped so that the later segment wins.
func (s *Series) Add(x, y float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	if last, ok := s.Last(); ok && x < last.X {
		s.rewind(x)
	}
	if s.points == 0 || len(s.raw) == 0 && !s.rawDrop {
		s.first = x
	}
	s.points++
	if math.IsNaN(y) || math.IsInf(y, 0) {
		s.nonfin = append(s.nonfin, x)
		if len(s.nonfin) > 2*maxNonfinite {
			s.nonfin = append(s.nonfin[:0], s.nonfin[len(s.nonfin)-maxNonfinite:]...)
		}
	}
	s.raw = append(s.raw, Point{x, y})
	if len(s.raw) > 2*s.capacity {
		s.raw = append(s.raw[:0], s.raw[len(s.raw)-s.capacity:]...)
		s.rawDrop = true
	}
	if len(s.levels) == 0 {
		s.levels = append(s.levels, level{})
	}
	s.levels[0].open.addPoint(x, y)
	if int(s.levels[0].open.Count) < s.fanout {
		return
	}
	// Close full buckets from the bottom up: each closed bucket folds into
	// the open bucket of the level above. Amortised O(1) per point.
	for i := 0; ; i++ {
		l := &s.levels[i]
		done := l.open
		l.closed = append(l.closed, done)
		l.open, l.children = Bucket{}, 0
		if len(l.closed) > 2*s.capacity {
			l.closed = append(l.closed[:0], l.closed[len(l.closed)-s.capacity:]...)
			l.dropped = true
		}
		if i == len(s.levels)-1 {
			if len(l.closed) == s.fanout && !l.dropped {
				var top Bucket
				for _, b := range l.closed {
					top.merge(b)
				}
				s.levels = append(s.levels, level{closed: []Bucket{top}})
			}
			return
		}
		up := &s.levels[i+1]
		up.open.merge(done)
		up.children++
		if up.children < s.fanout {
			return
		}
	}
}

// rewind drops every point at or after step x. Coarse buckets that straddle x
// are dropped whole: coarse views may show a small gap there.
func (s *Series) rewind(x float64) {
	s.points -= s.countFrom(x)
	n := len(s.raw)
	for n > 0 && s.raw[n-1].X >= x {
		n--
	}
	s.raw = s.raw[:n]
	for i := range s.levels {
		l := &s.levels[i]
		c := len(l.closed)
		for c > 0 && l.closed[c-1].X1 >= x {
			c--
		}
		l.closed = l.closed[:c]
		l.open, l.children = Bucket{}, 0
	}
	k := len(s.nonfin)
	for k > 0 && s.nonfin[k-1] >= x {
		k--
	}
	s.nonfin = s.nonfin[:k]
	if s.points < 0 {
		s.points = 0
	}
}

// countFrom counts the points at or after step x, from the finest level
// that still holds them (coarse buckets straddling x count whole).
func (s *Series) countFrom(x float64) int64 {
	if len(s.raw) > 0 && (!s.rawDrop || s.raw[0].X < x) {
		i := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X >= x })
		return int64(len(s.raw) - i)
	}
	for i, l := range s.levels {
		if i < len(s.levels)-1 && l.dropped && (len(l.closed) == 0 || l.closed[0].X0 >= x) {
			continue
		}
		var n int64
		for _, below := range s.levels[:i+1] {
			n += int64(below.open.Count)
		}
		for j := len(l.closed) - 1; j >= 0 && l.closed[j].X1 >= x; j-- {
			n += int64(l.closed[j].Count)
		}
		return n
	}
	return 0
}

// Column is the summary of the points that fall into one screen column.
type Column = Bucket

// Downsample summarises the points with steps in [xa, xb] into cols columns
// of equal step width, appending to dst (which it first truncates). It reads
// O(cols) buckets of the finest level that still covers xa.
func (s *Series) Downsample(xa, xb float64, cols int, dst []Column) []Column {
	return s.DownsampleUpTo(xa, xb, xb, cols, dst)
}

// columnGrid maps x to its column of cols equal columns over
// [xa, xa+width], x outside it to the nearest edge column.
type columnGrid struct {
	xa, width float64
	cols      int
}

func (g columnGrid) of(x float64) int {
	if g.width == 0 {
		return 0
	}
	c := int((x - g.xa) / g.width * float64(g.cols))
	if c >= g.cols {
		c = g.cols - 1
	}
	if c < 0 {
		c = 0
	}
	return c
}

// DownsampleUpTo is Downsample on the column grid of [xa, xb] that leaves
// out the points after step hi (those that came in after a pause).
func (s *Series) DownsampleUpTo(xa, xb, hi float64, cols int, dst []Column) []Column {
	dst = dst[:0]
	for i := 0; i < cols; i++ {
		dst = append(dst, Column{})
	}
	if cols <= 0 || len(s.raw) == 0 || !(xb >= xa) {
		return dst
	}
	col := columnGrid{xa: xa, width: xb - xa, cols: cols}.of
	limit := 4 * cols
	if limit < 64 {
		limit = 64
	}
	// Raw points when they cover the range and are few enough.
	if !s.rawDrop || s.raw[0].X <= xa {
		lo := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X >= xa })
		end := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X > math.Min(xb, hi) })
		if end-lo <= limit || len(s.levels) == 0 {
			for _, p := range s.raw[lo:end] {
				dst[col(p.X)].addPoint(p.X, p.Y)
			}
			return dst
		}
	}
	for i := range s.levels {
		l := &s.levels[i]
		if l.dropped && len(l.closed) > 0 && l.closed[0].X0 > xa && i < len(s.levels)-1 {
			continue
		}
		lo := sort.Search(len(l.closed), func(j int) bool { return l.closed[j].X1 >= xa })
		end := sort.Search(len(l.closed), func(j int) bool { return l.closed[j].X0 > math.Min(xb, hi) })
		if end-lo > limit && i < len(s.levels)-1 {
			continue
		}
		for _, b := range l.closed[lo:end] {
			dst[col(b.X0)].merge(b)
		}
		// The open buckets of this level and the ones below hold, oldest
		// first, the points after its last closed bucket.
		for j := i; j >= 0; j-- {
			if o := s.levels[j].open; o.Count > 0 && o.X1 >= xa && o.X0 <= math.Min(xb, hi) {
				dst[col(o.X0)].merge(o)
			}
		}
		return dst
	}
	return dst
}

// Bytes estimates the memory the series holds.
func (s *Series) Bytes() int {
	n := int(unsafe.Sizeof(*s)) + cap(s.raw)*int(unsafe.Sizeof(Point{})) + cap(s.nonfin)*8
	for _, l := range s.levels {
		n += int(unsafe.Sizeof(l)) + cap(l.closed)*int(unsafe.Sizeof(Bucket{}))
	}
	return n
}

// rawFrom returns the first step from which the raw points are all still
// held (older ones were folded into buckets), or +Inf when none are.
func (s *Series) rawFrom() float64 {
	switch {
	case len(s.raw) == 0:
		return math.Inf(1)
	case s.rawDrop:
		return s.raw[0].X
	}
	return math.Inf(-1)
}

// PointAt returns the point at step x, if it is still held raw.
func (s *Series) PointAt(x float64) (Point, bool) {
	i := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X >= x })
	if i < len(s.raw) && s.raw[i].X == x && x >= s.rawFrom() {
		return s.raw[i], true
	}
	return Point{}, false
}

// AtOrBefore returns the last point at or before step x, if the points
// there are still held raw: what a metric logged less often than the
// charted one reads at the cursor's step.
func (s *Series) AtOrBefore(x float64) (Point, bool) {
	i := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X > x }) - 1
	if i < 0 || s.raw[i].X < s.rawFrom() {
		return Point{}, false
	}
	return s.raw[i], true
}

// Snap returns the step of the point at or after x (forward) or at or
// before x (backward), or the last (first) held point when there is none
// that way. It reports false when x is older than the raw points held.
func (s *Series) Snap(x float64, forward bool) (float64, bool) {
	if len(s.raw) == 0 || x < s.rawFrom() {
		return x, false
	}
	i := sort.Search(len(s.raw), func(i int) bool { return s.raw[i].X >= x })
	if forward {
		return s.raw[min(i, len(s.raw)-1)].X, true
	}
	if i < len(s.raw) && s.raw[i].X == x {
		return x, true
	}
	return s.raw[max(i-1, 0)].X, true
}
