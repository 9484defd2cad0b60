package synthlog

import (
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// kerasBatches is how many progress states Keras 3 prints an epoch in this
// log: with the "Epoch N/M" line, an epoch takes kerasBatches+1 lines.
const kerasBatches = 100

// kerasBarWidth is the width of Keras 3's progress bar.
const kerasBarWidth = 20

// kerasConsole writes the console output of Keras 3's fit() to a file
// (verbose=1): "Epoch N/M", then a progress state a line, in colour, each
// with the running mean of the epoch's loss and accuracy, the last also
// with the validation metrics. n counts lines, not records: an epoch of
// kerasBatches+1 lines gives one record, so a log of 2 million lines has
// about 20,000.
func kerasConsole(w io.Writer, n int, rng *rand.Rand) error {
	epochs := max(1, (n+kerasBatches)/(kerasBatches+1))
	line := make([]byte, 0, 512)
	for e := 1; e <= epochs; e++ {
		line = append(line[:0], "Epoch "...)
		line = strconv.AppendInt(line, int64(e), 10)
		line = append(line, '/')
		line = strconv.AppendInt(line, int64(epochs), 10)
		line = append(line, '\n')
		var sum float64
		for k := 1; k <= kerasBatches; k++ {
			sum += curve((e-1)*kerasBatches+k, epochs*kerasBatches, rng)
			loss := sum / float64(k)
			line = kerasState(line, k, loss)
			if k == kerasBatches {
				val := loss * (1.05 + 0.05*rng.Float64())
				line = kerasMetric(line, "val_accuracy", f32(1-val/3.5))
				line = kerasMetric(line, "val_loss", f32(val))
			}
			line = append(line, '\n')
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
		line = line[:0]
	}
	return nil
}

// kerasState appends progress state k of an epoch without its line end:
// the count, the bar, the time left (the time an epoch took at its end) and
// the running means.
func kerasState(b []byte, k int, loss float64) []byte {
	b = append(b, "\x1b[1m"...)
	if k < 10 {
		b = append(b, "  "...)
	} else if k < 100 {
		b = append(b, ' ')
	}
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, kerasBatches, 10)
	b = append(b, "\x1b[0m "...)
	done := kerasBarWidth * k / kerasBatches
	if done > 0 {
		b = append(b, "\x1b[32m"...)
		for range done {
			b = append(b, "━"...)
		}
		b = append(b, "\x1b[0m"...)
	}
	b = append(b, "\x1b[37m"...)
	for range kerasBarWidth - done {
		b = append(b, "━"...)
	}
	b = append(b, "\x1b[0m \x1b[1m"...)
	left := (kerasBatches - k) * 31 / 1000
	if k == kerasBatches {
		left = kerasBatches * 31 / 1000
	}
	b = strconv.AppendInt(b, int64(left), 10)
	b = append(b, "s\x1b[0m 31ms/step"...)
	b = kerasMetric(b, "accuracy", f32(1-loss/3.5))
	return kerasMetric(b, "loss", f32(loss))
}

// kerasMetric appends " - name: value" as Keras prints it: four decimals,
// or four significant digits in exponent form for values under 1e-3.
func kerasMetric(b []byte, name string, v float64) []byte {
	b = append(b, " - "...)
	b = append(b, name...)
	b = append(b, ": "...)
	if math.Abs(v) > 1e-3 {
		return strconv.AppendFloat(b, v, 'f', 4, 64)
	}
	return strconv.AppendFloat(b, v, 'e', 4, 64)
}
