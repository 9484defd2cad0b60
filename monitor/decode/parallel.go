package decode

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelMin is the smallest run of lines worth splitting between two
// cores; below it, starting a goroutine costs more than it saves.
const parallelMin = 128 << 10

// maxWorkers bounds the goroutines that parse one run of lines; piecesPer
// is how many pieces each is given on average, so that a worker slowed
// down (the detector shares the cores) leaves the others more to take
// rather than making them wait for it at the end of the run. A worker
// started while the detector holds the other core starts late; with two
// pieces each, the one that was on time then waited for it (check used
// 1.65 of two cores on JSON lines; 1.75 with eight). Pieces cost little
// more than cutting them: their records are laid in place (see laid).
const (
	maxWorkers = 8
	piecesPer  = 8
)

// parallel parses runs of lines on several cores: the run is cut into
// pieces at newlines, the first parsed by the parser, the others by forks
// of it (see splitParser) that start from its state before the run, taken
// by whichever worker is free; the records are joined in log order.
type parallel struct {
	main    splitParser
	newFork func() splitParser
	// checks makes the workers skip lines with NUL bytes (as binary,
	// unless they only pad them) and lines of white space as the
	// sequential path does (see screen); JSON lines leave both to the
	// parser.
	checks bool
	pieces []piece
}

// piece is one piece of a run and what parsing it gave.
type piece struct {
	buf   []byte
	first int64 // number of its first line
	lines int64 // in buf
	fork  splitParser
	laid        // its records
	n     int64 // records
	skips skipCounts
}

func newParallel(main splitParser, newFork func() splitParser, checks bool) *parallel {
	return &parallel{main: main, newFork: newFork, checks: checks}
}

// run parses buf (complete lines, ending with '\n'), whose first line is
// number first, appends the records to dst and adds the counts to st.
func (pp *parallel) run(buf []byte, first int64, dst []Record, st *Stats) []Record {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, len(buf)/(parallelMin/2))
	if workers < 2 {
		var sk skipCounts
		dst, n := parseLines(pp.main, buf, first, dst, &sk, pp.checks)
		pp.count(st, n, &sk)
		return dst
	}
	pieces := pp.cut(buf, first, workers*piecesPer)
	base := len(dst)
	pp.lay(pieces, dst)
	at := pp.main.state()
	for i := 1; i < len(pieces); i++ {
		pp.main.fork(pieces[i].fork)
	}
	var next atomic.Int64 // pieces after the first, claimed in order
	next.Store(1)
	work := func() {
		for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
			pc := &pieces[i]
			pc.recs, pc.n = parseLines(pc.fork, pc.buf, pc.first, pc.recs, &pc.skips, pp.checks)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	p0 := &pieces[0]
	p0.recs, p0.n = parseLines(pp.main, p0.buf, p0.first, p0.recs, &p0.skips, pp.checks)
	work()
	wg.Wait()
	dst = pp.join(pieces, at, dst[:base])
	for i := range pieces {
		pp.count(st, pieces[i].n, &pieces[i].skips)
		pieces[i].recs = nil // dst's now
	}
	return dst
}

// lay lays each piece's records in dst's spare capacity (see laid).
func (pp *parallel) lay(pieces []piece, dst []Record) {
	off := len(dst)
	for i := range pieces {
		off = pieces[i].lay(dst, off, int(pieces[i].lines))
	}
}

// cut cuts buf into at most k pieces of about equal length at newlines,
// each with its first line's number and a fork to parse it (kept from run
// to run, with its buffers).
func (pp *parallel) cut(buf []byte, first int64, k int) []piece {
	pieces := pp.pieces[:0]
	size := len(buf) / k
	for len(buf) > 0 {
		end := nextCut(buf, size, len(pieces), k)
		var pc *piece
		pieces, pc = reuse(pieces)
		if pc.fork == nil { // not made in an earlier run
			pc.fork = pp.newFork()
		}
		pc.buf, pc.first, pc.n, pc.skips = buf[:end], first, 0, skipCounts{}
		pc.lines = int64(bytes.Count(pc.buf, []byte{'\n'}))
		first += pc.lines
		buf = buf[end:]
	}
	pp.pieces = pieces
	return pieces
}

