package monitor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// tailBytes is how many of the last bytes read a follower remembers, to
// notice a file that was truncated and rewritten past its old size before
// the follower looked.
const tailBytes = 64

// maxReadPerLook bounds how much one look at the file reads, so that a file
// that never stops growing still gets checked for truncation and rotation.
const maxReadPerLook = 64 << 20

// follower follows one path through appends, truncation, rotation, deletion
// and replacement. It holds the file open: a file moved or removed is read
// to its end through the open descriptor before the new one is opened.
type follower struct {
	b    *batcher
	w    *waiter
	path string
	f    *os.File
	fi   os.FileInfo // the identity of f
	off  int64
	tail []byte
	buf  []byte
	// detached is set once path no longer names f.
	detached bool
	lastErr  string
}

func newFollower(b *batcher, w *waiter, path string, chunk int) *follower {
	return &follower{b: b, w: w, path: path, buf: make([]byte, chunk), tail: make([]byte, 0, tailBytes)}
}

// followFile reads the file, then follows it until ctx is done.
func (s *Source) followFile(ctx context.Context, b *batcher) error {
	b.path = s.path
	w, err := s.newWaiter(ctx, b, filepath.Dir(s.path), s.path)
	if err != nil {
		return err
	}
	defer w.close()
	fl := newFollower(b, w, s.path, s.chunk)
	defer fl.close()
	if err := fl.open(s.fromEnd); err != nil {
		return err
	}
	return fl.run(nil)
}

// run reads what is there, reports the end of the history, then follows.
// rescan, when set, is called after each wake-up that concerned other files.
func (fl *follower) run(rescan func(others bool) error) error {
	if err := fl.drain(); err != nil {
		return err
	}
	if err := fl.b.eof(); err != nil {
		return err
	}
	for more := false; ; {
		var err error
		if !more {
			others, err := fl.w.wait(fl.b)
			if err != nil {
				return err
			}
			if rescan != nil {
				if err := rescan(others); err != nil {
					return err
				}
			}
		}
		if err := fl.check(); err != nil {
			return err
		}
		if more, err = fl.read(); err != nil {
			return err
		}
	}
}

// open opens the path for the first time; a path that does not exist yet is
// waited for.
func (fl *follower) open(fromEnd bool) error {
	f, err := os.Open(fl.path)
	if errors.Is(err, fs.ErrNotExist) {
		return fl.b.event(EventWaiting, fmt.Sprintf("waiting for %s to appear (watching %s)", filepath.Base(fl.path), fl.w.dir))
	}
	if err != nil {
		return err
	}
	if err := fl.attach(f); err != nil {
		return err
	}
	if fromEnd {
		// Start at the end, remembering the bytes before it as if they had
		// been read, so that a truncation is noticed all the same.
		size := fl.fi.Size()
		k := min(size, tailBytes)
		n, _ := f.ReadAt(fl.buf[:k], size-k)
		fl.off = size - k + int64(n)
		fl.remember(fl.buf[:n])
	}
	return nil
}

// attach makes f the file being read, from its start.
func (fl *follower) attach(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	fl.f, fl.fi, fl.off, fl.tail, fl.detached = f, fi, 0, fl.tail[:0], false
	fl.w.any = false
	fl.w.resolve()
	fl.b.path, fl.b.size = fl.path, fi.Size()
	return nil
}

func (fl *follower) close() {
	if fl.f != nil {
		fl.f.Close()
		fl.f = nil
	}
}

// read reads what was appended since the last look. more reports that it
// stopped before the end.
//
// Each read starts a few bytes before the position and compares them with
// the last bytes read: a file that shrank, or was truncated and written past
// its old size before the follower looked, shows up in the same system call
// that would otherwise return the wrong bytes.
func (fl *follower) read() (more bool, err error) {
	if fl.f == nil {
		return false, nil
	}
	for total := 0; total < maxReadPerLook; {
		overlap := len(fl.tail)
		n, err := fl.f.ReadAt(fl.buf, fl.off-int64(overlap))
		if err != nil && !errors.Is(err, io.EOF) {
			return false, fl.report(fmt.Sprintf("reading %s: %v", fl.path, err))
		}
		if n < overlap || !bytes.Equal(fl.buf[:overlap], fl.tail) {
			if err := fl.restart(); err != nil {
				return false, err
			}
			continue
		}
		data := fl.buf[overlap:n]
		if len(data) == 0 {
			return false, nil
		}
		total += len(data)
		fl.off += int64(len(data))
		fl.remember(data)
		if fl.off > fl.b.size {
			fl.b.size = fl.off
		}
		if err := fl.b.feed(data); err != nil {
			return false, err
		}
	}
	return true, nil
}

