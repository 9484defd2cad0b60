package headless

import (
	"context"
	"io"
	"os"
	"os/exec"
	"time"
)

// defaultKillGrace is how long an --exec command's processes have to end
// after SIGTERM before they get SIGKILL.
const defaultKillGrace = 2 * time.Second

// runCommand runs c in a process group of its own, its standard output and
// error copied to out with control characters removed (lineSanitizer),
// until it exits or ctx is done. Either way what is left of its group is
// ended: SIGTERM, then SIGKILL after grace. A command started by sh -c
// leaves children behind when sh is killed or exits first (dash does not
// exec the last command), and those must not outlive the alert.
func runCommand(ctx context.Context, c *exec.Cmd, out io.Writer, grace time.Duration) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	c.Stdout, c.Stderr = w, w // a file: the child writes it directly, Wait waits for no copy
	inOwnGroup(c)
	defer r.Close()
	err = c.Start()
	w.Close()
	if err != nil {
		return err
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		s := &lineSanitizer{w: out}
		_, _ = io.Copy(s, r)
		_ = s.Flush()
	}()
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	select {
	case err = <-exited:
		endGroup(c.Process, grace)
	case <-ctx.Done():
		endGroup(c.Process, grace)
		err = <-exited
	}
	// Every process of the group is gone, and with it the pipe's writers,
	// unless one left the group (setsid) with the pipe: stop copying then.
	select {
	case <-copied:
	case <-time.After(grace):
		r.Close() // the copy's Read returns
		<-copied
	}
	return err
}
