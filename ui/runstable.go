package ui

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/charmbracelet/x/ansi"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/decode"
)

// runRow is one run as the runs view lists it.
type runRow struct {
	name     string
	format   decode.Format
	step     detect.Step
	last     float64 // NaN before the first point
	best     float64
	verdict  detect.Verdict
	severity detect.Severity // of the run's most important finding; "" for none
	conv     detect.Step     // convergence step, when converged
	hasConv  bool
	loss     *Series // the judged metric, for the sparkline
	marked   bool
	colour   int // the run's colour in the overlay
}

// worse reports whether run a goes before run b in the table: the worse
// verdict first (detect's ranking, as check's exit status: diverging
// before oscillating, ..., converged last), then the more severe finding,
// then by name.
func worse(a, b runRow) bool {
	if ka, kb := a.sortKey(), b.sortKey(); ka != kb {
		return ka > kb
	}
	return a.name < b.name
}

// sortKey is the verdict's rank and the severity's in one number, worse
// higher.
func (r runRow) sortKey() int { return verdictOf(r).Rank()*4 + severityRank(r.severity) }

func verdictOf(r runRow) detect.Verdict {
	if r.verdict == "" {
		return detect.VerdictInsufficientData
	}
	return r.verdict
}

func severityRank(s detect.Severity) int {
	switch s {
	case detect.SeverityCritical:
		return 2
	case detect.SeverityWarning:
		return 1
	}
	return 0
}

// byWorse sorts rows by their sort keys (worse first), then names.
type byWorse struct {
	rows []runRow
	keys []int
}

func (b byWorse) Len() int { return len(b.rows) }

func (b byWorse) Less(i, j int) bool {
	if b.keys[i] != b.keys[j] {
		return b.keys[i] > b.keys[j]
	}
	return b.rows[i].name < b.rows[j].name
}

