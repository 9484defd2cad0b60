package decode

import (
	"bytes"
	"runtime"
	"sync"
)

// parallelMin is the smallest run of lines worth splitting between two
// cores; below it, starting a goroutine costs more than it saves.
const parallelMin = 128 << 10

// parallel parses runs of lines on two cores: the run is cut in two at a
// newline, each half is parsed by its own parser (the second by a fork of
// the first, see splitParser), and the records are joined in log order.
type parallel struct {
	main, helper splitParser
	// checks makes the workers skip lines with a NUL byte (as binary) and
	// lines of white space as the sequential path does; JSON lines leave
	// both to the parser.
	checks bool
	spare  []Record
	skips  [2]skipCounts
}

func newParallel(main, helper splitParser, checks bool) *parallel {
	return &parallel{main: main, helper: helper, checks: checks}
}

// run parses buf (complete lines, ending with '\n'), whose first line is
// number first, appends the records to dst and adds the counts to st.
func (pp *parallel) run(buf []byte, first int64, dst []Record, st *Stats) []Record {
	if len(buf) < parallelMin || runtime.GOMAXPROCS(0) < 2 {
		var recs int64
		dst, recs = parseLines(pp.main, buf, first, dst, &pp.skips[0], pp.checks)
		st.Records += recs
		st.Lines += recs
		pp.skips[0].addTo(st)
		return dst
	}
	mid := len(buf) / 2
	cut := mid + bytes.IndexByte(buf[mid:], '\n') + 1
	secondFirst := first + int64(bytes.Count(buf[:cut], []byte{'\n'}))
	var wg sync.WaitGroup
	var helperRecs int64
	at := pp.main.state()
	pp.main.fork(pp.helper)
	wg.Add(1)
	go func() {
		defer wg.Done()
		pp.spare, helperRecs = parseLines(pp.helper, buf[cut:], secondFirst, pp.spare[:0], &pp.skips[1], pp.checks)
	}()
	dst, mainRecs := parseLines(pp.main, buf[:cut], first, dst, &pp.skips[0], pp.checks)
	wg.Wait()
	if pp.main.state() == at {
		dst = append(dst, pp.spare...)
		pp.helper.fork(pp.main) // the log goes on from the end of the second half
	} else { // the first half changed what the second means (a CSV header): again, in order
		pp.skips[1] = skipCounts{}
		dst, helperRecs = parseLines(pp.main, buf[cut:], secondFirst, dst, &pp.skips[1], pp.checks)
	}
	clear(pp.spare) // drop references to metric arenas
	st.Records += mainRecs + helperRecs
	st.Lines += mainRecs + helperRecs
	pp.skips[0].addTo(st)
	pp.skips[1].addTo(st)
	return dst
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
