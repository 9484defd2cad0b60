package decode

import (
	"bytes"
	"runtime"
	"sync"
)

// hfParallel parses runs of HuggingFace console lines on two cores. A
// fork cannot parse the second half of a run from the state at the cut,
// as JSON lines' and CSV's can (see parallel): every training dict moves
// the state (its ordinal, the latest step, the bar it pairs with). But
// what costs — finding a line's dict and reading its numbers — does not
// depend on that state (see hfScan). So the run is cut in two at a
// newline; a second goroutine scans the second half while the parser
// parses the first; then the parser settles the second half's scans in
// order, which is exactly what parsing them would have done.
type hfParallel struct {
	p       *hfParser
	scanner hfScanner // the second goroutine's
	scans   []hfScan
	recs    []Record // the records of the second half, in order
	skips   skipCounts
}

func newHFParallel(p *hfParser) *hfParallel { return &hfParallel{p: p} }

// settleShare is the part of a run past which it is cut: the parser,
// which also settles the second half, takes a little less than half of
// the scanning.
const settleShare = 0.46

// maxRunBytes bounds the run of lines split in two at once (a caller may
// feed a whole file): its second half's scans are held until settled.
const maxRunBytes = 4 << 20

// run parses buf (complete lines, ending with '\n'), whose first line is
// number first, appends the records to dst and adds the counts to st.
func (hp *hfParallel) run(buf []byte, first int64, dst []Record, st *Stats) []Record {
	var recs, n int64
	for len(buf) > 0 {
		piece := buf
		if len(buf) > maxRunBytes { // the scans of a piece are held: bound them
			piece = buf[:maxRunBytes+bytes.IndexByte(buf[maxRunBytes:], '\n')+1]
		}
		buf = buf[len(piece):]
		if len(piece) < parallelMin || runtime.GOMAXPROCS(0) < 2 {
			dst, n = parseLines(hp.p, piece, first, dst, &hp.skips, true)
		} else {
			dst, n = hp.split(piece, first, dst)
		}
		recs += n
		if len(buf) > 0 {
			first += int64(bytes.Count(piece, []byte{'\n'}))
		}
	}
	st.Records += recs
	st.Lines += recs
	hp.skips.addTo(st)
	return dst
}

// split parses buf on two cores and returns the records it appended.
func (hp *hfParallel) split(buf []byte, first int64, dst []Record) ([]Record, int64) {
	mid := int(float64(len(buf)) * settleShare)
	cut := mid + bytes.IndexByte(buf[mid:], '\n') + 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		no := first + int64(bytes.Count(buf[:cut], []byte{'\n'}))
		hp.scans, hp.recs = hp.scanner.scanLines(buf[cut:], no, hp.scans[:0], hp.recs[:0])
	}()
	dst, recs := parseLines(hp.p, buf[:cut], first, dst, &hp.skips, true)
	wg.Wait()
	more := hp.settleLines(buf[cut:])
	dst = append(dst, hp.recs...)
	clear(hp.recs) // drop references to metric arenas
	return dst, recs + more
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

// settleLines settles the scans of the lines of buf in order, giving
// their records (hp.recs) their steps, and returns how many there are.
func (hp *hfParallel) settleLines(buf []byte) int64 {
	var k int
	var scratch Record
	for i := range hp.scans {
		sc := &hp.scans[i]
		r := sc.skip
		if r == reasonNone {
			rec := &scratch
			if sc.record {
				rec = &hp.recs[k]
				k++
			}
			r = hp.p.settle(buf[sc.from:sc.to], sc, rec)
		}
		if r != reasonNone {
			hp.skips[r]++
		}
	}
	return int64(k)
}
