package ui

import (
	"math"
	"math/rand"
	"testing"
)

// envelope returns min, max and finite count over cols.
func envelope(cols []Column) (lo, hi float64, n int64, count int64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, c := range cols {
		if c.N > 0 {
			lo, hi = math.Min(lo, c.Min), math.Max(hi, c.Max)
		}
		n += int64(c.N)
		count += int64(c.Count)
	}
	return
}

func TestSeriesDownsampleNeverHidesASpike(t *testing.T) {
	for _, tc := range []struct {
		name     string
		points   int
		capacity int
		spikeAt  int
	}{
		{"raw points only", 1000, 4096, 500},
		{"coarse levels, spike in the oldest data", 200000, 256, 17},
		{"coarse levels, spike in the middle", 200000, 256, 123457},
		{"coarse levels, spike at the end", 200000, 256, 199999},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSeries(tc.capacity)
			r := rand.New(rand.NewSource(3))
			for i := 0; i < tc.points; i++ {
				v := 1 + 0.1*r.Float64()
				if i == tc.spikeAt {
					v = 50
				}
				s.Add(float64(i), v)
			}
			cols := s.Downsample(0, float64(tc.points-1), 120, nil)
			lo, hi, n, _ := envelope(cols)
			if hi != 50 {
				t.Errorf("max over columns = %g, want the spike 50", hi)
			}
			if lo < 1 || lo > 1.01 {
				t.Errorf("min over columns = %g, want about 1", lo)
			}
			if n != int64(tc.points) {
				t.Errorf("columns hold %d points, want %d", n, tc.points)
			}
			// The spike's column is where the spike is (± one coarse bucket).
			want := int(float64(tc.spikeAt) / float64(tc.points-1) * 120)
			found := -1
			for i, c := range cols {
				if c.N > 0 && c.Max == 50 {
					found = i
				}
			}
			if found < want-2 || found > want+2 {
				t.Errorf("spike drawn in column %d, want near %d", found, want)
			}
		})
	}
}

func TestSeriesDownsampleOfAZoomedRangeIsExactWhileRawPointsAreHeld(t *testing.T) {
	s := NewSeries(4096)
	for i := 0; i < 3000; i++ {
		s.Add(float64(i), float64(i%7))
	}
	cols := s.Downsample(1000, 1099, 100, nil)
	for i, c := range cols {
		if c.Count != 1 || c.X0 != float64(1000+i) || c.Last != float64((1000+i)%7) {
			t.Fatalf("column %d = %+v, want the single point at step %d", i, c, 1000+i)
		}
	}
}

func TestSeriesRestartLetsTheLaterSegmentWin(t *testing.T) {
	s := NewSeries(64)
	for i := 0; i < 1000; i++ {
		s.Add(float64(i), 1)
	}
	for i := 600; i < 800; i++ { // the run restarted from a checkpoint at 600
		s.Add(float64(i), 2)
	}
	if last, _ := s.Last(); last.X != 799 {
		t.Errorf("last step = %g, want 799", last.X)
	}
	if s.Len() > 1000 {
		t.Errorf("Len = %d: the replaced points were not dropped", s.Len())
	}
	cols := s.Downsample(0, 999, 100, nil)
	for i, c := range cols {
		switch {
		case i >= 82 && c.Count > 0:
			t.Errorf("column %d (steps %g–%g) still shows replaced points", i, c.X0, c.X1)
		case i >= 61 && i < 80 && c.N > 0 && c.Min != 2:
			t.Errorf("column %d (steps %g–%g) min %g, want the new value 2", i, c.X0, c.X1, c.Min)
		}
	}
}

func TestSeriesMemoryIsBounded(t *testing.T) {
	s := NewSeries(1024)
	var at1e5 int
	for i := 0; i < 1_000_000; i++ {
		s.Add(float64(i), float64(i%100))
		if i == 100_000 {
			at1e5 = s.Bytes()
		}
	}
	at1e6 := s.Bytes()
	if at1e6 > 2*at1e5 {
		t.Errorf("memory grew from %d B at 1e5 points to %d B at 1e6: not bounded", at1e5, at1e6)
	}
	if at1e6 > 4<<20 {
		t.Errorf("memory %d B for one metric, want under 4 MiB", at1e6)
	}
	lo, hi, n, _ := envelope(s.Downsample(0, 999_999, 200, nil))
	if lo != 0 || hi != 99 || n != 1_000_000 {
		t.Errorf("envelope after 1e6 points = [%g, %g] over %d points, want [0, 99] over 1e6", lo, hi, n)
	}
}

