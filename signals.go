package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// signalGrace bounds how long losswatch may take to end after a signal
// (the UI restoring the terminal, watch ending its --exec commands, whose
// own grace is shorter) before it gives up cleaning up and exits anyway:
// a signal never leaves a process behind.
const signalGrace = 5 * time.Second

// endSignals are the signals that end losswatch cleanly: ^C outside the
// UI, kill, and the terminal going away (a closed window, a dropped SSH
// connection).
func endSignals() []os.Signal { return []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} }

// signalCatcher is the one owner of the end signals (the UI's Bubble Tea
// program installs no handler of its own): the first one cancels the
// context every front end runs under, and once the front end has cleaned
// up, the process ends by that same signal, so that its parent sees what
// ended it (a shell: status 128+N).
type signalCatcher struct {
	notify chan os.Signal
	cancel context.CancelFunc
	grace  time.Duration
	done   chan struct{}
	once   sync.Once

	mu     sync.Mutex
	caught os.Signal
}

// catchSignals returns a context that the first end signal cancels. A
// signal ignored when losswatch started (nohup, a background job of a
// non-interactive shell) stays ignored.
func catchSignals(parent context.Context, grace time.Duration) (context.Context, *signalCatcher) {
	ctx, cancel := context.WithCancel(parent)
	s := &signalCatcher{notify: make(chan os.Signal, 4), cancel: cancel, grace: grace, done: make(chan struct{})}
	for _, sig := range endSignals() {
		if !signal.Ignored(sig) {
			signal.Notify(s.notify, sig)
		}
	}
	go s.wait()
	return ctx, s
}

// wait cancels the context on the first signal, then makes sure the
// process ends within the grace period even if cleaning up hangs. Later
// signals are caught and dropped: a shell that passes a SIGHUP on to its
// jobs must not cut the cleanup short.
func (s *signalCatcher) wait() {
	var sig os.Signal
	select {
	case sig = <-s.notify:
	case <-s.done:
		return
	}
	s.mu.Lock()
	s.caught = sig
	s.mu.Unlock()
	s.cancel()
	t := time.NewTimer(s.grace)
	defer t.Stop()
	for {
		select {
		case <-s.notify:
		case <-t.C:
			fmt.Fprintf(os.Stderr, "losswatch: still cleaning up %s after %v; exiting anyway\n", signalName(sig), s.grace)
			dieBy(sig)
		case <-s.done:
			return
		}
	}
}

// signal returns the signal caught, nil when none was.
func (s *signalCatcher) signal() os.Signal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caught
}

// release stops catching: the signals take their default action again.
func (s *signalCatcher) release() {
	s.once.Do(func() {
		signal.Stop(s.notify)
		close(s.done)
	})
}

// exit ends the process: by the signal caught if there was one, whatever
// code the front end returned (it was cut short), else with code.
func (s *signalCatcher) exit(code int) {
	s.release()
	if sig := s.signal(); sig != nil {
		dieBy(sig)
	}
	os.Exit(code)
}

// surviveBrokenPipe makes a write to a pipe whose reader is gone (watch …
// | head) fail with EPIPE instead of killing the process on the spot, so
// that watch ends its --exec commands first. The signal is caught, not
// ignored: an ignored SIGPIPE would be inherited by those commands.
func surviveBrokenPipe() { signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE) }

// signalName is how messages name sig: SIGINT, SIGTERM, SIGHUP.
func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}

// signalStatus is the exit status that stands for sig where a process
// cannot end by it: 128+N, as shells report it.
func signalStatus(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 2
}
