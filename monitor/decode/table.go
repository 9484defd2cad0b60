package decode

import (
	"bytes"
	"math"
	"strings"
)

// Whitespace-aligned tables: a header line of column names, then a row of
// numbers per epoch, the columns lined up with runs of spaces. fastai
// prints its training table so to a console or log (fastprogress pads
// each name to eight characters and joins them with two spaces), and
// print(pd.DataFrame(history.history)) so prints a Keras history, with
// the row index (the 0-based epoch) as an unnamed first column:
//
//	epoch     train_loss  valid_loss  accuracy  time
//	0         0.512374    0.324231    0.898000  00:12
//
//	       loss  accuracy  val_loss
//	0  0.512374  0.898000  0.324231
//
// This is not the CSV parser with blanks for a delimiter: a name may hold
// a single space (pandas column names), a row may have one cell more than
// the header (the index), and cells may be timings (fastai's mm:ss) or
// fastai's "#na#" for a value it does not have.

// tableHead is a table's header: the column names, sanitised, and what
// each is to losswatch.
type tableHead struct {
	names   []string
	roles   []fieldRole
	stepCol int // the column that places a row (epoch, step, ...), or -1
	// wraps: the header ends with " \", as pandas ends each block of a
	// frame too wide for the page; the next block's header names more
	// columns of the same rows.
	wraps bool
}

// tableHeader recognises a header line: at least two column names, each
// made of ordinary characters and not a number, separated by runs of two
// or more spaces. Tabs and commas are left to the CSV parser.
func tableHeader(t []byte) (tableHead, bool) {
	t = trimLine(t)
	if len(t) > 4<<10 || bytes.IndexByte(t, '\t') >= 0 || bytes.IndexByte(t, ',') >= 0 ||
		!bytes.Contains(t, []byte("  ")) {
		return tableHead{}, false
	}
	var h tableHead
	if w, ok := bytes.CutSuffix(t, []byte(" \\")); ok {
		t, h.wraps = trimLine(w), true
	}
	for rest := bytes.TrimLeft(t, " "); len(rest) > 0; {
		name := rest
		if i := bytes.Index(rest, []byte("  ")); i >= 0 {
			name, rest = rest[:i], bytes.TrimLeft(rest[i:], " ")
		} else {
			rest = nil
		}
		if len(name) > 200 || !headerName(name) || name[0] == '-' {
			return tableHead{}, false
		}
		if _, ok := parseNumber(name); ok {
			return tableHead{}, false
		}
		h.names = append(h.names, Sanitize(string(name)))
	}
	if len(h.names) < 2 {
		return tableHead{}, false
	}
	h.roles = make([]fieldRole, len(h.names))
	for i, n := range h.names {
		h.roles[i] = roleOfString(n)
	}
	h.stepCol = csvHead{names: h.names}.stepColumn(FormatCSV)
	return h, true
}

// training reports whether the table logs training: it has a step-like
// column or a loss. Other tables a training script prints (scikit-learn's
// classification report, "precision  recall  f1-score  support" over a
// row per class) are not curves.
func (h tableHead) training() bool {
	if h.stepCol >= 0 {
		return true
	}
	for _, n := range h.names {
		if strings.Contains(strings.ToLower(n), "loss") {
			return true
		}
	}
	return false
}

// refine names the table's dialect: fastai's training table starts with
// the epoch and has train_loss and valid_loss; any other is a table.
func (h tableHead) refine() Format {
	has := func(name string) bool {
		for _, n := range h.names {
			if n == name {
				return true
			}
		}
		return false
	}
	if h.names[0] == "epoch" && has("train_loss") && has("valid_loss") {
		return FormatFastai
	}
	return FormatTable
}

// cellKind is what a cell of a table row holds.
type cellKind uint8

const (
	cellWord    cellKind = iota // anything else: the line is not a row
	cellNumber                  // a number
	cellMissing                 // fastai's "#na#", Python's None: no value
	cellTiming                  // a duration, mm:ss or hh:mm:ss: not a metric
)

// kindOf classifies cell c, returning its value when it is a number.
func kindOf(c []byte) (cellKind, float64) {
	switch {
	case string(c) == "#na#" || string(c) == "None":
		return cellMissing, 0
	case duration(c): // before parseNumber, which would make an error of it
		return cellTiming, 0
	}
	if f, ok := parseNumber(c); ok {
		return cellNumber, f
	}
	return cellWord, 0
}

// duration reports a clock duration: digits in two or three groups joined
// by colons ("00:12", "1:02:33").
func duration(c []byte) bool {
	groups, digits := 1, 0
	for i, b := range c {
		switch {
		case isDigit(b):
			digits++
		case b == ':' && digits > 0 && i+1 < len(c):
			groups, digits = groups+1, 0
		default:
			return false
		}
	}
	return digits > 0 && groups >= 2 && groups <= 3
}

// blankFields splits t at runs of spaces and tabs into dst.
func blankFields(t []byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	for i := 0; i < len(t); {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
			i++
		}
		start := i
		for i < len(t) && t[i] != ' ' && t[i] != '\t' {
			i++
		}
		if i > start {
			dst = append(dst, t[start:i])
		}
	}
	return dst
}

