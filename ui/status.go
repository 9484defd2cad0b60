package ui

import (
	"fmt"
	"github.com/losswatch/losswatch/detect"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/monitor/decode"
)

// rateMeter measures a rate over the last few seconds. It sums what is
// added into one bucket per second, so the rate stays right however many
// batches a second brings (one record each from a paced trainer, or a few
// large ones while history loads).
type rateMeter struct {
	sec [rateBuckets]int64 // the Unix second each bucket holds
	val [rateBuckets]float64
}

const rateBuckets = 6 // the current second and the five before it

func (r *rateMeter) add(t time.Time, v float64) {
	s := t.Unix()
	i := s % rateBuckets
	if r.sec[i] != s {
		r.sec[i], r.val[i] = s, 0
	}
	r.val[i] += v
}

// per returns the rate per second at time now: what was added in the last
// rateBuckets seconds over the time since the oldest of them began (at
// least a second, so a first burst is not blown up).
func (r *rateMeter) per(now time.Time) float64 {
	cur := now.Unix()
	var sum float64
	oldest := cur
	for i := range r.sec {
		if age := cur - r.sec[i]; age >= 0 && age < rateBuckets && r.val[i] != 0 {
			sum += r.val[i]
			oldest = min(oldest, r.sec[i])
		}
	}
	d := now.Sub(time.Unix(oldest, 0))
	if d < time.Second {
		d = time.Second
	}
	return sum / d.Seconds()
}

// liveState is what the follower reports.
type liveState struct {
	path       string
	format     decode.Format
	stats      decode.Stats
	size       int64
	live       bool
	started    time.Time
	follow     followState
	errText    string
	done       bool
	lastRecord time.Time
	idle       bool
	rate       rateMeter
	loadRate   rateMeter
	lineRate   rateMeter
	lastStep   detect.Step
	fromEnd    bool   // the history was skipped on purpose (--from-end)
	waiting    string // the follower's words on what it waits for
	firstLine  string // the log's first line, while no metric was found
}

// followState is what the source is doing, as the follower's events said.
type followState int

const (
	followStarting followState = iota // nothing heard yet
	following                         // reading the file as it grows
	followWaiting                     // the file does not exist yet
	followPolling                     // no file events: looking every so often
)

// String is the state as the status bar says it.
func (f followState) String() string {
	switch f {
	case following:
		return "following"
	case followWaiting:
		return "waiting for file"
	case followPolling:
		return "polling"
	}
	return "starting"
}

// ingest follows what a batch says about the source: path, format, counts,
// and its events. It returns the words for the status line's flash when an
// event calls for them (a truncation, rotation, recreation).
func (lv *liveState) ingest(b monitor.Batch, now time.Time) (flash string) {
	if b.Path != "" {
		lv.path = b.Path
	}
	if b.Format != "" {
		lv.format = b.Format
	}
	lv.loadRate.add(now, float64(b.Stats.Bytes-lv.stats.Bytes))
	lv.lineRate.add(now, float64(b.Stats.Lines-lv.stats.Lines))
	lv.stats, lv.size = b.Stats, b.Size
	if b.Live || lv.follow == followStarting && len(b.Records) > 0 {
		lv.live = lv.live || b.Live
		if lv.follow == followStarting {
			lv.follow = following
		}
	}
	for _, e := range b.Events {
		switch e.Kind {
		case monitor.EventWaiting:
			lv.follow = followWaiting
			lv.waiting = decode.Sanitize(e.Message)
		case monitor.EventOpened:
			lv.follow, lv.errText = following, "" // reopened: earlier trouble is over
		case monitor.EventPolling:
			lv.follow = followPolling
		case monitor.EventTruncated, monitor.EventRotated, monitor.EventRecreated:
			lv.follow = following
			flash = string(e.Kind)
			if e.Message != "" {
				flash = decode.Sanitize(e.Message)
			}
		case monitor.EventError:
			lv.errText = decode.Sanitize(e.Message)
		case monitor.EventEOF:
			lv.live = true
		}
	}
	return flash
}

// statusContext is what the status line needs from the rest of the
// monitor.
type statusContext struct {
	width     int
	now       time.Time
	framework string // forced by the user, for the header
	paused    bool
	pausedNew int64
	charting  bool // a metric is charted: show the step
}

// View draws the top line: file, format, follow state or pause badge on
// the left; step, counts, rate and age on the right, dropping what does not
// fit.
func (lv *liveState) View(st *Styles, c statusContext) string {
	left := lv.left(st, c)
	parts := lv.parts(c)
	path := lv.title(st, left, parts, c.width)
	left = st.Title.Render(" losswatch ") + " " + path + left
	parts = append(parts, fmt.Sprintf("%s lines · %s rec · %s skipped",
		formatStep(float64(lv.stats.Lines)), formatStep(float64(lv.stats.Records)), formatStep(float64(lv.stats.Skipped))))
	right := ""
	for _, p := range parts {
		cand := right
		if cand != "" {
			cand += st.Muted.Render(" · ")
		}
		cand += p
		if ansi.StringWidth(left)+ansi.StringWidth(cand)+2 > c.width {
			break
		}
		right = cand
	}
	gap := c.width - ansi.StringWidth(left) - ansi.StringWidth(right) - 1
	if gap < 1 {
		return fit(left, c.width)
	}
	return left + strings.Repeat(" ", gap) + right + " "
}

