package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor"
)

// stepWriter reports the last step of every records event watch writes,
// and when it was written.
type stepWriter struct{ steps chan stepAt }

type stepAt struct {
	step float64
	at   time.Time
}

func (sw stepWriter) Write(p []byte) (int, error) {
	for _, line := range bytes.Split(bytes.TrimSpace(p), []byte("\n")) {
		var e struct {
			Event    string  `json:"event"`
			LastStep float64 `json:"last_step"`
		}
		if json.Unmarshal(line, &e) == nil && e.Event == string(EventRecords) {
			sw.steps <- stepAt{e.LastStep, time.Now()}
		}
	}
	return len(p), nil
}

// BenchmarkAppendToRecordsEvent measures what `watch --json` makes a user
// wait: from the write of a line to the log to the records event that
// reports it, through the follower, the decoder, the detector and the
// watch's batching. "idle" appends one line after a quiet spell longer
// than the batching interval; "steady" appends 100 lines a second. It
// reports the median and the 99th percentile.
func BenchmarkAppendToRecordsEvent(b *testing.B) {
	for _, m := range []struct {
		name string
		gap  time.Duration
	}{{"idle", defaultRecordsEvery + 20*time.Millisecond}, {"steady-100/s", 10 * time.Millisecond}} {
		b.Run(m.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "train.jsonl")
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sw := stepWriter{steps: make(chan stepAt, 1024)}
			p := monitor.NewPipeline(monitor.Open(path, monitor.WithFollow(true)))
			done := make(chan error, 1)
			go func() { done <- RunWatch(ctx, p, NewWatchWriter(sw, true), nil) }()
			time.Sleep(50 * time.Millisecond) // the follower is watching
			lat := make([]time.Duration, 0, b.N)
			sent := map[float64]time.Time{}
			next := time.Now()
			for i := 1; i <= b.N; i++ {
				time.Sleep(time.Until(next))
				next = next.Add(m.gap)
				sent[float64(i)] = time.Now()
				if _, err := fmt.Fprintf(f, `{"step": %d, "loss": %g}`+"\n", i, 2/float64(i)); err != nil {
					b.Fatal(err)
				}
				lat = drain(sw.steps, sent, lat, false)
			}
			for len(lat) < b.N {
				lat = drain(sw.steps, sent, lat, true)
			}
			cancel()
			<-done
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// drain takes the records events that arrived (waiting for one if wait),
// and adds the latency of every line they report.
func drain(steps <-chan stepAt, sent map[float64]time.Time, lat []time.Duration, wait bool) []time.Duration {
	for {
		var got stepAt
		if wait {
			got, wait = <-steps, false
		} else {
			select {
			case got = <-steps:
			default:
				return lat
			}
		}
		for step, at := range sent {
			if step <= got.step {
				lat = append(lat, got.at.Sub(at))
				delete(sent, step)
			}
		}
	}
}
