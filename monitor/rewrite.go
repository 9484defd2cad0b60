package monitor

import (
	"fmt"
	"os"
	"time"
)

// rewriteVerdict is what a follower makes of a file that does not simply
// continue what it read: the same path holding other bytes where it read
// some, or less than it read, or another file.
type rewriteVerdict uint8

const (
	// rewriteKept: the file starts with everything read (a logger that
	// rewrites the whole file on each save); read on from the position.
	rewriteKept rewriteVerdict = iota
	// rewriteUnderWay: the file is shorter than what was read but agrees
	// with it so far; most likely it is being rewritten: look again later.
	rewriteUnderWay
	// rewriteNew: other content, or shorter for longer than rewriteGrace:
	// a new file, to be read from its start.
	rewriteNew
)

// judge compares f with what was read of the followed file.
func (fl *follower) judge(f *os.File) (rewriteVerdict, error) {
	st, err := f.Stat()
	if err != nil {
		return rewriteNew, err
	}
	size := st.Size()
	agrees, err := fl.print.continuedBy(f, size, fl.buf)
	if err != nil {
		return rewriteNew, err
	}
	switch {
	case !agrees:
	case size >= fl.off:
		fl.shrunk = time.Time{}
		return rewriteKept, nil
	case fl.shrunk.IsZero() || size != fl.shrunkSize:
		fl.shrunk, fl.shrunkSize = time.Now(), size
		return rewriteUnderWay, nil
	case time.Since(fl.shrunk) < rewriteGrace:
		return rewriteUnderWay, nil
	}
	fl.shrunk = time.Time{}
	return rewriteNew, nil
}

// diverged handles the open file once it no longer continues what was read
// from it. readOn reports that reading goes on: from the same position when
// the rewrite kept what was read, from the start when the content is new
// (reported as truncated or rewritten, the decoder starting again).
func (fl *follower) diverged() (readOn bool, err error) {
	v, err := fl.judge(fl.f)
	switch {
	case err != nil:
		return false, fl.report(fmt.Sprintf("reading %s: %v", fl.path, err))
	case v == rewriteUnderWay:
		return false, nil
	case v == rewriteKept:
		return true, nil
	}
	return true, fl.restart()
}

// continued moves to the file that replaced the followed one at its path
// when it starts with everything read from the old one (a temporary file
// renamed over the log): reading goes on from the same position and nothing
// is reported. done reports that it moved, or that the new file is shorter
// but agrees so far and is to be judged again at the next look; otherwise
// the caller reads the new file as a new log.
func (fl *follower) continued() (done bool, err error) {
	f, err := os.Open(fl.path)
	if err != nil {
		return false, nil // the caller's reopen reports it
	}
	v, err := fl.judge(f)
	if err != nil || v != rewriteKept {
		f.Close()
		return err == nil && v == rewriteUnderWay, nil
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return false, nil
	}
	fl.f.Close()
	fl.f, fl.fi, fl.detached = f, fi, false
	fl.w.any = false
	fl.w.resolve()
	fl.b.path, fl.b.size = fl.path, fi.Size()
	return true, nil
}
