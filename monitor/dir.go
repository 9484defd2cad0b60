package monitor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/losswatch/losswatch/monitor/decode"
)

// runDir reads the run in a directory (listRunFiles says which files, in
// which order): once, every TensorBoard event file in it in order (a run
// resumed writes several) or else its newest log; following, its newest log,
// moving on to each new log that appears.
func (s *Source) runDir(ctx context.Context, b *batcher) error {
	if s.follow {
		return s.followDir(ctx, b)
	}
	files, err := listRunFilesOf(s.path, s.writer)
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
		b.useDecoder(decode.NewDecoder(s.format, p))
		if err := s.readOnce(b, p); err != nil {
			return err
		}
	}
	if err := b.eof(); err != nil {
		return err
	}
	return b.send()
}

// maxWatchedSubdirs bounds the subdirectories of a followed directory that
// are watched for new logs.
const maxWatchedSubdirs = 64

// dirFollower picks the log a followed directory is read from.
type dirFollower struct {
	s       *Source
	fl      *follower
	known   map[string]bool
	watched map[string]bool
}

// watchSubdirs watches the subdirectories of the followed directory, where
// new logs may appear (a trainer's checkpoint-N folders).
func (d *dirFollower) watchSubdirs() {
	entries, err := os.ReadDir(d.s.path)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(d.s.path, e.Name())
		if e.IsDir() && !d.watched[p] && len(d.watched) < maxWatchedSubdirs {
			d.watched[p] = true
			d.fl.w.watchDir(p)
		}
	}
}

func (s *Source) followDir(ctx context.Context, b *batcher) error {
	w, err := s.newWaiter(ctx, b, s.path, "")
	if err != nil {
		return err
	}
	defer w.close()
	d := &dirFollower{s: s, fl: newFollower(b, w, "", s.chunk), known: map[string]bool{}, watched: map[string]bool{}}
	d.watchSubdirs()
	defer d.fl.close()
	files, err := listRunFilesOf(s.path, s.writer)
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
				d.fl.b.useDecoder(decode.NewDecoder(s.format, p))
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

// use makes path the followed log, with a decoder of its own — unless it is
// the same log in a newer place (checkpoint-N/trainer_state.json, which holds
// the whole history): then the decoder starts again and, knowing what it has
// delivered, delivers only what is new.
func (d *dirFollower) use(path string) {
	if d.fl.path != "" && filepath.Base(path) == filepath.Base(d.fl.path) {
		d.fl.b.dec.Restart()
	} else {
		d.fl.b.useDecoder(decode.NewDecoder(d.s.format, path))
	}
	d.fl.path = path
	d.fl.w.follow(path)
}

// rescan moves to a log that appeared since the last look, if there is one.
// Only new names count: two logs written side by side must not make the
// follower flip between them.
func (d *dirFollower) rescan(others bool) error {
	if !others && d.fl.path != "" {
		return nil
	}
	d.watchSubdirs()
	files, err := listRunFilesOf(d.s.path, d.s.writer)
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
