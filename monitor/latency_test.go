package monitor

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkAppendToRecord measures the time from the write of a line to its
// record arriving from the source, and reports its median and 99th
// percentile.
func BenchmarkAppendToRecord(b *testing.B) {
	for _, m := range []struct {
		name string
		poll time.Duration
	}{{"events", 0}, {"poll-10ms", 10 * time.Millisecond}} {
		b.Run(m.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "train.log")
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := make(chan Batch, 4)
			go Open(path, WithFollow(true), WithPoll(m.poll)).Run(ctx, out)
			for live := false; !live; {
				live = (<-out).Live
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 1; i <= b.N; i++ {
				start := time.Now()
				if _, err := f.Write(lines(i, i)); err != nil {
					b.Fatal(err)
				}
				for got := false; !got; {
					bt := <-out
					for _, r := range bt.Records {
						got = got || r.Step == float64(i)
					}
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkReadHistory measures how fast a source reads a log's history and
// delivers its records: MB/s and records per batch.
func BenchmarkReadHistory(b *testing.B) {
	path := filepath.Join(b.TempDir(), "train.log")
	data := lines(1, 500000)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	batches, records := 0, 0
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		out := make(chan Batch, 4)
		go Open(path, WithFollow(true)).Run(ctx, out)
		for live := false; !live; {
			bt := <-out
			live = bt.Live
			if len(bt.Records) > 0 {
				batches++
				records += len(bt.Records)
			}
		}
		cancel()
	}
	b.ReportMetric(float64(records)/float64(batches), "records/batch")
}
