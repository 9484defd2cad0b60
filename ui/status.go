package ui

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

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

// statusBar draws the top line: file, format, follow state or pause badge on
// the left; step, counts, rate and age on the right, dropping what does not
// fit.
func (m *Model) statusBar() string {
	now := m.cfg.now()
	lv := &m.live
	path := decode.Sanitize(lv.path)
	if path == "-" {
		path = "standard input"
	}
	left := ""
	switch {
	case lv.format != "":
		left = m.st.Muted.Render(" · ") + decode.Sanitize(string(lv.format))
	case lv.stats.Lines > 0:
		left = m.st.Muted.Render(" · ") + "format unknown"
	}
	if fw := m.cfg.framework; fw != "" {
		left += m.st.Muted.Render(" (" + decode.Sanitize(fw) + ")")
	}
	state := lv.follow.String()
	if _, loading := m.progressLine(); loading {
		state = "reading history"
	}
	if lv.done {
		state = "ended"
	}
	left += m.st.Muted.Render(" · ")
	if m.view.paused {
		left += m.st.Badge.Render(fmt.Sprintf(" PAUSED +%d new ", m.view.pausedNew))
	} else {
		left += state
	}
	if lv.errText != "" {
		left += m.st.Muted.Render(" · ") + m.st.Error.Render("error")
	}
	var parts []string
	if len(m.data.order) > 0 {
		parts = append(parts, m.xUnit()+" "+formatStep(lv.lastStep))
	}
	if lv.idle || lv.done {
		if !lv.lastRecord.IsZero() {
			parts = append(parts, "idle since "+lv.lastRecord.Format("15:04:05"))
		}
	} else if !lv.lastRecord.IsZero() {
		parts = append(parts, formatStep(math.Round(lv.rate.per(now)))+" rec/s", age(now.Sub(lv.lastRecord))+" ago")
	}
	// A long path gives way to its base name, then is cut, so that the
	// step and the rate (or idle time) stay in view.
	title := m.st.Title.Render(" losswatch ") + " "
	room := m.width - ansi.StringWidth(title+left) - 3
	if len(parts) > 0 {
		room -= ansi.StringWidth(strings.Join(parts[:min(2, len(parts))], " · "))
	}
	if ansi.StringWidth(path) > room {
		path = filepath.Base(path)
	}
	if ansi.StringWidth(path) > room {
		path = ansi.Truncate(path, max(room, 8), "…")
	}
	left = title + path + left
	parts = append(parts, fmt.Sprintf("%s lines · %s rec · %s skipped",
		formatStep(float64(lv.stats.Lines)), formatStep(float64(lv.stats.Records)), formatStep(float64(lv.stats.Skipped))))
	right := ""
	for _, p := range parts {
		cand := right
		if cand != "" {
			cand += m.st.Muted.Render(" · ")
		}
		cand += p
		if ansi.StringWidth(left)+ansi.StringWidth(cand)+2 > m.width {
			break
		}
		right = cand
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right) - 1
	if gap < 1 {
		return fit(left, m.width)
	}
	return left + strings.Repeat(" ", gap) + right + " "
}

// progressLine shows how far the history has been read, and how fast.
func (m *Model) progressLine() (string, bool) {
	lv := &m.live
	if lv.live || lv.done || lv.size <= 0 || lv.stats.Bytes >= lv.size {
		return "", false
	}
	now := m.cfg.now()
	frac := float64(lv.stats.Bytes) / float64(lv.size)
	text := fmt.Sprintf(" reading history %3.0f%% · %s/s · %s lines/s ",
		100*frac, bytesText(lv.loadRate.per(now)), formatStep(float64(int64(lv.lineRate.per(now)))))
	bw := m.width - ansi.StringWidth(text) - 2
	if bw < 5 {
		return fit(text, m.width), true
	}
	full := int(frac * float64(bw))
	bar := m.st.Title.Render(strings.Repeat("█", full)) + m.st.Muted.Render(strings.Repeat("░", bw-full))
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
func (m *Model) startupLines(w int) []string {
	lv := &m.live
	path := decode.Sanitize(lv.path)
	switch {
	case lv.follow == followWaiting && lv.waiting != "":
		return wrap(lv.waiting+"…", w)
	case lv.follow == followWaiting:
		return []string{"waiting for " + path + " to appear…", m.st.Muted.Render("watching " + filepath.Dir(path))}
	case lv.stats.Lines == 0 && !lv.done && lv.live && lv.size == 0:
		return []string{path + " is empty: waiting for the first line…"}
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
		out = append(out, fit(m.st.Muted.Render("first line: ")+lv.firstLine, w))
	}
	reasons := make([]string, 0, len(lv.stats.SkipReasons))
	for r := range lv.stats.SkipReasons {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		out = append(out, m.st.Muted.Render(fmt.Sprintf("  %s: %d", decode.Sanitize(r), lv.stats.SkipReasons[r])))
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
func (m *Model) xUnit() string {
	switch m.live.format {
	case decode.FormatKerasCSV, decode.FormatKerasStdout:
		return "epoch"
	}
	return "step"
}
