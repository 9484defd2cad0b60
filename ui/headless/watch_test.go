package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// decodeLine parses one JSON line into a map.
func decodeLine(t *testing.T, line []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(m["time"])); err != nil {
		t.Fatalf("time of %s: %v", line, err)
	}
	return m
}

func TestWatchEventJSONCarriesTheFieldsOfItsKind(t *testing.T) {
	at := time.Date(2026, 11, 29, 13, 0, 0, 123456789, time.UTC)
	f := NewFinding(detect.Finding{Kind: "diverging", Metric: "loss", Step: detect.IntStep(1587), SinceStep: detect.FloatStep(1509.5), Severity: detect.SeverityCritical,
		Confidence: 0.9, Message: "loss is rising", Evidence: map[string]float64{"slope": math.Inf(1)}})
	for _, tc := range []struct {
		name string
		e    WatchEvent
		want map[string]any
	}{
		{"records", WatchEvent{Event: "records", Count: 3, Total: 10, LastStep: detect.IntStep(42)},
			map[string]any{"count": 3.0, "total": 10.0, "last_step": 42.0}},
		{"finding", WatchEvent{Event: "finding", Finding: &f},
			map[string]any{"kind": "diverging", "metric": "loss", "step": 1587.0, "since_step": 1509.5, "severity": "critical",
				"confidence": 0.9, "message": "loss is rising", "remedies": []any{}}},
		{"cleared", WatchEvent{Event: "cleared", Finding: &f}, map[string]any{"kind": "diverging", "step": 1587.0}},
		{"converged", WatchEvent{Event: "converged", Metric: "loss", Convergence: &detect.Convergence{Step: detect.IntStep(532), AtStep: detect.IntStep(760)}},
			map[string]any{"metric": "loss", "step": 532.0, "at_step": 760.0}},
		{"truncated", WatchEvent{Event: "truncated", Message: "train.log was truncated"}, map[string]any{"message": "train.log was truncated"}},
		{"error", WatchEvent{Event: "error", Message: "boom"}, map[string]any{"message": "boom"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.e.Time, tc.e.File = at, "train.log"
			var buf bytes.Buffer
			if err := NewWatchWriter(&buf, true).Write(tc.e); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(buf.String(), "\n"); n != 1 {
				t.Fatalf("%d lines, want 1: %q", n, buf.String())
			}
			m := decodeLine(t, buf.Bytes())
			if m["event"] != tc.name || m["file"] != "train.log" || m["time"] != "2026-11-29T13:00:00.123456789Z" {
				t.Fatalf("head of %s", buf.String())
			}
			for k, v := range tc.want {
				if fmt.Sprint(m[k]) != fmt.Sprint(v) {
					t.Errorf("%s = %v, want %v in %s", k, m[k], v, buf.String())
				}
			}
		})
	}
}

func TestWatchTextIsOneSafeLine(t *testing.T) {
	f := NewFinding(detect.Finding{Kind: "plateau", Metric: "lo\x1b[2Jss\nx", Severity: detect.SeverityWarning, Message: "bad\x07\r"})
	for _, e := range []WatchEvent{
		{Event: "finding", Finding: &f},
		{Event: "rotated", Message: "a\x1b]0;title\x07b\nc"},
		{Event: "records", Count: 1, Total: 1, LastStep: detect.IntStep(1)},
	} {
		var buf bytes.Buffer
		NewWatchWriter(&buf, false).Write(e)
		line := strings.TrimSuffix(buf.String(), "\n")
		if strings.ContainsAny(line, "\x1b\x07\r\n") {
			t.Errorf("%q carries control characters", line)
		}
		if !strings.Contains(line, string(e.Event)) {
			t.Errorf("%q does not name its event %s", line, e.Event)
		}
	}
}

// run returns a loss that falls, converges, then diverges to NaN.
func run(n int) []decode.Record {
	var recs []decode.Record
	for i := 1; i <= n; i++ {
		v := 2*math.Exp(-float64(i)/200) + 0.1
		if i > n/2 {
			v = 0.1 * math.Exp(float64(i-n/2)/100)
		}
		if i == n {
			v = math.NaN()
		}
		recs = append(recs, decode.Record{Step: float64(i), Metrics: []decode.Metric{{Name: "loss", Value: v}}})
	}
	return recs
}

// frozen is a clock that moves only when told.
type frozen struct{ t time.Time }

func (c *frozen) now() time.Time { return c.t }

