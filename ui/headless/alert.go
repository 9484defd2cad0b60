package headless

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/losswatch/losswatch/detect"
)

// defaultAlertTimeout bounds one run of an alert command.
const defaultAlertTimeout = time.Minute

// alertQueue is how many alerts may wait for the command; more are dropped
// (and reported) rather than delaying ingestion.
const alertQueue = 16

// Alerter runs a shell command (`sh -c CMD`) for each new finding its
// filter wants, one at a time, away from the goroutine that ingests the
// log. The finding travels in LOSSWATCH_* environment variables.
type Alerter struct {
	cmd     string
	timeout time.Duration
	output  io.Writer
	filter  AlertFilter
	queue   chan WatchEvent
	errs    chan WatchEvent
	wg      sync.WaitGroup
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

// NewAlerter starts running cmd for the alerts it is given until Close or
// ctx is done. The command's own output goes to output (standard error in
// the CLI, so that it never mixes with the event lines).
func NewAlerter(ctx context.Context, cmd string, output io.Writer, opts ...AlertOption) *Alerter {
	a := &Alerter{cmd: cmd, timeout: defaultAlertTimeout, output: output, filter: DefaultAlertFilter(),
		queue: make(chan WatchEvent, alertQueue), errs: make(chan WatchEvent, alertQueue+1)}
	for _, o := range opts {
		o(a)
	}
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
			Message: fmt.Sprintf("--exec is behind: alert for %s at step %v dropped", e.Finding.Kind, float64(e.Finding.Step))}
		return &d
	}
}

// Errors delivers an error event for each run of the command that failed.
func (a *Alerter) Errors() <-chan WatchEvent { return a.errs }

// Close waits for the queued alerts to run (each bounded by its timeout,
// all by the ctx given to NewAlerter), then closes Errors.
func (a *Alerter) Close() {
	close(a.queue)
	go func() { a.wg.Wait(); close(a.errs) }()
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

// exec runs the command for one alert.
func (a *Alerter) exec(ctx context.Context, e WatchEvent) error {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	c := exec.CommandContext(ctx, "sh", "-c", a.cmd)
	c.Env = append(os.Environ(), alertEnv(e)...)
	c.Stdout, c.Stderr = a.output, a.output
	c.WaitDelay = time.Second
	if err := c.Run(); err != nil {
		return fmt.Errorf("--exec %q for %s at step %v: %v", a.cmd, e.Finding.Kind, float64(e.Finding.Step), err)
	}
	return nil
}

// alertEnv returns the environment variables that carry a finding event to
// the --exec command.
func alertEnv(e WatchEvent) []string {
	f := e.Finding
	js, _ := json.Marshal(f)
	num := func(n Num) string { return strings.TrimSpace(fmt.Sprint(float64(n))) }
	env := []string{
		"LOSSWATCH_EVENT=" + string(e.Event),
		"LOSSWATCH_KIND=" + string(f.Kind),
		"LOSSWATCH_SEVERITY=" + string(f.Severity),
		"LOSSWATCH_METRIC=" + f.Metric,
		"LOSSWATCH_STEP=" + num(f.Step),
		"LOSSWATCH_SINCE_STEP=" + num(f.SinceStep),
		"LOSSWATCH_MESSAGE=" + f.Message,
		"LOSSWATCH_FILE=" + e.File,
		"LOSSWATCH_JSON=" + string(js),
	}
	if e.Run != "" {
		env = append(env, "LOSSWATCH_RUN="+e.Run)
	}
	return env
}
