//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// dieBy ends the process by sig: with the handler reset, the signal sent
// to itself takes its default action. Where it cannot (PID 1 of a
// container ignores signals it has no handler for) the process exits with
// 128+N shortly after.
func dieBy(sig os.Signal) {
	if n, ok := sig.(syscall.Signal); ok {
		signal.Reset(sig)
		_ = syscall.Kill(os.Getpid(), n)
		time.Sleep(200 * time.Millisecond) // delivery is asynchronous
	}
	os.Exit(signalStatus(sig))
}
