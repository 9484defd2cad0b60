package decode

import (
	"bytes"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// csvHead is a CSV header row: the column names and the delimiter.
type csvHead struct {
	names  []string // trimmed, sanitised
	delim  byte
	padded bool // names right-aligned to a fixed width, as ultralytics writes them
}

// csvDelim picks the delimiter of a header line: comma, tab or semicolon
// (Keras' CSVLogger(separator=";"), a spreadsheet of a European locale),
// whichever it holds most of.
func csvDelim(t []byte) byte {
	delim, most := byte(','), bytes.Count(t, []byte{','})
	for _, d := range [...]byte{'\t', ';'} {
		if n := bytes.Count(t, []byte{d}); n > most {
			delim, most = d, n
		}
	}
	return delim
}

// indexColumn is the name given to a header's empty first cell: the row
// index pandas writes (DataFrame.to_csv of a Keras history), the step.
const indexColumn = "index"

// cell trims a field of blanks and surrounding quotes.
func cell(f []byte) []byte {
	f = trimSpace(f)
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		f = bytes.TrimSpace(f[1 : len(f)-1])
	}
	return f
}

// csvHeader recognises a header row: at least two non-empty, non-numeric
// names made of ordinary characters.
func csvHeader(t []byte) (csvHead, bool) {
	t = trimLine(t)
	delim := csvDelim(t)
	if bytes.IndexByte(t, delim) < 0 || len(t) > 64<<10 {
		return csvHead{}, false
	}
	var fields [][]byte
	fields = splitFields(t, delim, fields)
	h := csvHead{delim: delim, names: make([]string, 0, len(fields))}
	for i, f := range fields {
		c := cell(f)
		if i == 0 && len(c) == 0 && len(fields) > 2 {
			h.names = append(h.names, indexColumn)
			continue
		}
		if len(c) == 0 || len(c) > 200 || !headerName(c) {
			return csvHead{}, false
		}
		if _, ok := parseNumber(c); ok {
			return csvHead{}, false
		}
		if i == 0 && len(f) > len(c)+1 && f[0] == ' ' {
			h.padded = true
		}
		h.names = append(h.names, Sanitize(string(c)))
	}
	return h, len(h.names) >= 2
}

// headerName reports whether c looks like a column name (UTF-8 text:
// random bytes above 0x7f are rarely that).
func headerName(c []byte) bool {
	if !utf8.Valid(c) {
		return false
	}
	letters := 0
	for _, b := range c {
		switch {
		case isLetter(b):
			letters++
		case isNameByte(b), b == ' ', b == '(', b == ')', b == ':', b == '%', b == '[', b == ']':
		default:
			return false
		}
	}
	return letters > 0
}

// csvRow reports whether t is a data row under h: as many cells, at least
// one a number. Cells that are not numbers (a timestamp, a run name, a
// path) are allowed; only cells of several words count against the row,
// and they must be fewer than the numbers, so that prose with commas under
// a line of names is not taken for a table.
func csvRow(t []byte, h csvHead) bool {
	fields := splitFields(trimLine(t), h.delim, nil)
	if len(fields) != len(h.names) {
		return false
	}
	nums, prose := 0, 0
	for _, f := range fields {
		c := cell(f)
		if len(c) == 0 {
			continue
		}
		if _, ok := parseNumber(c); ok {
			nums++
		} else if _, ok := cellTime(c); !ok && bytes.IndexAny(c, " \t") >= 0 {
			prose++
		}
	}
	return nums > prose
}

// refine names the CSV dialect the header belongs to.
func (h csvHead) refine() Format {
	has := func(name string) bool {
		for _, n := range h.names {
			if strings.EqualFold(n, name) {
				return true
			}
		}
		return false
	}
	prefixed := false
	for _, n := range h.names {
		if strings.HasPrefix(n, "train/") || strings.HasPrefix(n, "metrics/") {
			prefixed = true
		}
	}
	switch {
	case h.padded || prefixed:
		return FormatUltralyticsCSV
	case has("step") && has("epoch"), has("created_at"): // created_at: Lightning's CSVLogger before 1.0
		return FormatLightningCSV
	case strings.EqualFold(h.names[0], "epoch"):
		return FormatKerasCSV
	}
	return FormatCSV
}

