//go:build unix

package headless

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// inOwnGroup makes c the leader of a new process group, which its
// children join, so that they can be signalled together.
func inOwnGroup(c *exec.Cmd) {
	if c.SysProcAttr == nil {
		c.SysProcAttr = &syscall.SysProcAttr{}
	}
	c.SysProcAttr.Setpgid = true
}

// endGroup ends the process group p leads: SIGTERM, then SIGKILL to what
// is left after grace. It returns at once when the group is empty.
func endGroup(p *os.Process, grace time.Duration) {
	group := -p.Pid
	if errors.Is(syscall.Kill(group, syscall.SIGTERM), syscall.ESRCH) {
		return
	}
	for deadline := time.Now().Add(grace); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if errors.Is(syscall.Kill(group, 0), syscall.ESRCH) || onlyZombies(p.Pid) {
			return
		}
	}
	_ = syscall.Kill(group, syscall.SIGKILL)
}
