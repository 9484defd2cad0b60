package main

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
)

// errNotSignalled is returned by waitSignalled when the process exited
// on its own.
var errNotSignalled = errors.New("not ended by a signal")

// endedBy returns the signal that ended a process that Wait returned err
// for.
func endedBy(err error) (syscall.Signal, error) {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return 0, errNotSignalled
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return 0, fmt.Errorf("%w: %v", errNotSignalled, err)
	}
	return ws.Signal(), nil
}
