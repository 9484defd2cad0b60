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
		first += int64(bytes.Count(piece, []byte{'\n'}))
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
		hp.scans = hp.scanner.scanLines(buf[cut:], hp.scans[:0])
	}()
	dst, recs := parseLines(hp.p, buf[:cut], first, dst, &hp.skips, true)
	wg.Wait()
	no := first + int64(bytes.Count(buf[:cut], []byte{'\n'}))
	dst, more := hp.settleLines(buf[cut:], no, dst)
	clear(hp.scans) // drop references to metric arenas
	return dst, recs + more
}

// scanLines appends the scan of every line of buf to scans.
func (s *hfScanner) scanLines(buf []byte, scans []hfScan) []hfScan {
	for at := 0; at < len(buf); {
		i := bytes.IndexByte(buf[at:], '\n')
		if i < 0 {
			i = len(buf) - at
		}
		line, r := screen(buf[at:at+i], true)
		var sc hfScan
		if r == reasonNone {
			sc = s.scan(line)
			from := at + cap(buf[at:]) - cap(line) // NUL padding trimmed
			sc.from, sc.to = from, from+len(line)
		}
		sc.skip = r
		scans = append(scans, sc)
		at += i + 1
	}
	return scans
}

// settleLines settles the scans of the lines of buf, the first of which
// is number no, and returns the records it appended to dst.
func (hp *hfParallel) settleLines(buf []byte, no int64, dst []Record) ([]Record, int64) {
	var recs int64
	for i := range hp.scans {
		sc := &hp.scans[i]
		r := sc.skip
		if r == reasonNone {
			dst, r = hp.p.settle(buf[sc.from:sc.to], sc, no, dst)
		}
		if r == reasonNone {
			recs++
		} else {
			hp.skips[r]++
		}
		no++
	}
	return dst, recs
}
