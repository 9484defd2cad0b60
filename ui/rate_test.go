package ui

import (
	"math"
	"testing"
	"time"
)

func TestRateMeterCountsEveryBatch(t *testing.T) {
	start := time.Unix(1_000_000, 0)
	tests := []struct {
		name      string
		perSecond int     // batches a second
		records   float64 // records per batch
		seconds   int
		want      float64
	}{
		{"a paced trainer: one record per batch", 300, 1, 4, 300},
		{"history: few large batches", 2, 50_000, 3, 100_000},
		{"slow trickle", 1, 10, 8, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r rateMeter
			step := time.Second / time.Duration(tt.perSecond)
			now := start
			for i := 0; i < tt.perSecond*tt.seconds; i++ {
				r.add(now, tt.records)
				now = now.Add(step)
			}
			got := r.per(now)
			if math.Abs(got-tt.want)/tt.want > 0.05 {
				t.Errorf("rate = %.1f/s, want %.1f/s", got, tt.want)
			}
		})
	}
}

func TestRateMeterForgetsOldSeconds(t *testing.T) {
	var r rateMeter
	now := time.Unix(2_000_000, 0)
	r.add(now, 1000)
	if got := r.per(now.Add(30 * time.Second)); got != 0 {
		t.Errorf("rate 30 s after the last record = %v, want 0", got)
	}
}