// stepColumn returns the column that holds the step in format f, or -1.
func (h csvHead) stepColumn(f Format) int {
	find := func(name string) int {
		for i, n := range h.names {
			if strings.EqualFold(n, name) {
				return i
			}
		}
		return -1
	}
	switch f {
	case FormatKerasCSV, FormatUltralyticsCSV:
		return find("epoch")
	case FormatLightningCSV:
		return find("step")
	}
	for _, k := range [...]string{"step", "global_step", "iteration", "iter", "num_updates", "epoch", indexColumn} {
		if i := find(k); i >= 0 {
			return i
		}
	}
	return -1
}

// tagged returns h with the Value column of TensorBoard's export ("Wall
// time,Step,Value") named tag, when tag is known: the scalar it is ("loss",
// "val_accuracy"), and so which way is better.
func (h csvHead) tagged(tag string) csvHead {
	if tag == "" || len(h.names) != 3 || !strings.EqualFold(h.names[0], "wall time") ||
		!strings.EqualFold(h.names[1], "step") || !strings.EqualFold(h.names[2], "value") {
		return h
	}
	names := slices.Clone(h.names)
	names[2] = tag
	h.names = names
	return h
}

// tensorBoardTag returns the scalar's name in the file name of a CSV that
// TensorBoard exported ("run-version_0-tag-train_loss.csv": "train_loss"),
// sanitised, or "".
func tensorBoardTag(name string) string {
	base := filepath.Base(name)
	i := strings.LastIndex(base, "-tag-")
	if i < 0 || !strings.HasSuffix(strings.ToLower(base), ".csv") {
		return ""
	}
	return SanitizeName(base[i+len("-tag-") : len(base)-len(".csv")])
}

// mayBeHeader is a cheap test that rules out data rows (which start with a
// number or an empty cell) before the full header test.
func mayBeHeader(t []byte) bool {
	t = trimLeftHeaderBlanks(t)
	if len(t) > 1 && t[0] == ',' { // pandas' unnamed index column: ",loss,val_loss"
		return isLetter(t[1]) || t[1] == '"' || t[1] == '_'
	}
	return len(t) > 0 && !isDigit(t[0]) && t[0] != '-' && t[0] != '.'
}

// timeColumn returns the column that holds Unix wall-clock times, or -1.
func (h csvHead) timeColumn() int {
	for i, n := range h.names {
		switch strings.ToLower(n) {
		case "wall time", "wall_time", "walltime", "timestamp", "_timestamp", "created_at":
			return i
		}
	}
	return -1
}

// csvParser reads the rows of a CSV log. A row of names anywhere (a resumed
// run appending a new header) replaces the header.
type csvParser struct {
	format  Format
	head    csvHead
	have    bool
	stepCol int
	timeCol int         // a wall-clock column ("Wall time" of TensorBoard's export), or -1
	roles   []fieldRole // by column
	fields  [][]byte
	arena   []Metric
	// tag is the scalar's name in the file name of TensorBoard's export
	// ("run-train-tag-epoch_loss.csv"), which names its Value column.
	tag string
}

func (p *csvParser) reset() {}

// plan says what the steps count: epochs where the step column is the
// epoch (Keras' CSVLogger, Ultralytics' results.csv). No CSV logger writes
// the run's length.
func (p *csvParser) plan() (float64, Unit) {
	switch {
	case !p.have || p.stepCol < 0:
		return 0, ""
	case p.roles[p.stepCol] == roleEpoch:
		return 0, UnitEpoch
	}
	return 0, UnitStep
}