// nextCut returns where the next piece of buf ends when a run is cut into
// k pieces of about size bytes, n of them cut before: after the first
// newline past size, or at the end of buf for the last piece.
func nextCut(buf []byte, size, n, k int) int {
	if n < k-1 && size < len(buf) {
		if nl := bytes.IndexByte(buf[size:], '\n'); nl >= 0 {
			return size + nl + 1
		}
	}
	return len(buf)
}

// reuse extends s by one element, the one an earlier run left in its array
// when there is room (with the buffers it holds), and returns it.
func reuse[T any](s []T) ([]T, *T) {
	if len(s) < cap(s) {
		s = s[:len(s)+1]
	} else {
		s = append(s, *new(T))
	}
	return s, &s[len(s)-1]
}

// join appends the records of the pieces to dst, in order, where lay
// left them when they are in place. A fork's records stand only if every
// piece before it left the state as it was before the run (a CSV header
// row changes what the rows after it mean): from the first piece after one
// that changed it, the pieces are parsed again, in order, by the parser.
// The parser then goes on from the state the last piece left.
func (pp *parallel) join(pieces []piece, at any, dst []Record) []Record {
	for i := range pieces {
		if i > 0 {
			prev := pp.main
			if i > 1 {
				prev = pieces[i-1].fork
			}
			if prev.state() != at {
				if prev != pp.main {
					prev.fork(pp.main)
				}
				for j := i; j < len(pieces); j++ {
					pc := &pieces[j]
					pc.skips = skipCounts{}
					dst, pc.n = parseLines(pp.main, pc.buf, pc.first, dst, &pc.skips, pp.checks)
				}
				return dst
			}
		}
		dst = place(dst, &pieces[i].laid, pieces[i+1:], pieceLaid)
	}
	if len(pieces) > 1 {
		pieces[len(pieces)-1].fork.fork(pp.main) // the log goes on from the end of the last piece
	}
	return dst
}

func pieceLaid(pc *piece) *laid { return &pc.laid }

// count adds a piece's records and skips to st.
func (pp *parallel) count(st *Stats, recs int64, skips *skipCounts) {
	st.Records += recs
	st.Lines += recs
	skips.addTo(st)
}

// parseLines parses every line of buf with p, counting records and skips
// (with checks, lines that screen finds binary or blank are counted so
// before p sees them).
func parseLines(p lineParser, buf []byte, no int64, dst []Record, skips *skipCounts, checks bool) ([]Record, int64) {
	var recs int64
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			i = len(buf)
		}
		line := buf[:i]
		if i < len(buf) {
			buf = buf[i+1:]
		} else {
			buf = nil
		}
		line, r := screen(line, checks)
		if r == reasonNone {
			dst, r = p.parse(line, no, dst)
		}
		if r == reasonNone {
			recs++
		} else {
			skips[r]++
		}
		no++
	}
	return dst, recs
}

// screen returns the line a parser is to see, or why the line is skipped
// before any parser sees it: as lineDecoder.line does, with checks, a line
// with NUL bytes is binary unless they only pad it, and a line of white
// space is blank; JSON lines leave both to the parser.
func screen(line []byte, checks bool) ([]byte, reason) {
	switch {
	case len(line) > maxLineBytes:
		return line, reasonTooLong
	case !checks:
		if blank(line) {
			return line, reasonBlank
		}
		return line, reasonNone
	case bytes.IndexByte(line, 0) >= 0:
		if line = trimNULPadding(line); line == nil {
			return line, reasonBinary
		}
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return line, reasonBlank
	}
	return line, reasonNone
}

// blank reports whether line holds only white space.
func blank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}
