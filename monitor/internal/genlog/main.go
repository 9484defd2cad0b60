// Command genlog writes a synthetic JSON-lines training log, for measuring
// how fast losswatch reads one:
//
//	go run ./monitor/internal/genlog -n 2000000 -o /tmp/big.jsonl
//
// Each line holds five numbers: step, epoch, loss, lr and grad_norm, about
// 90 bytes a line.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
)

func main() {
	n := flag.Int("n", 2_000_000, "number of lines")
	out := flag.String("o", "-", "output file (- for stdout)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	f := os.Stdout
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(*seed, 2))
	line := make([]byte, 0, 256)
	for i := 1; i <= *n; i++ {
		loss := 0.05 + 2.3*math.Exp(-float64(i)/float64(*n/8+1)) + 0.05*rng.NormFloat64()
		line = append(line[:0], `{"step": `...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, `, "epoch": `...)
		line = strconv.AppendFloat(line, float64(i)/1000, 'f', 4, 64)
		line = append(line, `, "loss": `...)
		line = strconv.AppendFloat(line, loss, 'g', 9, 64)
		line = append(line, `, "lr": `...)
		line = strconv.AppendFloat(line, 3e-4*math.Min(1, float64(i)/2000), 'g', 8, 64)
		line = append(line, `, "grad_norm": `...)
		line = strconv.AppendFloat(line, math.Abs(1+0.3*rng.NormFloat64()), 'g', 6, 64)
		line = append(line, "}\n"...)
		if _, err := w.Write(line); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if f != os.Stdout {
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