// drain reads to the end of the file, however far that is.
func (fl *follower) drain() error {
	for more := true; more; {
		var err error
		if more, err = fl.read(); err != nil {
			return err
		}
	}
	return nil
}

// remember keeps the last bytes read.
func (fl *follower) remember(p []byte) {
	if len(p) >= tailBytes {
		fl.tail = append(fl.tail[:0], p[len(p)-tailBytes:]...)
		return
	}
	fl.tail = append(fl.tail, p...)
	if over := len(fl.tail) - tailBytes; over > 0 {
		fl.tail = append(fl.tail[:0], fl.tail[over:]...)
	}
}

// check looks for rotation, deletion and replacement (read notices
// truncation).
func (fl *follower) check() error {
	if fl.path == "" {
		return nil // a followed directory with no log yet
	}
	pfi, err := os.Stat(fl.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if fl.f != nil && !fl.detached {
			fl.detached, fl.w.any = true, true
			return fl.b.event(EventWaiting, fmt.Sprintf("%s was moved or removed: waiting for it to reappear (watching %s)",
				filepath.Base(fl.path), fl.w.dir))
		}
		return nil
	case err != nil:
		return fl.report(err.Error())
	case fl.f == nil:
		return fl.reopen(EventOpened, fmt.Sprintf("%s appeared: reading it", filepath.Base(fl.path)))
	case os.SameFile(pfi, fl.fi):
		fl.detached, fl.w.any = false, false
		return nil
	}
	return fl.replaced()
}

// restart reads the file again from its start after it shrank.
func (fl *follower) restart() error {
	msg := fmt.Sprintf("%s was truncated or rewritten: reading it again from the start", filepath.Base(fl.path))
	if st, err := fl.f.Stat(); err == nil {
		fl.b.size = st.Size()
		if st.Size() < fl.off {
			msg = fmt.Sprintf("%s was truncated (%d → %d bytes): reading it again from the start", filepath.Base(fl.path), fl.off, st.Size())
		}
	}
	if err := fl.b.event(EventTruncated, msg); err != nil {
		return err
	}
	fl.off, fl.tail = 0, fl.tail[:0]
	fl.b.dec.Restart()
	return nil
}

// replaced moves to the file that now has the path, after reading the old
// one to its end.
func (fl *follower) replaced() error {
	if err := fl.drain(); err != nil {
		return err
	}
	if err := fl.b.flush(); err != nil {
		return err
	}
	kind, msg := EventRotated, fmt.Sprintf("%s was rotated: following the new file", filepath.Base(fl.path))
	if st, err := fl.f.Stat(); err == nil && links(st) == 0 {
		kind, msg = EventRecreated, fmt.Sprintf("%s was removed or replaced: reading the new file from the start", filepath.Base(fl.path))
	}
	fl.close()
	fl.b.dec.Restart()
	return fl.reopen(kind, msg)
}

// reopen opens the path again and reports it with kind.
func (fl *follower) reopen(kind EventKind, msg string) error {
	f, err := os.Open(fl.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // gone again before it could be opened: wait for it
		}
		return fl.report(err.Error())
	}
	if err := fl.attach(f); err != nil {
		return fl.report(err.Error())
	}
	fl.lastErr = ""
	return fl.b.event(kind, msg)
}

// report sends a recoverable error, once until it changes.
func (fl *follower) report(msg string) error {
	if msg == fl.lastErr {
		return nil
	}
	fl.lastErr = msg
	return fl.b.event(EventError, msg)
}
