package detect

import (
	"fmt"
	"math"
	"strconv"
)

// Step is a position on a run's x axis as the log wrote it: a whole step
// exactly, beyond 2^53 too (where float64 rounds 2^53+1 to 2^53), or a
// fractional one (an epoch of 0.25). Its zero value is step 0; steps are
// comparable with ==.
//
// The tracker does its arithmetic on float64 offsets from the first step
// it saw (its origin), which are exact for any real run, and forms every
// step it shows as origin + offset, so that no step it reports is rounded.
type Step struct {
	// whole is the integer part (floor); frac is the rest, in [0, 1). A
	// step that is not finite or lies beyond the int64 range has whole 0
	// and its whole value in frac; so has, inside the tracker, a float64
	// step as Observe was given it, until it is shown (norm).
	whole int64
	frac  float64
}

// int64Range is 2^63: the float64 steps at or beyond it have no int64.
const int64Range = 1 << 63

// IntStep returns the whole step n.
func IntStep(n int64) Step { return Step{whole: n} }

// FloatStep returns the step f: fractional, or a whole number float64 may
// have rounded (use IntStep where the log's integer is known).
func FloatStep(f float64) Step {
	w := math.Floor(f)
	if !finite(f) || w >= int64Range || w < -int64Range {
		return Step{frac: f}
	}
	return Step{whole: int64(w), frac: f - w}
}

// Float returns the step as a float64: exact below 2^53, rounded beyond.
func (s Step) Float() float64 { return float64(s.whole) + s.frac }

// Int returns the step as an integer; ok is false for a fractional step or
// one that is not finite.
func (s Step) Int() (n int64, ok bool) { return s.whole, s.frac == 0 }

// Finite reports whether the step is a number (not NaN or ±Inf).
func (s Step) Finite() bool { return finite(s.frac) }

// Sub returns s − o as a float64: exact while the two are less than 2^53
// apart, as the steps of one run are.
func (s Step) Sub(o Step) float64 { return float64(s.whole-o.whole) + (s.frac - o.frac) }

// Add returns the step d after s (d may be negative or fractional).
func (s Step) Add(d float64) Step {
	o := FloatStep(s.frac + d)
	if !s.regular() || !o.regular() {
		return FloatStep(s.Float() + d) // not finite, or beyond the int64 range
	}
	return Step{whole: s.whole + o.whole, frac: o.frac}
}

// Less reports whether s comes before o.
func (s Step) Less(o Step) bool {
	if s.regular() && o.regular() {
		return s.whole < o.whole || s.whole == o.whole && s.frac < o.frac
	}
	return s.Float() < o.Float()
}

// norm returns s in its regular form: a float64 step Observe was given
// (kept as it came, all in frac) as FloatStep makes it.
func (s Step) norm() Step {
	if s.regular() {
		return s
	}
	return FloatStep(s.frac + float64(s.whole))
}

// regular reports whether s is a finite step within the int64 range: its
// frac is the fraction of its whole.
func (s Step) regular() bool { return s.frac >= 0 && s.frac < 1 }

// String writes the step in full: the integer for a whole step ("12345",
// never "1.2345e+04"), the shortest decimal for a fractional one ("0.25"),
// "NaN" or "±Inf" for one that is not finite.
func (s Step) String() string { return string(s.appendTo(nil)) }

// AppendText appends the step as String writes it (encoding.TextAppender).
func (s Step) AppendText(b []byte) ([]byte, error) { return s.appendTo(b), nil }

func (s Step) appendTo(b []byte) []byte {
	switch {
	case s.frac == 0:
		return strconv.AppendInt(b, s.whole, 10)
	case !s.regular():
		return strconv.AppendFloat(b, s.frac, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, s.Float(), 'f', -1, 64)
}

// MarshalJSON writes the step as a JSON number, exact when it is whole,
// and null when it is not finite (JSON has no number for NaN or Inf).
func (s Step) MarshalJSON() ([]byte, error) {
	if !s.Finite() {
		return []byte("null"), nil
	}
	if s.frac == 0 {
		return strconv.AppendInt(nil, s.whole, 10), nil
	}
	return strconv.AppendFloat(nil, s.Float(), 'g', -1, 64), nil
}

// origin is where a tracker's offsets count from: the integer part of the
// first step it was fed (0 when that is not finite). Offsets of a real run
// (at most billions of steps from its first) are exact in float64
// wherever the run lies.
type origin struct {
	whole int64
	set   bool
}

// fix sets the origin from the first step s, once.
func (o *origin) fix(s Step) {
	if o.set {
		return
	}
	o.set = true
	if s.regular() {
		o.whole = s.whole
	}
}

// offset returns s as an offset from the origin.
func (o *origin) offset(s Step) float64 { return s.Sub(Step{whole: o.whole}) }

// step returns the step at offset off from the origin.
func (o *origin) step(off float64) Step { return Step{whole: o.whole}.Add(off) }

// UnmarshalJSON reads a step MarshalJSON wrote: an integer exactly, any
// other number as a float64, null as NaN.
func (s *Step) UnmarshalJSON(b []byte) error {
	t := string(b)
	if t == "null" {
		*s = FloatStep(math.NaN())
		return nil
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		*s = IntStep(n)
		return nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return fmt.Errorf("step %q: not a number", t)
	}
	*s = FloatStep(f)
	return nil
}
