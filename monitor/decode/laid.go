package decode

import "slices"

// laid is where the records of one piece of a parallel run go: a part of
// the spare capacity of the slice the run appends to, where they will
// stand if each of the piece's lines makes one record, as lines do unless
// skipped. Then joining the pieces copies nothing: the copy was a tenth of
// check's CPU on short CSV rows, made on one core while the others
// waited. The part is capped at its length, so that a piece with more
// records than lines appends elsewhere rather than over the next piece's.
type laid struct {
	recs     []Record
	at, room int // recs start at dst[at], room records long, when in place
}

// lay lays the next piece's records at dst[off:], room for n, and returns
// where the piece after it starts.
func (l *laid) lay(dst []Record, off, n int) int {
	end := min(off+n, cap(dst))
	l.recs, l.at, l.room = dst[off:off:end], off, end-off
	return end
}

// inArray reports whether the records still stand where they were laid in
// dst's array (they do unless an append outgrew the room).
func (l *laid) inArray(dst []Record) bool {
	return len(l.recs) > 0 && len(l.recs) <= l.room && l.at < cap(dst) && &dst[:cap(dst)][l.at] == &l.recs[0]
}

// place appends the records of l to dst: by extending dst when they stand
// right after it, else by a copy, which moves them down over the room that
// skipped lines left. Records that outgrew their room are elsewhere:
// copying them could overwrite those of the later pieces (laidOf gives
// where those were laid), so those are moved out first.
func place[T any](dst []Record, l *laid, later []T, laidOf func(*T) *laid) []Record {
	switch {
	case len(l.recs) == 0:
		return dst
	case l.inArray(dst) && l.at == len(dst):
		return dst[:len(dst)+len(l.recs)]
	case !l.inArray(dst):
		end := len(dst) + len(l.recs)
		for j := range later {
			if o := laidOf(&later[j]); o.inArray(dst) && o.at < end {
				o.recs = slices.Clone(o.recs)
			}
		}
	}
	return append(dst, l.recs...)
}