func TestWatcherReplaysDetectionsInTheOrderOfThePoints(t *testing.T) {
	recs := run(3000)
	// What a detector fed point by point says, and where.
	var want []string
	ref := detect.New()
	for _, r := range recs {
		for _, e := range ref.Observe("loss", r.Step, r.Metrics[0].Value) {
			want = append(want, fmt.Sprintf("%s@%v", e.Kind, r.Step))
		}
	}
	if len(want) == 0 {
		t.Fatal("the detector raised nothing on a run that diverges to NaN")
	}
	clock := &frozen{time.Unix(0, 0)}
	w, p := newWatcher("run.log", withClock(clock.now)), monitor.NewPipeline(nil)
	// The whole log in one batch, after a truncation.
	evs := w.Update(p.Ingest(monitor.Batch{Records: recs, Path: "run.log",
		Events: []monitor.Event{{Kind: monitor.EventTruncated, Message: "run.log was truncated"}}}))
	evs = append(evs, w.Flush()...)
	if evs[0].Event != "truncated" {
		t.Fatalf("first event %s, want the truncation that came before the records", evs[0].Event)
	}
	var got []string
	total, last := int64(0), 0.0
	for i, e := range evs[1:] {
		switch e.Event {
		case "records":
			if e.LastStep.Float() < last {
				t.Fatalf("records event %d goes back to step %v", i, e.LastStep)
			}
			total, last = e.Total, e.LastStep.Float()
		default:
			got = append(got, fmt.Sprintf("%s@%v", e.Event, last))
			if e.Event == "cleared" && e.Finding.Step.Float() != last {
				t.Errorf("cleared at step %v, by the point at %v", e.Finding.Step, last)
			}
		}
	}
	if total != 3000 {
		t.Fatalf("records total %d, want 3000", total)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("replayed\n%v\nwant, as fed point by point,\n%v", got, want)
	}
}

func TestWatcherReportsRecordsAtMostOncePerInterval(t *testing.T) {
	clock := &frozen{time.Unix(0, 0)}
	w, p := newWatcher("-", withClock(clock.now), withRecordsEvery(time.Second)), monitor.NewPipeline(nil)
	count := func(evs []WatchEvent) (n int) {
		for _, e := range evs {
			if e.Event == "records" {
				n++
			}
		}
		return n
	}
	recs := run(100)[:50] // falling: no findings beyond the first few points
	n := count(w.Update(p.Ingest(monitor.Batch{Records: recs[:10]})))
	for i := 10; i < 50; i += 10 {
		n += count(w.Update(p.Ingest(monitor.Batch{Records: recs[i : i+10]})))
		n += count(w.Tick())
	}
	if n > 3 {
		t.Fatalf("%d records events within one frozen second", n)
	}
	clock.t = clock.t.Add(2 * time.Second)
	evs := w.Tick()
	if count(evs) != 1 || evs[0].Total != 50 || evs[0].LastStep != detect.IntStep(50) {
		t.Fatalf("after the interval: %+v, want one records event with the total of 50", evs)
	}
	if evs := w.Tick(); len(evs) != 0 {
		t.Fatalf("nothing new, yet %+v", evs)
	}
}

func TestRunWatchReplaysStandardInputAndEndsWithIt(t *testing.T) {
	var buf bytes.Buffer
	src := stdinReplay(t, 2000)
	if err := RunWatch(context.Background(), monitor.NewPipeline(src), NewWatchWriter(&buf, true), nil); err != nil {
		t.Fatal(err)
	}
	var total float64
	kinds := map[string]int{}
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		m := decodeLine(t, line)
		kinds[m["event"].(string)]++
		if m["event"] == "records" {
			total = m["total"].(float64)
		}
	}
	if total != 2000 {
		t.Fatalf("records total %v, want 2000:\n%s", total, buf.String())
	}
	if kinds["finding"] == 0 {
		t.Fatalf("no finding on a diverging run:\n%s", buf.String())
	}
}

// stdinReplay returns a following source on a pipe that stands in for
// standard input, fed run(n) as JSON lines and then closed, as
// "train | losswatch watch -" would be.
func stdinReplay(t *testing.T, n int) *monitor.Source {
	t.Helper()
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	go func() {
		for _, rec := range run(n) {
			fmt.Fprintf(pw, "{\"step\": %v, \"loss\": %v}\n", rec.Step, jsonNum(rec.Metrics[0].Value))
		}
		pw.Close()
	}()
	return monitor.Open("-", monitor.WithFollow(true), monitor.WithStdin(r))
}

func jsonNum(v float64) string {
	if math.IsNaN(v) {
		return `"nan"`
	}
	return fmt.Sprint(v)
}
