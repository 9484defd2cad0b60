// Command genlog writes a synthetic training log in one of the formats
// losswatch reads (monitor/internal/synthlog), for measuring how fast it
// reads one:
//
//	go run ./monitor/internal/genlog -format jsonl -n 2000000 -o /tmp/big.jsonl
//
// Formats:
//
//   - jsonl: {"step": 1, "epoch": ..., "loss": ..., "lr": ..., "grad_norm": ...}, numbers as Python's repr writes them, about 135 bytes a line;
//   - jsonl9: the same with 9-digit floats;
//   - keras-csv: epoch,accuracy,loss,val_accuracy,val_loss (float32 values printed by Python);
//   - lightning-csv: epoch,step,train_loss,val_loss (a validation row every 20);
//   - hf: the HuggingFace Trainer's dicts, a tqdm bar rewritten with \r every 5 lines;
//   - keras: Keras 3's fit() console output to a file, "Epoch N/M" then 100 progress states a line in colour, the last
//     with the epoch's metrics; -n counts its lines (a record every 101);
//   - tfevents: one Event with a train/loss scalar per step.
//
// ratios.sh, next to it, compares `losswatch check` with `wc -l` and awk on
// these logs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/losswatch/losswatch/monitor/internal/synthlog"
)

func main() {
	n := flag.Int("n", 2_000_000, "number of records")
	out := flag.String("o", "-", "output file (- for stdout)")
	format := flag.String("format", "jsonl", strings.Join(synthlog.Formats(), ", "))
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := write(*out, *format, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(2)
	}
}

// write writes the log to path ("-": standard output).
func write(path, format string, n int, seed uint64) error {
	f := os.Stdout
	if path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err := synthlog.Write(w, format, n, seed)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if f != os.Stdout {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
