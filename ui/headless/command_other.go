//go:build !unix

package headless

import (
	"os"
	"os/exec"
	"time"
)

// inOwnGroup does nothing where there are no process groups.
func inOwnGroup(*exec.Cmd) {}

// endGroup kills p, which may have ended already.
func endGroup(p *os.Process, _ time.Duration) { _ = p.Kill() }