// left is the status line after the path: format, framework, follow state
// or pause badge, error flag.
func (lv *liveState) left(st *Styles, c statusContext) string {
	left := ""
	switch {
	case lv.format != "":
		left = st.Muted.Render(" · ") + decode.Sanitize(string(lv.format))
	case lv.stats.Lines > 0:
		left = st.Muted.Render(" · ") + "format unknown"
	}
	if fw := c.framework; fw != "" {
		left += st.Muted.Render(" (" + decode.Sanitize(fw) + ")")
	}
	state := lv.follow.String()
	if lv.loading() {
		state = "reading history"
	}
	if lv.done {
		state = "ended"
	}
	left += st.Muted.Render(" · ")
	if c.paused {
		left += st.Badge.Render("PAUSED +" + formatStep(float64(c.pausedNew)) + " new")
	} else {
		left += state
	}
	if lv.errText != "" {
		left += st.Muted.Render(" · ") + st.Error.Render("error")
	}
	return left
}

// parts are the status line's right side, most important first: step,
// rate and age (or idle time).
func (lv *liveState) parts(c statusContext) []string {
	now := c.now
	var parts []string
	if c.charting {
		parts = append(parts, lv.xUnit()+" "+exactStep(lv.lastStep))
	}
	if lv.idle || lv.done {
		if !lv.lastRecord.IsZero() {
			parts = append(parts, "idle since "+lv.lastRecord.Format("15:04:05"))
		}
	} else if !lv.lastRecord.IsZero() {
		parts = append(parts, formatStep(math.Round(lv.rate.per(now)))+" rec/s", age(now.Sub(lv.lastRecord))+" ago")
	}
	return parts
}

// title is the path as the status line shows it: a long path gives way to
// its base name, then is cut, so that the step and the rate (or idle time)
// stay in view.
func (lv *liveState) title(st *Styles, left string, parts []string, width int) string {
	path := decode.Sanitize(lv.path)
	if path == "-" {
		path = "standard input"
	}
	title := st.Title.Render(" losswatch ") + " "
	room := width - ansi.StringWidth(title+left) - 3
	if len(parts) > 0 {
		room -= ansi.StringWidth(strings.Join(parts[:min(2, len(parts))], " · "))
	}
	if ansi.StringWidth(path) > room {
		path = filepath.Base(path)
	}
	if ansi.StringWidth(path) > room {
		path = ansi.Truncate(path, max(room, 8), "…")
	}
	return path
}

// loading reports whether the history present at start is being read.
func (lv *liveState) loading() bool {
	return !lv.fromEnd && !lv.live && !lv.done && lv.size > 0 && lv.stats.Bytes < lv.size
}

// progress shows how far the history has been read, and how fast.
func (lv *liveState) progress(st *Styles, width int, now time.Time) (string, bool) {
	if !lv.loading() {
		return "", false
	}
	frac := float64(lv.stats.Bytes) / float64(lv.size)
	text := fmt.Sprintf(" reading history %3.0f%% · %s/s · %s lines/s ",
		100*frac, bytesText(lv.loadRate.per(now)), formatStep(float64(int64(lv.lineRate.per(now)))))
	bw := width - ansi.StringWidth(text) - 2
	if bw < 5 {
		return fit(text, width), true
	}
	full := int(frac * float64(bw))
	bar := st.Title.Render(strings.Repeat("█", full)) + st.Muted.Render(strings.Repeat("░", bw-full))
	return text + bar, true
}

func bytesText(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f kB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

func age(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < 2*time.Minute:
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	return d.Round(time.Minute).String()
}

// startupLines says what is happening before there is anything to chart.
func (lv *liveState) startupLines(st *Styles, w int) []string {
	path := decode.Sanitize(lv.path)
	switch {
	case lv.follow == followWaiting && lv.waiting != "":
		return wrap(lv.waiting+"…", w)
	case lv.follow == followWaiting:
		return []string{"waiting for " + path + " to appear…", st.Muted.Render("watching " + filepath.Dir(path))}
	case lv.stats.Lines == 0 && !lv.done && lv.live && lv.size == 0:
		return []string{path + " is empty: waiting for the first line…"}
	case lv.stats.Lines == 0 && !lv.done && lv.fromEnd:
		return []string{fmt.Sprintf("%s: skipped the %s it held (--from-end): waiting for new lines…", path, bytesText(float64(lv.size)))}
	case lv.stats.Lines == 0 && !lv.done && lv.live:
		return []string{fmt.Sprintf("%s: %s read, no complete line yet: waiting for more…", path, bytesText(float64(lv.size)))}
	case lv.stats.Lines == 0 && !lv.done:
		return []string{"reading " + path + "…"}
	}
	out := []string{fmt.Sprintf("no metric yet: %s lines read, %s skipped", formatStep(float64(lv.stats.Lines)), formatStep(float64(lv.stats.Skipped)))}
	if lv.format == "" {
		out[0] += ", format not recognised"
	}
	if lv.firstLine != "" {
		out = append(out, fit(st.Muted.Render("first line: ")+lv.firstLine, w))
	}
	reasons := make([]string, 0, len(lv.stats.SkipReasons))
	for r := range lv.stats.SkipReasons {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		out = append(out, st.Muted.Render(fmt.Sprintf("  %s: %d", decode.Sanitize(r), lv.stats.SkipReasons[r])))
	}
	fs := make([]string, 0, 16)
	for _, f := range decode.Formats() {
		fs = append(fs, string(f)+",")
	}
	if n := len(fs); n > 0 {
		fs[n-1] = strings.TrimSuffix(fs[n-1], ",")
	}
	out = append(out, "", "known formats:")
	return append(out, pack(fs, " ", w)...)
}

// xUnit is what the x axis counts: epochs for the formats that log only
// epochs (Keras), steps otherwise.
func (m *Model) xUnit() string { return m.live.xUnit() }

func (lv *liveState) xUnit() string {
	if lv.stats.Unit != "" { // the decoder says what its steps count
		return string(lv.stats.Unit)
	}
	switch lv.format {
	case decode.FormatKerasCSV, decode.FormatKerasStdout:
		return "epoch"
	}
	return "step"
}
