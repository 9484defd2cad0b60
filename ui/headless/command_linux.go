package headless

import (
	"bytes"
	"os"
	"strconv"
)

// onlyZombies reports whether every process left in group pgid has ended
// and waits only to be reaped. Orphans are reaped by PID 1, which in some
// containers does so only every second or so; until then the group still
// answers signals.
func onlyZombies(pgid int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		if state, group, ok := statGroup(stat); ok && group == pgid && state != 'Z' && state != 'X' {
			return false
		}
	}
	return true
}

// statGroup returns the state and the process group from the contents of
// /proc/PID/stat: "PID (COMM) STATE PPID PGRP ...", COMM may hold spaces
// and parentheses.
func statGroup(stat []byte) (byte, int, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 3 || len(f[0]) != 1 {
		return 0, 0, false
	}
	group, err := strconv.Atoi(string(f[2]))
	if err != nil {
		return 0, 0, false
	}
	return f[0][0], group, true
}