func (p *csvParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	t := trimLine(line)
	if mayBeHeader(t) {
		if h, ok := csvHeader(t); ok {
			h = h.tagged(p.tag)
			p.head, p.have, p.stepCol, p.timeCol = h, true, h.stepColumn(p.format), h.timeColumn()
			// A new slice, not p.roles[:0]: a fork parsing the other half
			// of a run (split.go) still reads the roles it was given.
			p.roles = make([]fieldRole, 0, len(h.names))
			for _, n := range h.names {
				p.roles = append(p.roles, roleOfString(n))
			}
			return dst, reasonHeader
		}
	}
	if !p.have {
		return dst, reasonNoMetric
	}
	n := len(p.head.names)
	if cap(p.arena)-len(p.arena) < n {
		p.arena = make([]Metric, 0, max(1024, n))
	}
	start := len(p.arena)
	rec := Record{Step: math.NaN(), Line: no}
	cells, plain := p.plainRow(t, &rec)
	if !plain {
		p.arena, rec = p.arena[:start], Record{Step: math.NaN(), Line: no}
		cells = p.cells(t, &rec)
	}
	if len(p.arena) == start {
		if cells > 1 && p.stepCol >= 0 && !math.IsNaN(rec.Step) {
			return dst, reasonNoMetric
		}
		return dst, reasonMalformed
	}
	rec.Metrics = p.arena[start:len(p.arena):len(p.arena)]
	return append(dst, rec), reasonNone
}

// plainRow reads row t when each of its cells is empty or a plain decimal
// number, as CSV loggers write them: in one pass, each number parsed where
// it starts, without cutting the row into fields first. It returns the
// number of cells and false, having read nothing to be kept, at anything
// else (quotes, blanks, words, times), which cells reads.
func (p *csvParser) plainRow(t []byte, rec *Record) (int, bool) {
	delim, n := p.head.delim, len(p.head.names)
	i, col := 0, 0
	for ; col < n; col++ {
		if i < len(t) && t[i] != delim {
			f, j, ok := decimalPrefix(t, i)
			if !ok || (j < len(t) && t[j] != delim) {
				return 0, false
			}
			p.take(rec, col, t[i:j], f)
			i = j
		}
		if i >= len(t) {
			return col + 1, true
		}
		i++ // the delimiter
	}
	return col + 1, true // cells past the header's names are not read
}

// cells reads row t cell by cell, each trimmed of blanks and quotes: a
// number is kept as its column says, a time that is not a number can be
// the row's time, and anything else is passed over. It returns the number
// of cells.
func (p *csvParser) cells(t []byte, rec *Record) int {
	p.fields = splitFields(t, p.head.delim, p.fields)
	for i := 0; i < min(len(p.fields), len(p.head.names)); i++ {
		c := cell(p.fields[i])
		if len(c) == 0 {
			continue // an empty cell: a column this row does not log
		}
		f, ok := parseNumber(c)
		if !ok {
			if ts, ok := cellTime(c); ok && rec.Wall == 0 {
				rec.Wall = wallNanos(ts)
			}
			continue
		}
		p.take(rec, i, c, f)
	}
	return len(p.fields)
}

// take keeps the number f, written c, of column col of rec's row: the step,
// the epoch, the row's time, or a metric, as the column says.
func (p *csvParser) take(rec *Record, col int, c []byte, f float64) {
	if col == p.stepCol {
		if finite(f) {
			rec.Step = f
			if beyondExact(f) {
				rec.StepExact = exactStep(c, f)
			}
		}
		if p.roles[col] == roleEpoch {
			rec.Epoch, rec.HasEpoch = f, true
		}
		return
	}
	if col == p.timeCol {
		if t, ok := unixTime(f); ok {
			rec.Wall = wallNanos(t)
			return
		}
	}
	p.arena = keep(rec, p.arena, p.head.names[col], p.roles[col], f)
}
