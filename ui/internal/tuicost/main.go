// Command tuicost measures what the terminal UI costs the machine it runs
// on: it starts the built binary in a real terminal (a detached tmux pane
// of the size asked for) on a log that a writer appends to at a steady
// rate, then, with the writer stopped, on the same log idle. For each phase
// it reports the process's CPU time (user + system, from /proc/PID/stat, so
// that other work on a shared machine disturbs it little), its wake-ups
// (voluntary and involuntary context switches of all its threads, from
// /proc/PID/task/*/status) and the bytes it wrote to the terminal (the
// pane's output, piped by tmux to a file). Runs are repeated and the
// medians printed. Several binaries (comma-separated) are measured in
// turn, run by run, so that a change in the machine's load falls on each
// alike.
//
//	go build -o /tmp/losswatch . && go run ./ui/internal/tuicost -bin /tmp/losswatch
//	go run ./ui/internal/tuicost -bin /tmp/losswatch -runs 5 -dur 60s -rate 100 -size 200x50
//	go run ./ui/internal/tuicost -bin /tmp/before,/tmp/after
//
// Linux only (it reads /proc); needs tmux.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// params is what one measurement runs with.
type params struct {
	bin        string // the binary being measured
	width      int
	height     int
	rate       int           // lines a second while following
	warm       time.Duration // settling time before each phase is measured
	dur        time.Duration // length of each measured phase
	history    int           // lines in the log before the UI starts
	keepScreen bool          // print the last screen of each run
}

func main() {
	var p params
	var size string
	runs := flag.Int("runs", 3, "`number` of runs (medians are reported)")
	bins := flag.String("bin", "", "losswatch `binaries` to measure, comma-separated (required)")
	flag.StringVar(&size, "size", "200x50", "terminal `size`, WxH")
	flag.IntVar(&p.rate, "rate", 100, "`lines` appended a second while following")
	flag.DurationVar(&p.warm, "warm", 5*time.Second, "settling `time` before each phase")
	flag.DurationVar(&p.dur, "dur", 30*time.Second, "measured `time` of each phase")
	flag.IntVar(&p.history, "history", 3000, "`lines` in the log before the UI starts")
	flag.BoolVar(&p.keepScreen, "screen", false, "print the last screen of each run")
	flag.Parse()
	if _, err := fmt.Sscanf(size, "%dx%d", &p.width, &p.height); err != nil || *bins == "" || p.rate < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var paths []string
	for _, b := range strings.Split(*bins, ",") {
		abs, err := filepath.Abs(b)
		if err != nil {
			fail(err)
		}
		paths = append(paths, abs)
	}
	results := make([][]result, len(paths))
	for i := 0; i < *runs; i++ {
		for j, bin := range paths {
			p.bin = bin
			r, err := measure(p, i*len(paths)+j) // a tmux server of its own each time
			if err != nil {
				fail(err)
			}
			fmt.Fprintf(os.Stderr, "%s run %d: %s\n", filepath.Base(bin), i+1, r)
			results[j] = append(results[j], r)
		}
	}
	for j, bin := range paths {
		p.bin = bin
		printTable(os.Stdout, p, results[j])
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "tuicost:", err)
	os.Exit(1)
}

// phase is what the process cost over one measured phase, per second.
type phase struct {
	cpu    float64 // CPU time over wall time, in percent
	wakes  float64 // context switches a second
	bytes  float64 // bytes to the terminal a second
	frames float64 // writes that moved the cursor home (alternate screen frames) a second
}

// result is one run: following the log, then idle.
type result struct{ follow, idle phase }

func (r result) String() string {
	return fmt.Sprintf("following %.2f%% CPU %.0f wake-ups/s %.0f B/s; idle %.2f%% CPU %.1f wake-ups/s %.1f B/s",
		r.follow.cpu, r.follow.wakes, r.follow.bytes, r.idle.cpu, r.idle.wakes, r.idle.bytes)
}

// measure runs the UI once (the run'th measurement): history, then
// following, then idle.
func measure(p params, run int) (result, error) {
	dir, err := os.MkdirTemp("", "tuicost")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	log := filepath.Join(dir, "train.jsonl")
	w, err := newWriter(log, p.history)
	if err != nil {
		return result{}, err
	}
	defer w.close()
	t := &tmux{socket: fmt.Sprintf("tuicost-%d-%d", os.Getpid(), run), name: "lw"}
	pid, err := t.start(p, log, filepath.Join(dir, "pane.out"))
	if err != nil {
		return result{}, err
	}
	defer t.kill()
	stop := w.follow(p.rate)
	follow, err := sample(pid, t.outPath, p.warm, p.dur)
	stop()
	if err != nil {
		return result{}, err
	}
	idle, err := sample(pid, t.outPath, p.warm, p.dur)
	if err != nil {
		return result{}, err
	}
	if p.keepScreen {
		fmt.Fprintln(os.Stderr, t.capture())
	}
	return result{follow, idle}, nil
}

// sample waits warm, then measures the process over dur.
func sample(pid int, out string, warm, dur time.Duration) (phase, error) {
	time.Sleep(warm)
	a, err := readCounters(pid, out)
	if err != nil {
		return phase{}, err
	}
	start := time.Now()
	time.Sleep(dur)
	b, err := readCounters(pid, out)
	if err != nil {
		return phase{}, err
	}
	secs := time.Since(start).Seconds()
	return phase{
		cpu:    100 * (b.cpu - a.cpu).Seconds() / secs,
		wakes:  float64(b.switches-a.switches) / secs,
		bytes:  float64(b.bytes-a.bytes) / secs,
		frames: float64(countHomes(out, a.bytes, b.bytes)) / secs,
	}, nil
}

// countHomes counts the cursor-home sequences (one starts each frame
// written on the alternate screen: ui/internal/screen's, and Bubble Tea's
// standard renderer's before it) in out's bytes [from, to).
func countHomes(out string, from, to int64) int {
	data, err := os.ReadFile(out)
	if err != nil || int64(len(data)) < to {
		return 0
	}
	return strings.Count(string(data[from:to]), "\x1b[H")
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[(len(s)-1)/2]
}

// printTable writes the medians (and the range) of each measure.
func printTable(w *os.File, p params, rs []result) {
	fmt.Fprintf(w, "\n%s: TUI at %dx%d, following %d lines/s then idle; %d runs of %s each (medians, [min–max])\n\n",
		p.bin, p.width, p.height, p.rate, len(rs), p.dur)
	fmt.Fprintln(w, "| phase | CPU % | wake-ups/s | B/s to the terminal | frames/s |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, ph := range []struct {
		name string
		get  func(result) phase
	}{{"following", func(r result) phase { return r.follow }}, {"idle", func(r result) phase { return r.idle }}} {
		col := func(f func(phase) float64, format string) string {
			var xs []float64
			for _, r := range rs {
				xs = append(xs, f(ph.get(r)))
			}
			lo, hi := xs[0], xs[0]
			for _, x := range xs {
				lo, hi = min(lo, x), max(hi, x)
			}
			return fmt.Sprintf(format+" ["+format+"–"+format+"]", median(xs), lo, hi)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", ph.name,
			col(func(x phase) float64 { return x.cpu }, "%.2f"),
			col(func(x phase) float64 { return x.wakes }, "%.1f"),
			col(func(x phase) float64 { return x.bytes }, "%.0f"),
			col(func(x phase) float64 { return x.frames }, "%.1f"))
	}
}
