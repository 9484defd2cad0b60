package decode

import (
	"bytes"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// hfParallel parses runs of HuggingFace console lines on several cores.
// A fork cannot parse a piece of a run from the state at its start, as
// JSON lines' and CSV's can (see parallel): every training dict moves the
// state (its ordinal, the latest step, the bar it pairs with). But what
// costs — finding a line's dict and reading its numbers — does not depend
// on that state (see hfScan). So the run is cut into pieces at newlines;
// the parser parses the first while the other pieces are scanned by
// whichever worker is free (the parser too, once done); then the parser
// settles the scans of the other pieces in order, which is exactly what
// parsing them would have done.
type hfParallel struct {
	p      *hfParser
	pieces []hfPiece
	skips  skipCounts
}

// hfPiece is a piece of a run after the first, and what scanning it gave.
type hfPiece struct {
	buf     []byte
	first   int64     // number of its first line
	lines   int       // how many lines it holds: its scans, at most its records
	scanner hfScanner // kept from run to run, with its caches
	scans   []hfScan
	recs    []Record // the records of its lines, but for their steps
}

func newHFParallel(p *hfParser) *hfParallel { return &hfParallel{p: p} }

// maxRunBytes bounds the run of lines cut into pieces at once (a caller
// may feed a whole file): the scans of its pieces are held until settled.
const maxRunBytes = 4 << 20

// run parses buf (complete lines, ending with '\n'), whose first line is
// number first, appends the records to dst and adds the counts to st.
func (hp *hfParallel) run(buf []byte, first int64, dst []Record, st *Stats) []Record {
	var recs, n int64
	for len(buf) > 0 {
		run := buf
		if len(buf) > maxRunBytes {
			run = buf[:maxRunBytes+bytes.IndexByte(buf[maxRunBytes:], '\n')+1]
		}
		buf = buf[len(run):]
		workers := min(runtime.GOMAXPROCS(0), maxWorkers, len(run)/(parallelMin/2))
		if workers < 2 {
			dst, n = parseLines(hp.p, run, first, dst, &hp.skips, true)
		} else {
			dst, n = hp.split(run, first, workers, dst)
		}
		recs += n
		if len(buf) > 0 {
			first += int64(bytes.Count(run, []byte{'\n'}))
		}
	}
	st.Records += recs
	st.Lines += recs
	hp.skips.addTo(st)
	return dst
}

// split parses buf with the given number of workers and returns the
// records it appended.
func (hp *hfParallel) split(buf []byte, first int64, workers int, dst []Record) ([]Record, int64) {
	head, pieces := hp.cut(buf, first, workers*piecesPer)
	var next atomic.Int64 // pieces claimed in order
	work := func() {
		for i := int(next.Add(1) - 1); i < len(pieces); i = int(next.Add(1) - 1) {
			pc := &pieces[i]
			scans, recs := slices.Grow(pc.scans[:0], pc.lines), slices.Grow(pc.recs[:0], pc.lines)
			pc.scans, pc.recs = pc.scanner.scanLines(pc.buf, pc.first, scans, recs)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	dst, recs := parseLines(hp.p, head, first, dst, &hp.skips, true)
	work()
	wg.Wait()
	for i := range pieces {
		pc := &pieces[i]
		recs += hp.settleLines(pc)
		dst = append(dst, pc.recs...)
		clear(pc.recs) // drop references to metric arenas
	}
	return dst, recs
}

// cut cuts buf into at most k pieces of about equal length at newlines:
// the first, which the parser parses, and the others, each with its first
// line's number.
func (hp *hfParallel) cut(buf []byte, first int64, k int) ([]byte, []hfPiece) {
	size := len(buf) / k
	end := nextCut(buf, size, 0, k)
	head := buf[:end]
	first += int64(bytes.Count(head, []byte{'\n'}))
	buf = buf[end:]
	pieces := hp.pieces[:0]
	for len(buf) > 0 {
		end := nextCut(buf, size, len(pieces)+1, k)
		var pc *hfPiece
		pieces, pc = reuse(pieces) // its scanner and buffers kept
		pc.buf, pc.first = buf[:end], first
		pc.lines = bytes.Count(pc.buf, []byte{'\n'})
		first += int64(pc.lines)
		buf = buf[end:]
	}
	hp.pieces = pieces
	return head, pieces
}

// scanLines scans every line of buf, the first of which is number no: it
// appends their scans to scans and the records they give, but for their
// steps, to recs.
func (s *hfScanner) scanLines(buf []byte, no int64, scans []hfScan, recs []Record) ([]hfScan, []Record) {
	for at := 0; at < len(buf); no++ {
		i := bytes.IndexByte(buf[at:], '\n')
		if i < 0 {
			i = len(buf) - at
		}
		line, r := screen(buf[at:at+i], true)
		sc := hfScan{skip: r}
		if r == reasonNone {
			recs = append(recs, Record{Line: no})
			sc = s.scan(line, &recs[len(recs)-1])
			if !sc.record {
				recs[len(recs)-1] = Record{}
				recs = recs[:len(recs)-1]
			}
			from := at + cap(buf[at:]) - cap(line) // NUL padding trimmed
			sc.from, sc.to = from, from+len(line)
		}
		scans = append(scans, sc)
		at += i + 1
	}
	return scans, recs
}

// settleLines settles the scans of the lines of a piece in order, giving
// its records their steps, and returns how many there are.
func (hp *hfParallel) settleLines(pc *hfPiece) int64 {
	var k int
	var scratch Record
	for i := range pc.scans {
		sc := &pc.scans[i]
		r := sc.skip
		if r == reasonNone {
			rec := &scratch
			if sc.record {
				rec = &pc.recs[k]
				k++
			}
			r = hp.p.settle(pc.buf[sc.from:sc.to], sc, rec)
		}
		if r != reasonNone {
			hp.skips[r]++
		}
	}
	return int64(k)
}
