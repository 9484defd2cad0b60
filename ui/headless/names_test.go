package headless_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
)

// distinctNamesLog writes a log whose every line names a metric of its own
// beside the loss.
func distinctNamesLog(tb testing.TB, n int) string {
	tb.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "{\"step\": %d, \"loss\": %.4f, \"val/loss_%d\": 1.5}\n", i, 2/float64(i+1), i)
	}
	path := filepath.Join(tb.TempDir(), "names.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// check of a log with more metric names than the cap reports the first
// MaxMetricNames and says how many points it dropped.
func TestCheckReportsTheMetricsPastTheCapAsDropped(t *testing.T) {
	const n = monitor.MaxMetricNames + 1000
	path := distinctNamesLog(t, n)
	c, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Metrics) != monitor.MaxMetricNames || c.DroppedPoints != n+1-monitor.MaxMetricNames {
		t.Fatalf("%d metrics, %d points dropped; want %d and %d", len(c.Metrics), c.DroppedPoints, monitor.MaxMetricNames, n+1-monitor.MaxMetricNames)
	}
	if c.Metrics["loss"].Points != n {
		t.Fatalf("loss has %d points, want %d: only the names past the cap lose theirs", c.Metrics["loss"].Points, n)
	}
	var text strings.Builder
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), fmt.Sprintf("%d points of metrics past the first %d names dropped", c.DroppedPoints, monitor.MaxMetricNames)) {
		t.Fatalf("the text report does not say what was dropped:\n%s", text.String())
	}
}

// BenchmarkCheckDistinctNames is check on logs of 10k to 100k distinct
// metric names, one new name a line: the time per name must not grow.
func BenchmarkCheckDistinctNames(b *testing.B) {
	for _, n := range []int{10_000, 50_000, 100_000} {
		path := distinctNamesLog(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/name")
		})
	}
}
