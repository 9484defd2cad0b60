//go:build unix

package monitor

import "syscall"

// cpuSeconds returns the CPU time the process used so far (user and
// system), 0 when unknown: on a machine shared with other work, wall time
// alone says little.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
