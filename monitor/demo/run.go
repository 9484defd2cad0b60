// Package demo trains a small multilayer perceptron in-process — real
// forward and backward passes on data sets generated in code — under one of
// several scenarios, each a real cause of convergence trouble, and writes
// its training log as JSON lines, the way a training script would.
//
// It is a producer of logs, not part of reading them: it sits under monitor
// because what it writes is what monitor reads (`losswatch demo` runs it
// beside the UI, which follows its log like any other), and it imports
// nothing of monitor, detect or ui.
package demo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Option configures Run.
type Option func(*settings)

type settings struct {
	seed  uint64
	steps int
	speed float64
}

// WithSeed sets the seed of data, initial weights and batch order (default 1).
// A seed gives the same log every time.
func WithSeed(seed uint64) Option { return func(s *settings) { s.seed = seed } }

// WithSteps sets the number of training steps (default: the scenario's own).
func WithSteps(n int) Option { return func(s *settings) { s.steps = n } }

// WithSpeed paces the run to about n steps per second; 0 (the default) runs
// as fast as possible.
func WithSpeed(stepsPerSecond float64) Option { return func(s *settings) { s.speed = stepsPerSecond } }

// afterNonFinite is how many steps a run still logs once its loss is no
// longer finite, as a training script without a NaN guard would, before it
// gives up.
const afterNonFinite = 20

// Run trains the named scenario and writes one JSON line per step to w:
// step, epoch, loss, lr and grad_norm, plus val_loss on the last step of
// each epoch. Non-finite values are written as the strings "nan", "inf" and
// "-inf". It returns ctx's error when cancelled.
func Run(ctx context.Context, scenario string, w io.Writer, opts ...Option) error {
	r, ok := lookup(scenario)
	if !ok {
		return fmt.Errorf("unknown scenario %q", scenario)
	}
	set := settings{seed: 1, steps: r.steps}
	for _, o := range opts {
		o(&set)
	}
	if set.steps <= 0 {
		set.steps = r.steps
	}
	rng := rand.New(rand.NewPCG(set.seed, 0x9e3779b97f4a7c15))
	tr := newTrainer(r, rng, set.steps)
	bw := bufio.NewWriterSize(w, 64<<10)
	start := time.Now()
	var line []byte
	bad := 0
	for step := 1; step <= set.steps; step++ {
		if err := pace(ctx, start, step, set.speed); err != nil {
			return err
		}
		p := tr.step(step)
		line = p.appendJSON(line[:0])
		if _, err := bw.Write(line); err != nil {
			return err
		}
		if set.speed > 0 {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
		if !finite(p.loss) {
			if bad++; bad > afterNonFinite {
				break
			}
		}
	}
	return bw.Flush()
}

// pace waits until step is due at speed steps per second; without a speed
// it only checks for cancellation now and then.
func pace(ctx context.Context, start time.Time, step int, speed float64) error {
	if speed <= 0 {
		if step%256 == 0 {
			return ctx.Err()
		}
		return nil
	}
	due := start.Add(time.Duration(float64(step-1) / speed * float64(time.Second)))
	wait := time.Until(due)
	if wait <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// point is what one step logs.
type point struct {
	step, epoch  int
	loss, lr, gn float64
	val          float64
	hasVal       bool
}

func (p point) appendJSON(b []byte) []byte {
	b = append(b, `{"step":`...)
	b = strconv.AppendInt(b, int64(p.step), 10)
	b = append(b, `,"epoch":`...)
	b = strconv.AppendInt(b, int64(p.epoch), 10)
	b = appendField(b, "loss", p.loss)
	if p.hasVal {
		b = appendField(b, "val_loss", p.val)
	}
	b = appendField(b, "lr", p.lr)
	b = appendField(b, "grad_norm", p.gn)
	return append(b, "}\n"...)
}

func appendField(b []byte, name string, v float64) []byte {
	b = append(b, `,"`...)
	b = append(b, name...)
	b = append(b, `":`...)
	switch {
	case math.IsNaN(v):
		return append(b, `"nan"`...)
	case math.IsInf(v, 1):
		return append(b, `"inf"`...)
	case math.IsInf(v, -1):
		return append(b, `"-inf"`...)
	}
	return strconv.AppendFloat(b, v, 'g', 6, 64)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
