package main

import (
	"fmt"
	"math"
	"os"
	"sync"
	"time"
)

// writer appends a converging run's records to a JSON lines log, one line
// per write as a trainer's logger does.
type writer struct {
	f    *os.File
	step int
}

// newWriter creates the log with history lines already in it.
func newWriter(path string, history int) (*writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := &writer{f: f}
	var buf []byte
	for i := 0; i < history; i++ {
		buf = append(buf, w.line()...)
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// line returns the next record: the loss and the learning rate at each
// step, the validation loss every 50 steps.
func (w *writer) line() string {
	w.step++
	x := float64(w.step)
	loss := 0.05 + 2.25*math.Exp(-x/3000) + 0.02*math.Sin(x*0.37)
	if w.step%50 == 0 {
		return fmt.Sprintf("{\"step\": %d, \"loss\": %.6f, \"lr\": %.6g, \"val_loss\": %.6f}\n", w.step, loss, 3e-4*math.Exp(-x/20000), loss*1.1)
	}
	return fmt.Sprintf("{\"step\": %d, \"loss\": %.6f, \"lr\": %.6g}\n", w.step, loss, 3e-4*math.Exp(-x/20000))
}

// follow appends rate lines a second until the returned stop is called.
func (w *writer) follow(rate int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Second / time.Duration(rate))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if _, err := w.f.WriteString(w.line()); err != nil {
					return
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func (w *writer) close() { w.f.Close() }