// rowCells returns the cells of row t that belong to h's columns, and the
// row's index (pandas' first, unnamed column) or -1, or false when t is
// not a row under h: a cell count that fits neither form, or a cell that
// is a word.
func (h tableHead) rowCells(fields [][]byte) ([][]byte, float64, bool) {
	index := -1.0
	switch len(fields) {
	case len(h.names):
	case len(h.names) + 1:
		f, ok := parseNumber(fields[0])
		if !ok || f < 0 || f != math.Trunc(f) || f > 1<<53 {
			return nil, 0, false
		}
		index, fields = f, fields[1:]
	default:
		return nil, 0, false
	}
	for _, c := range fields {
		if k, _ := kindOf(c); k == cellWord {
			return nil, 0, false
		}
	}
	return fields, index, true
}

// tableRow reports whether t is a row under h with at least one metric:
// what recognition asks of the line after a header. scratch holds the
// fields from call to call.
func tableRow(t []byte, h tableHead, scratch *[][]byte) bool {
	*scratch = blankFields(trimLine(t), *scratch)
	cells, _, ok := h.rowCells(*scratch)
	if !ok {
		return false
	}
	for i, c := range cells {
		if k, _ := kindOf(c); k == cellNumber && h.roles[i] == roleMetric {
			return true
		}
	}
	return false
}

// tableParser reads the rows of a table. A header anywhere (fastai prints
// one at every fit()) replaces the one before; the rows under a table that
// does not log training, after one that does, are passed over.
type tableParser struct {
	head    tableHead
	have    bool
	foreign bool // under a table that is not training's
	indexed bool // rows carry pandas' index, which places them
	fields  [][]byte
	arena   []Metric
}

func (p *tableParser) reset() {}

// setHead makes h the header, as recognition found it.
func (p *tableParser) setHead(h tableHead) {
	if p.have && !h.training() && !(p.head.wraps && !p.foreign) {
		p.foreign = true
		return
	}
	p.head, p.have, p.foreign = h, true, false
}

// plan says what the steps count: epochs where the epoch column or the
// index places the rows (fastai, a Keras history); steps otherwise.
func (p *tableParser) plan() (float64, Unit) {
	switch {
	case !p.have:
		return 0, ""
	case p.head.stepCol >= 0 && p.head.roles[p.head.stepCol] == roleEpoch,
		p.head.stepCol < 0 && p.indexed:
		return 0, UnitEpoch
	}
	return 0, UnitStep
}

func (p *tableParser) parse(line []byte, no int64, dst []Record) ([]Record, reason) {
	t := trimLine(line)
	if h, ok := tableHeader(t); ok {
		p.setHead(h)
		return dst, reasonHeader
	}
	if !p.have || p.foreign {
		return dst, reasonNoMetric
	}
	p.fields = blankFields(t, p.fields)
	cells, index, ok := p.head.rowCells(p.fields)
	if !ok {
		if numbersOnly(p.fields) {
			return dst, reasonMalformed // a row that does not fit the header
		}
		return dst, reasonNoMetric
	}
	rec := Record{Step: math.NaN(), Line: no}
	if index >= 0 && p.head.stepCol < 0 {
		p.indexed = true
		rec.Step, rec.Epoch, rec.HasEpoch = index, index, true
	}
	if cap(p.arena)-len(p.arena) < len(cells) {
		p.arena = make([]Metric, 0, max(256, len(cells))) // one allocation for many rows
	}
	start := len(p.arena)
	for i, c := range cells {
		k, f := kindOf(c)
		if k != cellNumber {
			continue
		}
		if i == p.head.stepCol {
			if finite(f) {
				rec.Step = f
			}
			if p.head.roles[i] == roleEpoch {
				rec.Epoch, rec.HasEpoch = f, true
			}
			continue
		}
		p.arena = keep(&rec, p.arena, p.head.names[i], p.head.roles[i], f)
	}
	if len(p.arena) == start {
		return dst, reasonNoMetric
	}
	rec.Metrics = p.arena[start:len(p.arena):len(p.arena)]
	return append(dst, rec), reasonNone
}

// numbersOnly reports whether every field is a number (and there are
// some): a row of a table, whatever its columns.
func numbersOnly(fields [][]byte) bool {
	for _, c := range fields {
		if k, _ := kindOf(c); k == cellWord {
			return false
		}
	}
	return len(fields) > 0
}

// tableCandidate is the last line, while the format is unknown, that
// could be a table's header. It was counted as skipped, with the reason
// counted, like any line that proves nothing; it becomes the table's
// header if a row under it follows.
type tableCandidate struct {
	head    tableHead
	counted reason
	ok      bool
}

// noteTableHeader remembers line, counted as skipped for r, if it could be
// a table's header.
func (s *sniffer) noteTableHeader(line []byte, r reason, first bool) {
	if h, ok := tableHeader(line); ok && h.training() {
		s.table = tableCandidate{head: h, counted: r, ok: true}
		if first && s.hint == "" && h.refine() == FormatFastai {
			s.hint = FormatFastai // specific enough to show before its first row
		}
	}
}

// adoptTableHeader hands the candidate header to the table parser just
// chosen, and recounts its line as a header.
func (d *lineDecoder) adoptTableHeader() {
	p, ok := d.parser.(*tableParser)
	if !ok || !d.sniff.table.ok {
		return
	}
	p.setHead(d.sniff.table.head)
	from := d.sniff.table.counted.String()
	if d.stats.SkipReasons[from]--; d.stats.SkipReasons[from] <= 0 {
		delete(d.stats.SkipReasons, from)
	}
	d.stats.SkipReasons[reasonHeader.String()]++
	d.sniff.table = tableCandidate{}
}
