package ui

import (
	"math"
	"reflect"
	"testing"
)

// TestLinearTicksAreEvenlySpaced: every y tick lands on a row, the same
// number of rows from the next, for ranges and heights the issue met
// (0 to 200 on 22 rows read "180┤" right above "160┤").
func TestLinearTicksAreEvenlySpaced(t *testing.T) {
	for _, tc := range []struct{ lo, hi float64 }{{0, 200}, {0.03, 2.55}, {0.047, 0.66}, {-3.2, 17.5}, {1e-4, 3e-4}, {40, 46}} {
		for _, gh := range []int{4, 6, 8, 10, 18, 22, 25, 42} {
			p := &painter{gh: gh, lo: tc.lo, hi: tc.hi}
			ticks, labels := p.yTicks()
			if len(ticks) < 2 {
				t.Errorf("%v on %d rows: ticks %v", tc, gh, labels)
				continue
			}
			if p.lo > tc.lo || p.hi < tc.hi {
				t.Errorf("%v on %d rows: the range %g–%g leaves data out", tc, gh, p.lo, p.hi)
			}
			var rows []int
			for _, v := range ticks {
				exact := (v - p.lo) / (p.hi - p.lo) * float64(4*gh-1) / 4
				if math.Abs(exact-math.Round(exact)) > 0.26 {
					t.Errorf("%v on %d rows: tick %g falls between rows (%.2f)", tc, gh, v, exact)
				}
				rows = append(rows, p.rowOf(v)/4)
			}
			for i := 2; i < len(rows); i++ {
				if rows[i]-rows[i-1] != rows[1]-rows[0] {
					t.Errorf("%v on %d rows: ticks %v at rows %v, not evenly spaced", tc, gh, labels, rows)
					break
				}
			}
			if gh >= 8 && len(ticks) < 3 {
				t.Errorf("%v on %d rows: only %v", tc, gh, labels)
			}
		}
	}
}

// TestLogTicksOverLessThanTwoDecades: a loss from 0.04 to 0.7 on a log
// scale is ticked at 0.05, 0.1, 0.2, 0.5 (and 1 when the range is rounded
// up to it), not at 0.1 and 1 alone.
func TestLogTicksOverLessThanTwoDecades(t *testing.T) {
	p := &painter{in: chartInput{logY: true}, gh: 20, lo: math.Log10(0.04), hi: math.Log10(0.7)}
	_, labels := p.yTicks()
	want := []string{"0.05", "0.1", "0.2", "0.5"}
	if !reflect.DeepEqual(labels[:min(4, len(labels))], want) {
		t.Errorf("labels %v, want %v first", labels, want)
	}
}
