package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of /proc/PID/stat's times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// counters is what the process has used so far.
type counters struct {
	cpu      time.Duration // user + system, all threads
	switches int64         // context switches, all threads
	bytes    int64         // bytes written to the terminal
}

// readCounters reads the process's counters and the size of the pane's
// output file.
func readCounters(pid int, out string) (counters, error) {
	var c counters
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return c, fmt.Errorf("the UI is gone: %w", err)
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from its closing parenthesis (utime and stime are fields 14 and 15).
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return c, fmt.Errorf("short /proc/%d/stat", pid)
	}
	for _, i := range []int{11, 12} {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return c, err
		}
		c.cpu += time.Duration(n) * clockTick
	}
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil {
		return c, err
	}
	for _, t := range tasks {
		c.switches += switchesOf(t)
	}
	fi, err := os.Stat(out)
	if err != nil {
		return c, err
	}
	c.bytes = fi.Size()
	return c, nil
}

// switchesOf sums a thread's voluntary and involuntary context switches (0
// when the thread has gone).
func switchesOf(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	var n int64
	for _, l := range strings.Split(string(data), "\n") {
		name, val, ok := strings.Cut(l, ":")
		if ok && (name == "voluntary_ctxt_switches" || name == "nonvoluntary_ctxt_switches") {
			v, _ := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
			n += v
		}
	}
	return n
}
