package decode

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"testing"
)

// benchLog builds an n-line log of format f in memory.
func benchLog(f Format, n int) []byte {
	var b bytes.Buffer
	loss := func(i int) float64 { return 2.3/(1+float64(i)/500) + 0.01*float64(i%7) }
	switch f {
	case FormatJSONL:
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `{"step": %d, "epoch": %.4f, "loss": %.8f, "lr": %g, "grad_norm": %.6f}`+"\n", i, float64(i)/1000, loss(i), 3e-4, 1+0.1*float64(i%5))
		}
	case FormatLightningCSV:
		b.WriteString("epoch,step,train_loss,val_loss\n")
		for i := 0; i < n; i++ {
			if i%20 == 19 {
				fmt.Fprintf(&b, "%d,%d,,%.6f\n", i/20, i, loss(i)+0.1)
				continue
			}
			fmt.Fprintf(&b, "%d,%d,%.6f,\n", i/20, i, loss(i))
		}
	case FormatHFStdout:
		for i := 1; i <= n; i++ {
			if i%5 == 0 {
				fmt.Fprintf(&b, " %d/%d [00:01<00:02, 41.2it/s]\r", i, n)
			}
			fmt.Fprintf(&b, "{'loss': %.6f, 'grad_norm': %.5f, 'learning_rate': 0.02, 'epoch': %.4f}\n", loss(i), 0.3, float64(i)/15)
		}
	case FormatKerasStdout:
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "Epoch %d/%d\n", i, n)
			fmt.Fprintf(&b, "\r 10/380 \x1b[32m━━\x1b[0m 10s 31ms/step - accuracy: 0.5 - loss: 0.9\r380/380 \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m 12s 31ms/step - accuracy: 0.9000 - loss: %.4f - val_accuracy: 0.8800 - val_loss: %.4f\n", loss(i), loss(i)+0.1)
		}
	case FormatNanoGPT:
		for i := 1; i <= n; i++ {
			if i%100 == 0 {
				fmt.Fprintf(&b, "step %d: train loss %.4f, val loss %.4f\n", i, loss(i), loss(i)+0.1)
			}
			fmt.Fprintf(&b, "iter %d: loss %.4f, time 12.%02dms, mfu 3.21%%\n", i, loss(i), i%100)
		}
	case FormatKerasCSV:
		b.WriteString("epoch,accuracy,loss,val_accuracy,val_loss\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%d,0.%d,%.16f,0.%d,%.16f\n", i, 4000+i%5000, loss(i), 3000+i%6000, loss(i)+0.1)
		}
	case FormatFairseq:
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "[2022-04-08 18:48:05,372][train_inner][INFO] - {\"epoch\": %d, \"update\": 0.416, \"loss\": \"%.3f\", \"ntokens\": \"116171\", \"num_updates\": \"%d\", \"lr\": \"3.125e-06\", \"gnorm\": \"1.421\"}\n", i/100, loss(i), i*200)
		}
	case FormatKVText:
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "2024-05-01 12:00:%02d INFO epoch=%d step=%d loss=%.5f lr=6e-4 grad_norm=%.3f\n", i%60, i/100, i, loss(i), 0.9)
		}
	case FormatFastai:
		b.WriteString("epoch     train_loss  valid_loss  accuracy  time    \n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%-8d  %.6f    %.6f    %.6f  00:%02d     \n", i, loss(i), loss(i)+0.1, 0.9, i%60)
		}
	case FormatDarknet:
		for i := 1; i <= n; i++ {
			if i%4 != 0 {
				fmt.Fprintf(&b, "v3 (mse loss, Normalizer: (iou: 0.75, cls: 1.00) Region 82 Avg (IOU: 0.331929, GIOU: 0.330611), Class: 0.502503, Obj: 0.456658, No Obj: 0.458624, .5R: 0.000000, .75R: 0.000000, count: 8\n")
				continue
			}
			fmt.Fprintf(&b, " %d: %.6f, %.6f avg loss, 0.001000 rate, 3.512038 seconds, %d images, 7.213344 hours left\n", i/4, loss(i), loss(i)+0.01, i*16)
		}
	}
	return b.Bytes()
}

func benchDecode(b *testing.B, f Format, auto bool) {
	log := benchLog(f, 20000)
	b.SetBytes(int64(len(log)))
	b.ReportAllocs()
	var recs []Record
	lines, records := 0, 0
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		force := f
		if auto {
			force = ""
		}
		d := NewDecoder(force, "bench")
		for i := 0; i < len(log); i += 1 << 20 {
			recs = d.Feed(log[i:min(len(log), i+1<<20)], recs[:0])
		}
		recs = d.Flush(recs)
		lines, records = int(d.Stats().Lines), int(d.Stats().Records)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
	// Allocated bytes per record: the record, its metrics and the slices
	// that hold them. The decoder keeps none of it: what stays in memory is
	// what the caller retains.
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(records), "B/record")
}

func BenchmarkDecodeJSONL(b *testing.B)        { benchDecode(b, FormatJSONL, false) }
func BenchmarkDecodeJSONLAuto(b *testing.B)    { benchDecode(b, FormatJSONL, true) }
func BenchmarkDecodeLightningCSV(b *testing.B) { benchDecode(b, FormatLightningCSV, false) }
func BenchmarkDecodeHFStdout(b *testing.B)     { benchDecode(b, FormatHFStdout, false) }
func BenchmarkDecodeKerasStdout(b *testing.B)  { benchDecode(b, FormatKerasStdout, false) }
func BenchmarkDecodeNanoGPT(b *testing.B)      { benchDecode(b, FormatNanoGPT, false) }
func BenchmarkDecodeKVText(b *testing.B)       { benchDecode(b, FormatKVText, false) }
func BenchmarkDecodeKerasCSV(b *testing.B)     { benchDecode(b, FormatKerasCSV, false) }
func BenchmarkDecodeFairseq(b *testing.B)      { benchDecode(b, FormatFairseq, false) }
func BenchmarkDecodeFastai(b *testing.B)       { benchDecode(b, FormatFastai, false) }
func BenchmarkDecodeDarknet(b *testing.B)      { benchDecode(b, FormatDarknet, false) }

// BenchmarkDecodeBigLog reads the file named by $LOSSWATCH_BIGLOG (make one
// with `go run ./monitor/internal/genlog -o /tmp/big.jsonl`) in 1 MiB
// chunks, as the follower does: the decoder's share of `losswatch check`.
func BenchmarkDecodeBigLog(b *testing.B) {
	path := os.Getenv("LOSSWATCH_BIGLOG")
	if path == "" {
		b.Skip("set LOSSWATCH_BIGLOG to a large log")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	var recs []Record
	for b.Loop() {
		d := NewDecoder("", path)
		for i := 0; i < len(data); i += 1 << 20 {
			recs = d.Feed(data[i:min(len(data), i+1<<20)], recs[:0])
		}
		d.Flush(recs[:0])
	}
}
