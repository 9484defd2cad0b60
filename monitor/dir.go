package monitor

import (
	"context"
	"fmt"
	"path/filepath"
)

// runDir reads the run in a directory (ListRunFiles says which files, in
// which order): once, every TensorBoard event file in it in order (a run
// resumed writes several) or else its newest log; following, its newest log,
// moving on to each new log that appears.
func (s *Source) runDir(ctx context.Context, b *batcher) error {
	if s.follow {
		return s.followDir(ctx, b)
	}
	files, err := ListRunFiles(s.path)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s: no training log in this directory", s.path)
	}
	read := files[len(files)-1:]
	if _, ok := parseEventFileName(filepath.Base(files[0])); ok {
		read = files // the event files of one run, resumed
	}
	for _, p := range read {
		b.useDecoder(NewDecoder(s.format, p))
		if err := s.readOnce(b, p); err != nil {
			return err
		}
	}
	if err := b.eof(); err != nil {
		return err
	}
	return b.send()
}

// dirFollower picks the log a followed directory is read from.
type dirFollower struct {
	s     *Source
	fl    *follower
	known map[string]bool
}

func (s *Source) followDir(ctx context.Context, b *batcher) error {
	w, err := s.newWaiter(ctx, b, s.path, "")
	if err != nil {
		return err
	}
	defer w.close()
	d := &dirFollower{s: s, fl: newFollower(b, w, ""), known: map[string]bool{}}
	defer d.fl.close()
	files, err := ListRunFiles(s.path)
	if err != nil {
		return err
	}
	for _, f := range files {
		d.known[f] = true
	}
	if len(files) > 1 && !s.fromEnd {
		if _, ok := parseEventFileName(filepath.Base(files[0])); ok {
			// A resumed run: its earlier event files are history too.
			for _, p := range files[:len(files)-1] {
				d.fl.b.useDecoder(NewDecoder(s.format, p))
				if err := s.readOnce(d.fl.b, p); err != nil {
					return err
				}
			}
		}
	}
	if len(files) > 0 {
		d.use(files[len(files)-1])
		if err := d.fl.open(s.fromEnd); err != nil {
			return err
		}
	} else if err := b.event(EventWaiting, fmt.Sprintf("waiting for a training log to appear in %s", s.path)); err != nil {
		return err
	}
	return d.fl.run(d.rescan)
}

// use makes path the followed log, with a decoder of its own.
func (d *dirFollower) use(path string) {
	d.fl.path = path
	d.fl.b.useDecoder(NewDecoder(d.s.format, path))
	d.fl.w.follow(path)
}

// rescan moves to a log that appeared since the last look, if there is one.
// Only new names count: two logs written side by side must not make the
// follower flip between them.
func (d *dirFollower) rescan(others bool) error {
	if !others && d.fl.path != "" {
		return nil
	}
	files, err := ListRunFiles(d.s.path)
	if err != nil {
		return d.fl.report(err.Error())
	}
	n := ""
	for _, f := range files { // in reading order: the last new one is the one to follow
		if !d.known[f] {
			d.known[f] = true
			n = f
		}
	}
	if n == "" || n == d.fl.path {
		return nil
	}
	if d.fl.f != nil {
		if _, err := d.fl.read(); err != nil {
			return err
		}
		if err := d.fl.b.flush(); err != nil {
			return err
		}
	}
	d.fl.close()
	d.use(n)
	return d.fl.reopen(EventOpened, fmt.Sprintf("following the newer log %s", n))
}
