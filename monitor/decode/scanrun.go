package decode

import (
	"bytes"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// A parser whose state moves at almost every line (HuggingFace's and
// Keras' console output, text logs of named numbers) cannot have a fork
// parse a piece of a run from the state at its start, as JSON lines' and
// CSV's can (see parallel). But what costs — finding a line's numbers and
// reading them — depends on the line alone; only placing it (its step,
// what it tells of the run) depends on the lines before. So such a parser
// reads a line in two stages: a scan, which any core may do, and a
// settle, in log order, with the parser's state. Its parse is the scan
// then the settle, so that parsing line by line and on several cores give
// the same.

// scanResult is what the scan of one line found.
type scanResult interface {
	// gives reports that the line gives a record: settling it returns
	// reasonNone.
	gives() bool
}

// lineScanner scans lines. It keeps caches and buffers only, never state
// that a line's scan depends on: two scanners give the same scans.
type lineScanner[S scanResult] interface {
	// scan reads what line holds on its own and fills rec (its line
	// number already set) with it but for what the settle sets.
	scan(line []byte, rec *Record) S
}

// scanParser is a line parser whose lines can be scanned apart and
// settled in order.
type scanParser[S scanResult] interface {
	lineParser
	// settle places the scanned line in the log with the parser's state,
	// completing its record rec (a scratch record when the scan found
	// none), and returns reasonNone when the line gives a record.
	settle(line []byte, sc S, rec *Record) reason
}

// parseScanned parses line (number no) with p: its scan by s, then its
// settle; it appends the record to dst or returns the reason it gives none.
func parseScanned[S scanResult](s lineScanner[S], p scanParser[S], line []byte, no int64, dst []Record) ([]Record, reason) {
	dst = append(dst, Record{Line: no})
	rec := &dst[len(dst)-1]
	sc := s.scan(line, rec)
	if r := p.settle(line, sc, rec); r != reasonNone {
		*rec = Record{}
		return dst[:len(dst)-1], r
	}
	return dst, reasonNone
}

// scanRun parses runs of lines of a scanParser on several cores. The run
// is cut into pieces at newlines; the parser parses the first while the
// other pieces are scanned by whichever worker is free (the parser too,
// once done); then the parser settles the scans of the other pieces in
// order, which is exactly what parsing them would have done.
type scanRun[S scanResult] struct {
	p          scanParser[S]
	newScanner func() lineScanner[S]
	pieces     []scanPiece[S]
	skips      skipCounts
}

// scanPiece is a piece of a run after the first, and what scanning it gave.
type scanPiece[S scanResult] struct {
	buf     []byte
	first   int64          // number of its first line
	lines   int            // how many lines it holds: its scans, at most its records
	scanner lineScanner[S] // kept from run to run, with its caches
	scans   []lineScan[S]
	laid    // the records of its lines, but for what the settle sets
}

func scanLaid[S scanResult](pc *scanPiece[S]) *laid { return &pc.laid }

// lineScan is the scan of one line of a piece.
type lineScan[S scanResult] struct {
	sc S
	// skip is why the line is skipped before it is parsed at all (too
	// long, binary, blank): the parser's state does not see it.
	skip reason
	// from and to delimit the line (NUL padding trimmed) in its piece.
	from, to int
}

func newScanRun[S scanResult](p scanParser[S], newScanner func() lineScanner[S]) *scanRun[S] {
	return &scanRun[S]{p: p, newScanner: newScanner}
}

// newHFParallel parses HuggingFace console output on several cores.
func newHFParallel(p *hfParser) *scanRun[hfScan] {
	return newScanRun(p, func() lineScanner[hfScan] { return &hfScanner{} })
}

// newKVParallel parses text logs of named numbers on several cores.
func newKVParallel(p *kvParser) *scanRun[kvScan] {
	return newScanRun(p, func() lineScanner[kvScan] { return &kvScanner{} })
}

// newKerasParallel parses Keras' console output on several cores.
func newKerasParallel(p *kerasParser) *scanRun[kerasScan] {
	return newScanRun(p, func() lineScanner[kerasScan] { return &kerasScanner{} })
}

// maxRunBytes bounds the run of lines cut into pieces at once (a caller
// may feed a whole file): the scans of its pieces are held until settled.
const maxRunBytes = 4 << 20

// run parses buf (complete lines, ending with '\n'), whose first line is
// number first, appends the records to dst and adds the counts to st.
func (sr *scanRun[S]) run(buf []byte, first int64, dst []Record, st *Stats) []Record {
	var recs, n int64
	for len(buf) > 0 {
		run := buf
		if len(buf) > maxRunBytes {
			run = buf[:maxRunBytes+bytes.IndexByte(buf[maxRunBytes:], '\n')+1]
		}
		buf = buf[len(run):]
		workers := min(runtime.GOMAXPROCS(0), maxWorkers, len(run)/(parallelMin/2))
		if workers < 2 {
			dst, n = parseLines(sr.p, run, first, dst, &sr.skips, true)
		} else {
			dst, n = sr.split(run, first, workers, dst)
		}
		recs += n
		if len(buf) > 0 {
			first += int64(bytes.Count(run, []byte{'\n'}))
		}
	}
	st.Records += recs
	st.Lines += recs
	sr.skips.addTo(st)
	return dst
}

// split parses buf with the given number of workers and returns the
// records it appended.
func (sr *scanRun[S]) split(buf []byte, first int64, workers int, dst []Record) ([]Record, int64) {
	head, headLines, pieces := sr.cut(buf, first, workers*piecesPer)
	base := len(dst)
	var hl laid // the head's records
	room := sr.rooms(headLines, pieces, cap(dst)-base)
	off := hl.lay(dst, base, room(headLines))
	for i := range pieces {
		off = pieces[i].lay(dst, off, room(pieces[i].lines))
	}
	var next atomic.Int64 // pieces claimed in order
	work := func() {
		for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
			pc := &pieces[i]
			pc.scans, pc.recs = scanLines(pc.scanner, pc.buf, pc.first, slices.Grow(pc.scans[:0], pc.lines), pc.recs)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	var recs int64
	hl.recs, recs = parseLines(sr.p, head, first, hl.recs, &sr.skips, true)
	work()
	wg.Wait()
	dst = place(dst[:base], &hl, pieces, scanLaid)
	for i := range pieces {
		pc := &pieces[i]
		recs += sr.settleLines(pc)
		dst = place(dst, &pc.laid, pieces[i+1:], scanLaid)
		pc.recs = nil // dst's now
	}
	return dst, recs
}

// rooms returns the room to lay for a piece of n lines: one record a line
// while spare (dst's spare capacity) holds them all, else a share of spare
// as large as the piece's share of the lines, so that every piece of a log
// with few records among many lines (Keras) has some.
func (sr *scanRun[S]) rooms(headLines int, pieces []scanPiece[S], spare int) func(n int) int {
	lines := headLines
	for i := range pieces {
		lines += pieces[i].lines
	}
	return func(n int) int {
		if spare >= lines {
			return n
		}
		return n * spare / lines
	}
}

// cut cuts buf into at most k pieces of about equal length at newlines:
// the first, which the parser parses, with its number of lines, and the
// others, each with its first line's number.
func (sr *scanRun[S]) cut(buf []byte, first int64, k int) ([]byte, int, []scanPiece[S]) {
	size := len(buf) / k
	end := nextCut(buf, size, 0, k)
	head := buf[:end]
	headLines := bytes.Count(head, []byte{'\n'})
	first += int64(headLines)
	buf = buf[end:]
	pieces := sr.pieces[:0]
	for len(buf) > 0 {
		end := nextCut(buf, size, len(pieces)+1, k)
		var pc *scanPiece[S]
		pieces, pc = reuse(pieces) // its scanner and buffers kept
		if pc.scanner == nil {
			pc.scanner = sr.newScanner()
		}
		pc.buf, pc.first = buf[:end], first
		pc.lines = bytes.Count(pc.buf, []byte{'\n'})
		first += int64(pc.lines)
		buf = buf[end:]
	}
	sr.pieces = pieces
	return head, headLines, pieces
}

// scanLines scans every line of buf, the first of which is number no,
// with s: it appends their scans to scans and the records they give, but
// for what the settle sets, to recs.
func scanLines[S scanResult](s lineScanner[S], buf []byte, no int64, scans []lineScan[S], recs []Record) ([]lineScan[S], []Record) {
	for at := 0; at < len(buf); no++ {
		i := bytes.IndexByte(buf[at:], '\n')
		if i < 0 {
			i = len(buf) - at
		}
		line, r := screen(buf[at:at+i], true)
		ls := lineScan[S]{skip: r}
		if r == reasonNone {
			recs = append(recs, Record{Line: no})
			ls.sc = s.scan(line, &recs[len(recs)-1])
			if !ls.sc.gives() {
				recs[len(recs)-1] = Record{}
				recs = recs[:len(recs)-1]
			}
			from := at + cap(buf[at:]) - cap(line) // NUL padding trimmed
			ls.from, ls.to = from, from+len(line)
		}
		scans = append(scans, ls)
		at += i + 1
	}
	return scans, recs
}

// settleLines settles the scans of the lines of a piece in order,
// completing its records, and returns how many there are.
func (sr *scanRun[S]) settleLines(pc *scanPiece[S]) int64 {
	var k int
	var scratch Record
	for i := range pc.scans {
		ls := &pc.scans[i]
		r := ls.skip
		if r == reasonNone {
			rec := &scratch
			if ls.sc.gives() {
				rec = &pc.recs[k]
				k++
			}
			r = sr.p.settle(pc.buf[ls.from:ls.to], ls.sc, rec)
		}
		if r != reasonNone {
			sr.skips[r]++
		}
	}
	return int64(k)
}
