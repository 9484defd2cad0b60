package headless

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// defaultAlertTimeout bounds one run of an alert command.
const defaultAlertTimeout = time.Minute

// alertQueue is how many alerts may wait for the command; more are dropped
// (and reported) rather than delaying ingestion.
const alertQueue = 16

// Alerter runs a shell command (`sh -c CMD`) for each new finding its
// filter wants, one at a time, away from the goroutine that ingests the
// log. The finding travels in LOSSWATCH_* environment variables, free of
// control and bidi characters (a script may well echo them).
type Alerter struct {
	cmd     string
	timeout time.Duration
	grace   time.Duration // from SIGTERM to SIGKILL
	output  io.Writer
	filter  AlertFilter
	queue   chan WatchEvent
	errs    chan WatchEvent
	wg      sync.WaitGroup
	cancel  context.CancelFunc // ends the runs: Stop
	closing sync.Once
}

// AlertFilter says which new findings call for the command: those at least
// as severe as MinSeverity whose confidence is at least MinConfidence.
type AlertFilter struct {
	MinSeverity   detect.Severity
	MinConfidence float64
}

// DefaultMinConfidence is the confidence below which a finding pages no one
// unless asked (--min-confidence): the detector's even odds.
const DefaultMinConfidence = 0.5

// DefaultAlertFilter pages for warnings and criticals the detector is at
// least even odds on; info findings (converging, converged, an early slow
// run) and hesitant warnings page no one.
func DefaultAlertFilter() AlertFilter {
	return AlertFilter{MinSeverity: detect.SeverityWarning, MinConfidence: DefaultMinConfidence}
}

// Wants reports whether e is a new finding that passes the filter.
func (f AlertFilter) Wants(e WatchEvent) bool {
	return e.Event == EventFinding && e.Finding != nil &&
		e.Finding.Severity.AtLeast(f.MinSeverity) && float64(e.Finding.Confidence) >= f.MinConfidence
}

// AlertOption configures an Alerter.
type AlertOption func(*Alerter)

// WithAlertFilter chooses the findings the command runs for instead of
// DefaultAlertFilter.
func WithAlertFilter(f AlertFilter) AlertOption { return func(a *Alerter) { a.filter = f } }

// withAlertTimeout bounds one run of the command by d instead of a minute.
func withAlertTimeout(d time.Duration) AlertOption { return func(a *Alerter) { a.timeout = d } }

// withKillGrace gives the command's processes d between SIGTERM and SIGKILL.
func withKillGrace(d time.Duration) AlertOption { return func(a *Alerter) { a.grace = d } }

// NewAlerter starts running cmd for the alerts it is given until Close or
// ctx is done. The command's own output goes to output (standard error in
// the CLI, so that it never mixes with the event lines) line by line with
// control characters removed. Each run has a process group of its own,
// ended when the command exits, times out or ctx is done: nothing it
// started outlives it.
func NewAlerter(ctx context.Context, cmd string, output io.Writer, opts ...AlertOption) *Alerter {
	a := &Alerter{cmd: cmd, timeout: defaultAlertTimeout, grace: defaultKillGrace, output: output, filter: DefaultAlertFilter(),
		queue: make(chan WatchEvent, alertQueue), errs: make(chan WatchEvent, alertQueue+1)}
	for _, o := range opts {
		o(a)
	}
	ctx, a.cancel = context.WithCancel(ctx)
	a.wg.Add(1)
	go a.run(ctx)
	return a
}

// Wants reports whether e calls for the command (see AlertFilter).
func (a *Alerter) Wants(e WatchEvent) bool { return a.filter.Wants(e) }

// Alert queues e for the command. It never waits: when the queue is full it
// drops e and returns an error event saying so.
func (a *Alerter) Alert(e WatchEvent) (dropped *WatchEvent) {
	select {
	case a.queue <- e:
		return nil
	default:
		d := WatchEvent{Event: EventError, Time: time.Now(), Run: e.Run, File: e.File,
			Message: fmt.Sprintf("--exec is behind: alert for %s at step %s dropped", e.Finding.Kind, e.Finding.Step)}
		return &d
	}
}

// Errors delivers an error event for each run of the command that failed.
func (a *Alerter) Errors() <-chan WatchEvent { return a.errs }

// Close lets the queued alerts run (each bounded by its timeout, all by
// the ctx given to NewAlerter) and closes Errors after the last. Alert must
// not be called after Close.
func (a *Alerter) Close() {
	a.closing.Do(func() {
		close(a.queue)
		go func() { a.wg.Wait(); close(a.errs) }()
	})
}

// Stop drops the queued alerts, ends the command running (its whole
// process group) and returns once it is gone. After Close it waits for the
// queued alerts to be done. Either way, once Stop returns, no process the
// Alerter started is left.
func (a *Alerter) Stop() {
	a.cancel()
	a.Close()
	a.wg.Wait()
}

func (a *Alerter) run(ctx context.Context) {
	defer a.wg.Done()
	for e := range a.queue {
		if ctx.Err() != nil {
			continue // shutting down: drain without running
		}
		if err := a.exec(ctx, e); err != nil {
			select {
			case a.errs <- WatchEvent{Event: EventError, Time: time.Now(), Run: e.Run, File: e.File, Message: err.Error()}:
			case <-ctx.Done():
			}
		}
	}
}

// exec runs the command for one alert, bounded by the timeout. When ctx is
// done (losswatch is ending) the command is ended and nothing reported.
func (a *Alerter) exec(ctx context.Context, e WatchEvent) error {
	run, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	c := exec.Command("sh", "-c", a.cmd)
	c.Env = append(os.Environ(), sanitizeEnv(alertEnv(e))...)
	err := runCommand(run, c, a.output, a.grace)
	what := fmt.Sprintf("--exec %q for %s at step %s", a.cmd, e.Finding.Kind, e.Finding.Step)
	switch {
	case ctx.Err() != nil:
		return nil
	case errors.Is(run.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: timed out after %v; its processes were ended", what, a.timeout)
	case err != nil:
		return fmt.Errorf("%s: %v", what, err)
	}
	return nil
}

// alertEnv returns the environment variables that carry a finding event to
// the --exec command.
func alertEnv(e WatchEvent) []string {
	f := e.Finding
	js, _ := json.Marshal(f)
	env := []string{
		"LOSSWATCH_EVENT=" + string(e.Event),
		"LOSSWATCH_KIND=" + string(f.Kind),
		"LOSSWATCH_SEVERITY=" + string(f.Severity),
		"LOSSWATCH_METRIC=" + f.Metric,
		"LOSSWATCH_STEP=" + f.Step.String(),
		"LOSSWATCH_SINCE_STEP=" + f.SinceStep.String(),
		"LOSSWATCH_MESSAGE=" + f.Message,
		"LOSSWATCH_FILE=" + e.File,
		"LOSSWATCH_JSON=" + string(js),
	}
	if e.Run != "" {
		env = append(env, "LOSSWATCH_RUN="+e.Run)
	}
	return env
}

// sanitizeEnv removes control and bidi characters from the variables that
// carry an alert (decode.Sanitize): a script may well echo them, and the
// file name and metric come from outside. JSON escapes C0 controls but not
// DEL, C1 or bidi controls, which can then only be in its strings' text.
func sanitizeEnv(env []string) []string {
	for i, kv := range env {
		env[i] = decode.Sanitize(kv)
	}
	return env
}
