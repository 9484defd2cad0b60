// Package synthlog writes synthetic training logs in the formats losswatch
// reads, with numbers written as the tools that write each format write
// them: Python's repr (the shortest string that round-trips, 16 or 17
// significant digits for most values) in JSON lines, Keras' and Lightning's
// CSV and the HuggingFace console; four decimals in Keras' console output;
// float32 scalars in TensorBoard event files. It is what genlog writes and what the benchmarks read.
package synthlog

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
)

// Formats returns the names of the formats Write knows, sorted.
func Formats() []string {
	var names []string
	for name := range generators() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Write writes an n-record log in format (see Formats) to w, its noise
// drawn from seed.
func Write(w io.Writer, format string, n int, seed uint64) error {
	gen, ok := generators()[format]
	if !ok {
		return fmt.Errorf("synthlog: unknown format %q", format)
	}
	return gen(w, n, rand.New(rand.NewPCG(seed, 2)))
}

// generator writes an n-record log.
type generator func(w io.Writer, n int, rng *rand.Rand) error

func generators() map[string]generator {
	return map[string]generator{
		"jsonl":         func(w io.Writer, n int, rng *rand.Rand) error { return jsonLines(w, n, rng, -1) },
		"jsonl9":        func(w io.Writer, n int, rng *rand.Rand) error { return jsonLines(w, n, rng, 9) },
		"keras-csv":     kerasCSV,
		"lightning-csv": lightningCSV,
		"hf":            hfConsole,
		"keras":         kerasConsole,
		"nanogpt":       nanoGPT,
		"tfevents":      tfEvents,
	}
}

// curve is a training loss that falls to a floor, with noise of 5% of its
// level: step i of n.
func curve(i, n int, rng *rand.Rand) float64 {
	return (0.3 + 2.3*math.Exp(-float64(i)/float64(n/8+1))) * (1 + 0.05*rng.NormFloat64())
}

// f32 is v as a float32 metric reaches Python: rounded to float32, then
// printed as a float64 (Keras, Lightning and the Trainer log tensor.item()).
func f32(v float64) float64 { return float64(float32(v)) }

// repr appends v as Python's repr writes it (prec -1) or with prec digits.
func repr(b []byte, v float64, prec int) []byte {
	b = strconv.AppendFloat(b, v, 'g', prec, 64)
	if prec < 0 && math.Trunc(v) == v && math.Abs(v) < 1e16 {
		b = append(b, ".0"...)
	}
	return b
}

func jsonLines(w io.Writer, n int, rng *rand.Rand, prec int) error {
	line := make([]byte, 0, 256)
	for i := 1; i <= n; i++ {
		line = append(line[:0], `{"step": `...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, `, "epoch": `...)
		line = repr(line, float64(i)/1237, prec)
		line = append(line, `, "loss": `...)
		line = repr(line, curve(i, n, rng), prec)
		line = append(line, `, "lr": `...)
		line = repr(line, 3e-4*math.Min(1, float64(i)/2000)*(1-float64(i)/float64(n+1)), prec)
		line = append(line, `, "grad_norm": `...)
		line = repr(line, math.Abs(1+0.3*rng.NormFloat64()), prec)
		line = append(line, "}\n"...)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

func kerasCSV(w io.Writer, n int, rng *rand.Rand) error {
	if _, err := io.WriteString(w, "epoch,accuracy,loss,val_accuracy,val_loss\n"); err != nil {
		return err
	}
	line := make([]byte, 0, 128)
	for i := 0; i < n; i++ {
		loss := curve(i, n, rng)
		line = strconv.AppendInt(line[:0], int64(i), 10)
		for _, v := range [...]float64{1 - loss/3, loss, 1 - loss/2.5, loss + 0.1*rng.Float64()} {
			line = append(line, ',')
			line = repr(line, f32(v), -1)
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

func lightningCSV(w io.Writer, n int, rng *rand.Rand) error {
	if _, err := io.WriteString(w, "epoch,step,train_loss,val_loss\n"); err != nil {
		return err
	}
	line := make([]byte, 0, 128)
	for i := 0; i < n; i++ {
		line = strconv.AppendInt(line[:0], int64(i/500), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, ',')
		if i%20 == 19 {
			line = append(line, ',')
			line = repr(line, f32(curve(i, n, rng)+0.1), -1)
		} else {
			line = repr(line, f32(curve(i, n, rng)), -1)
			line = append(line, ',')
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

func hfConsole(w io.Writer, n int, rng *rand.Rand) error {
	line := make([]byte, 0, 256)
	for i := 1; i <= n; i++ {
		line = line[:0]
		if i%5 == 0 {
			line = fmt.Appendf(line, " %d%%|██▌      | %d/%d [00:01<00:02, 41.2it/s]\r", 100*i/n, i, n)
		}
		line = append(line, "{'loss': "...)
		line = repr(line, math.Round(curve(i, n, rng)*1e4)/1e4, -1)
		line = append(line, ", 'grad_norm': "...)
		line = repr(line, f32(math.Abs(1+0.3*rng.NormFloat64())), -1)
		line = append(line, ", 'learning_rate': "...)
		line = repr(line, 5e-5*(1-float64(i)/float64(n+1)), -1)
		line = append(line, ", 'epoch': "...)
		line = repr(line, math.Round(float64(i)/1237*100)/100, -1)
		line = append(line, "}\n"...)
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// nanoGPT writes nanoGPT's train.py output: its max_iters echoed, an
// "iter N: loss x, time t ms, mfu m%" line per iteration (the loss to four
// decimals), and an evaluation every 250 iterations.
func nanoGPT(w io.Writer, n int, rng *rand.Rand) error {
	line := fmt.Appendf(nil, "Overriding: max_iters = %d\n", n)
	for i := 0; i < n; i++ {
		loss := curve(i, n, rng)
		if i%250 == 0 {
			line = fmt.Appendf(line, "step %d: train loss %.4f, val loss %.4f\n", i, loss, loss*1.05)
		}
		line = fmt.Appendf(line, "iter %d: loss %.4f, time %.2fms, mfu %.2f%%\n", i, loss, 30+rng.Float64(), 12+rng.Float64())
		if _, err := w.Write(line); err != nil {
			return err
		}
		line = line[:0]
	}
	return nil
}
