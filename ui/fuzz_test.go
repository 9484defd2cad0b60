package ui

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzSeries feeds arbitrary steps and values (restarts, NaN, ±Inf, huge
// numbers included) and checks that every downsampled column is coherent.
func FuzzSeries(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 0, 64}, uint16(10))
	f.Add([]byte("\x00\x00\x00\x00\x00\x00\xf8\x7f\x01\x02\x03\x04\x05\x06\x07\x08"), uint16(3))
	f.Fuzz(func(t *testing.T, data []byte, cols uint16) {
		s := NewSeries(16)
		for i := 0; i+16 <= len(data); i += 16 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data[i:]))
			y := math.Float64frombits(binary.LittleEndian.Uint64(data[i+8:]))
			s.Add(x, y)
			// Steps that merely repeat also happen in real logs.
			s.Add(x, y/2)
		}
		n := int(cols%512) + 1
		last, ok := s.Last()
		if !ok {
			if got := s.Downsample(0, 1, n, nil); len(got) != n {
				t.Fatalf("%d columns, want %d", len(got), n)
			}
			return
		}
		for _, rng := range [][2]float64{{s.First(), last.X}, {last.X - 1, last.X}, {math.Inf(-1), math.Inf(1)}} {
			cols := s.Downsample(rng[0], rng[1], n, nil)
			if len(cols) != n {
				t.Fatalf("%d columns, want %d", len(cols), n)
			}
			for i, c := range cols {
				if c.N > c.Count || c.N < 0 {
					t.Fatalf("column %d: %d finite of %d", i, c.N, c.Count)
				}
				if c.N > 0 && !(c.Min <= c.Max) {
					t.Fatalf("column %d: min %g > max %g", i, c.Min, c.Max)
				}
			}
		}
		if s.Len() < 0 || s.Bytes() <= 0 {
			t.Fatalf("Len %d Bytes %d", s.Len(), s.Bytes())
		}
	})
}