func TestSeriesNonFiniteValuesAreMarkedNotDrawn(t *testing.T) {
	s := NewSeries(64)
	for i := 0; i < 100; i++ {
		v := 1.0
		if i == 40 {
			v = math.NaN()
		}
		if i == 41 {
			v = math.Inf(1)
		}
		s.Add(float64(i), v)
	}
	if got := s.NonFinite(); len(got) != 2 || got[0] != 40 || got[1] != 41 {
		t.Errorf("NonFinite = %v, want [40 41]", got)
	}
	lo, hi, n, count := envelope(s.Downsample(0, 99, 10, nil))
	if lo != 1 || hi != 1 || n != 98 || count != 100 {
		t.Errorf("envelope [%g, %g], %d finite of %d, want [1, 1], 98 of 100", lo, hi, n, count)
	}
}

func TestEMAOverBucketsMatchesThePointwiseEMA(t *testing.T) {
	// Buckets of equal values must give exactly the point-by-point EMA.
	e1, e2 := ema{weight: 0.9}, ema{weight: 0.9}
	var want, got float64
	for i := 0; i < 10; i++ {
		v := float64(10 - i)
		for j := 0; j < 4; j++ {
			var b Bucket
			b.addPoint(float64(4*i+j), v)
			want, _ = e1.add(b)
		}
		var b Bucket
		for j := 0; j < 4; j++ {
			b.addPoint(float64(4*i+j), v)
		}
		got, _ = e2.add(b)
		if math.Abs(got-want) > 1e-12 {
			t.Fatalf("after bucket %d: EMA %g, pointwise %g", i, got, want)
		}
	}
	first, _ := (&ema{weight: 0.99}).add(Bucket{N: 1, Count: 1, Sum: 3})
	if first != 3 {
		t.Errorf("debiased EMA of the first point = %g, want the point itself", first)
	}
}

func TestNiceTicksAreRoundNumbers(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 1, []float64{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}},
		{0, 3, []float64{0, 1, 2, 3}},
		{1000, 1500, []float64{1000, 1100, 1200, 1300, 1400, 1500}},
	} {
		got := niceTicks(tc.lo, tc.hi, 5)
		if len(got) != len(tc.want) {
			t.Errorf("niceTicks(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-9 {
				t.Errorf("niceTicks(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
				break
			}
		}
	}
	for _, tc := range []struct {
		v, step float64
		want    string
	}{{0.5, 0.5, "0.5"}, {1, 0.5, "1.0"}, {0.05, 0.01, "0.05"}, {1200, 100, "1200"}, {2e-5, 1e-5, "2.0e-5"}} {
		if got := tickLabel(tc.v, tc.step); got != tc.want {
			t.Errorf("tickLabel(%g, %g) = %q, want %q", tc.v, tc.step, got, tc.want)
		}
	}
	if got := formatStep(1234567); got != "1,234,567" {
		t.Errorf("formatStep = %q", got)
	}
}

func TestSegmentStatisticsOfAStraightLine(t *testing.T) {
	s := NewSeries(4096)
	for i := 0; i < 1000; i++ {
		s.Add(float64(i), 1+0.002*float64(i))
	}
	st := computeSegment(s, 0, 999)
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	if st.Points != 1000 || !near(st.Min, 1) || !near(st.Max, 2.998) || !near(st.Mean, 1.999) {
		t.Errorf("points %d min %g max %g mean %g", st.Points, st.Min, st.Max, st.Mean)
	}
	if !near(st.SlopePer1k, 2) || !near(st.RelChange, 1.998) {
		t.Errorf("slope %g per 1k steps, change %g; want 2 and 1.998", st.SlopePer1k, st.RelChange)
	}
}