func (b byWorse) Swap(i, j int) {
	b.rows[i], b.rows[j] = b.rows[j], b.rows[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// runsTable is the runs view's table: one row per run, sorted with failing
// runs first, filtered by name, one of them selected (by name, so that the
// selection stays on its run while the rows re-sort).
type runsTable struct {
	rows   []runRow // all runs, sorted
	shown  []int    // indices in rows that pass the filter
	sel    string   // the selected run's name
	chosen bool     // the user moved the selection: it stays on its run; until then it is the top row
	top    int      // first row shown
	filter nameFilter
	cache  rowCache           // what was drawn of each run (rowcache.go)
	wraps  map[string]sgrWrap // the row styles' escape sequences, by name
}

// sgrWrap is a style as the escape sequences before and after its text.
// lipgloss's Render measures and splits what it styles, which is most of
// what a row costs; a row's cells are plain one-line text, so wrapping them
// in the style's sequences draws the same.
type sgrWrap struct{ pre, post string }

// paint styles text with the style named key (made once from style).
func (t *runsTable) paint(key string, style lipgloss.Style, text string) string {
	w, ok := t.wraps[key]
	if !ok {
		out := style.Render("X")
		i := strings.Index(out, "X")
		w = sgrWrap{out[:i], out[i+1:]}
		if t.wraps == nil {
			t.wraps = map[string]sgrWrap{}
		}
		t.wraps[key] = w
	}
	return w.pre + text + w.post
}

// SetRows replaces the rows: sorts them, filters them and keeps the
// selection on its run. Rows given in the last order (refreshRows) are
// sorted only when a run's verdict or severity moved it.
func (t *runsTable) SetRows(rows []runRow) {
	keys := make([]int, len(rows))
	for i, r := range rows {
		keys[i] = r.sortKey()
	}
	if b := (byWorse{rows, keys}); !sort.IsSorted(b) {
		sort.Sort(b)
	}
	t.rows = rows
	t.refilter()
}

func (t *runsTable) refilter() {
	t.shown = t.shown[:0]
	for i, r := range t.rows {
		if t.cache.match(&t.filter, r.name) {
			t.shown = append(t.shown, i)
		}
	}
	if (t.index() < 0 || !t.chosen) && len(t.shown) > 0 {
		t.sel = t.rows[t.shown[0]].name
	}
}

// index returns the position of the selected run among the shown rows, or
// -1.
func (t *runsTable) index() int {
	for i, j := range t.shown {
		if t.rows[j].name == t.sel {
			return i
		}
	}
	return -1
}

// Selected returns the selected run's name ("" when no row is shown).
func (t *runsTable) Selected() string {
	if t.index() < 0 {
		return ""
	}
	return t.sel
}

// Shown returns the names of the rows that pass the filter, in table order.
func (t *runsTable) Shown() []string {
	out := make([]string, len(t.shown))
	for i, j := range t.shown {
		out[i] = t.rows[j].name
	}
	return out
}

// Move moves the selection by d rows.
func (t *runsTable) Move(d int) {
	if len(t.shown) == 0 {
		return
	}
	i := min(max(t.index()+d, 0), len(t.shown)-1)
	t.sel, t.chosen = t.rows[t.shown[i]].name, true
}

// tableCols are the widths of the table's columns at one terminal width;
// 0 drops a column.
type tableCols struct {
	name, format, step, last, best, verdict, conv, spark int
}

// columns returns the table's columns at width w.
func (t *runsTable) columns(w int) tableCols {
	longest := 4
	for _, r := range t.rows {
		longest = max(longest, t.cache.name(r.name).width)
	}
	return columnsFor(w, longest)
}

// columnsFor returns the columns at width w for names of up to longest
// cells.
func columnsFor(w, longest int) tableCols {
	c := tableCols{format: 11, step: 8, last: 8, best: 8, verdict: 18, conv: 8}
	c.name = min(max(longest+2, 8), 40)
	rest := func() int {
		return w - 3 - c.name - c.format - c.step - c.last - c.best - c.verdict - c.conv
	}
	if rest() < 10 {
		c.format = 0
	}
	if rest() < 10 {
		c.conv = 0
	}
	if rest() < 8 {
		c.name = max(10, c.name-(8-rest()))
	}
	c.spark = max(0, min(rest()-1, 60))
	return c
}

// View draws the table in w×h cells: a header line and the rows that fit,
// scrolled to keep the selection in view. Every line is w cells wide
// (boxFitted need not measure them again).
func (t *runsTable) View(st *Styles, w, h int) []string {
	c := t.columns(w)
	head := "   " + pad("run", c.name) + pad("format", c.format) + lpad("step", c.step) + lpad("last", c.last) +
		lpad("best", c.best) + "  " + pad("verdict", c.verdict-2) + lpad("conv", c.conv) + " " + pad("loss", c.spark)
	out := []string{fit(st.PanelTitle.Render(fit(head, w)), w)}
	rowsH := max(h-1, 0)
	if len(t.shown) == 0 {
		msg := "no runs yet"
		if t.filter.text != "" {
			msg = "no run matches the filter"
		}
		return append(out, fit(st.Muted.Render(" "+msg), w))
	}
	i := max(t.index(), 0)
	if i < t.top {
		t.top = i
	}
	if i >= t.top+rowsH {
		t.top = i - rowsH + 1
	}
	t.top = max(0, min(t.top, len(t.shown)-rowsH))
	for k := t.top; k < len(t.shown) && k < t.top+rowsH; k++ {
		r, sel := t.rows[t.shown[k]], k == i
		out = append(out, t.cache.line(r, c, sel, w, func() string { return fit(t.row(st, r, c, sel), w) }))
	}
	return out
}

// row draws one run.
func (t *runsTable) row(st *Styles, r runRow, c tableCols, sel bool) string {
	cur := " "
	if sel {
		cur = "▸"
	}
	mark := " "
	if r.marked {
		mark = t.paint(colourKey(r.colour), st.runColour(r.colour), "●")
	}
	nc := t.cache.name(r.name)
	name := nc.text
	if nc.width > c.name-1 {
		name = "…" + ansi.TruncateLeft(name, nc.width-(c.name-2), "")
	}
	nameCell := pad(name, c.name)
	if sel {
		nameCell = t.paint("selected", st.Selected, nameCell)
	}
	v := r.verdict
	if v == "" {
		v = detect.VerdictInsufficientData
	}
	vstyle, glyph := st.verdictMark(v, r.severity)
	words := string(v)
	if v == detect.VerdictInsufficientData {
		words = "no verdict"
	}
	conv := "–"
	if r.hasConv {
		conv = exactStep(r.conv)
	}
	spark := t.cache.sparkOf(r, c.spark)
	line := cur + mark + " " + nameCell + pad(decode.Sanitize(string(r.format)), c.format) +
		lpad(stepText(r), c.step) + lpad(numText(r.last), c.last) + lpad(numText(r.best), c.best) + "  " +
		t.paint("verdict "+string(v)+" "+string(r.severity), vstyle, pad(glyph+" "+words, c.verdict-2)) + lpad(conv, c.conv) + " " +
		t.paint(colourKey(r.colour), st.runColour(r.colour), spark)
	return line // at most w cells by construction (columnsFor)
}

// colourKey names run colour i among the table's styles.
func colourKey(i int) string { return "colour " + strconv.Itoa(i%len(runColours)) }

func stepText(r runRow) string {
	if r.loss == nil || r.loss.Len() == 0 {
		return "–"
	}
	return exactStep(r.step)
}

func numText(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return formatNum(v)
}

// pad cuts or pads s to w cells, leaving the last one blank as a gutter.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s, sw := cut(s, w-1)
	return s + strings.Repeat(" ", w-sw)
}

// lpad right-aligns s in w cells, with a blank cell before it.
func lpad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s, sw := cut(s, w-1)
	return strings.Repeat(" ", w-sw) + s
}

// cut cuts unstyled text to at most w cells and returns it with its width.
func cut(s string, w int) (string, int) {
	sw := cellWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = cellWidth(s)
	}
	return s, sw
}
