package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor/decode"
)

func TestPipelineTakesTheFrameworkFromTheFormat(t *testing.T) {
	p := NewPipeline(nil)
	p.Ingest(Batch{Format: decode.FormatKerasCSV, Records: []decode.Record{{Step: 1, Metrics: []decode.Metric{{Name: "loss", Value: 1}}}}})
	if got := p.State().Framework; got != "keras" {
		t.Errorf("framework %q, want keras", got)
	}
}

func TestPipelineRunPublishesEveryRecordAndALastSnapshot(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "{\"step\": %d, \"loss\": %g}\n", i, 2/(1+float64(i)/100))
	}
	path := filepath.Join(t.TempDir(), "train.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	p := NewPipeline(Open(path), WithSnapshots(DefaultPoll*1000))
	out := make(chan Update)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(context.Background(), out) }()
	records, snapshots := 0, 0
	var last *Update
	for u := range out {
		if u.Batch != nil {
			records += len(u.Batch.Records)
		}
		if u.State != nil {
			snapshots++
			last = &u
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if records != 3000 {
		t.Errorf("%d records published, want 3000", records)
	}
	if last == nil || last.State.Metrics["loss"].Whole.Points != 3000 {
		t.Errorf("the last snapshot is not of every point: %+v", last)
	}
	if snapshots > 2 {
		t.Errorf("%d snapshots within one interval", snapshots)
	}
	if p.Format() != decode.FormatJSONL || p.Stats().Records != 3000 || p.Path() != path {
		t.Errorf("pipeline says format %q, %d records, path %q", p.Format(), p.Stats().Records, p.Path())
	}
}

func TestPipelineWithoutSourceEndsAtOnce(t *testing.T) {
	out := make(chan Update)
	if err := NewPipeline(nil).Run(context.Background(), out); err == nil {
		t.Error("no error without a source")
	}
	if _, ok := <-out; ok {
		t.Error("out not closed")
	}
}

// TestPipelinePublishesADueSnapshotOnItsOwn: points that came in after the
// last snapshot are shown once the interval has passed, without waiting for
// more points.
func TestPipelinePublishesADueSnapshotOnItsOwn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "train.jsonl")
	lines := func(from, to int) string {
		var b strings.Builder
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, "{\"step\": %d, \"loss\": %g}\n", i, 2/(1+float64(i)/100))
		}
		return b.String()
	}
	if err := os.WriteFile(path, []byte(lines(0, 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // no snapshot: the test fails, not hangs
	defer cancel()
	p := NewPipeline(Open(path, WithFollow(true), WithPoll(10*time.Millisecond)), WithSnapshots(time.Second))
	out := make(chan Update)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(ctx, out) }()
	appended := false
	for u := range out {
		if u.State != nil && u.State.Metrics["loss"].Whole.Points == 200 {
			// On its own, unless the machine took the whole interval to
			// deliver the appended lines (then it came with them).
			cancel()
			continue
		}
		if !appended && u.State != nil {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.WriteString(lines(100, 200))
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			appended = true
		}
	}
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run ended with %v, want the cancellation after the snapshot", err)
	}
}
