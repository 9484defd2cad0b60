//go:build unix

package monitor

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/losswatch/losswatch/monitor/internal/synthlog"
)

// benchRecords is the length of the logs the end-to-end benchmarks read:
// long enough for the detector to leave its early, busy phase.
const benchRecords = 200_000

// writeSynthLog writes an n-record log of format to a file in dir.
func writeSynthLog(tb testing.TB, dir, format string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "train."+format)
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synthlog.Write(w, format, n, 1); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkCheck measures what `losswatch check` costs a user: a file read
// from its start to its end, decoded, every point fed to the detector and
// the run judged at the end — the pipeline as check drives it, with the
// fresh record slices the source hands over. It reports MB/s, ns/record
// (and the CPU time of all cores per record, a steadier measure on a
// shared machine) and bytes allocated per record.
//
// With $LOSSWATCH_BIGLOG set to a log (genlog writes large ones), it reads
// that file instead.
func BenchmarkCheck(b *testing.B) { benchmarkCheck(b) }

// BenchmarkCheckHindsight is BenchmarkCheck with a detector in hindsight
// (WithHindsight): what the periodic judgements cost.
func BenchmarkCheckHindsight(b *testing.B) { benchmarkCheck(b, WithHindsight()) }

func benchmarkCheck(b *testing.B, opts ...PipelineOption) {
	defer debug.SetGCPercent(debug.SetGCPercent(CheckGCPercent)) // as check runs
	formats := []string{"jsonl", "jsonl9", "keras-csv", "lightning-csv", "hf", "nanogpt", "tfevents"}
	big := os.Getenv("LOSSWATCH_BIGLOG")
	if big != "" {
		formats = []string{filepath.Base(big)}
	}
	for _, format := range formats {
		b.Run(format, func(b *testing.B) {
			path := big
			if path == "" {
				path = writeSynthLog(b, b.TempDir(), format, benchRecords)
			}
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(fi.Size())
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuTime(b)
			var records int64
			for b.Loop() {
				records = check(b, path, opts...)
			}
			cpu = cpuTime(b) - cpu
			runtime.ReadMemStats(&after)
			per := float64(b.N) * float64(records)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/record")
			b.ReportMetric(float64(cpu.Nanoseconds())/per, "cpu-ns/record")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/per, "B/record")
		})
	}
}

// check runs a pipeline over path as `losswatch check` does and returns the
// records it read.
func check(b *testing.B, path string, opts ...PipelineOption) int64 {
	p := NewPipeline(Open(path), opts...)
	out := make(chan Update, 4)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(context.Background(), out) }()
	for range out {
	}
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	if st := p.State(); st.Verdict == "" {
		b.Fatal("no verdict")
	}
	return p.Stats().Records
}
