package decode

// Input that is not text. Random bytes split at their newlines give lines
// that, now and then, look like a CSV header and a row under it, or a
// progress bar: given enough of them (hundreds of megabytes) the recogniser
// would settle on a format and invent metric names. A log whose first lines
// are mostly binary — NUL or other control bytes no log writes — is taken
// for what it is: every line is skipped as binary.

const (
	// binaryGiveUp is how many binary lines, while the format is unknown,
	// make the decoder give up on the input ...
	binaryGiveUp = 16
	// ... when they are at least this share of the non-blank lines (in
	// quarters).
	binaryQuarters = 3
)

// binaryLine reports whether line holds a byte no text log writes: NUL, or
// a control character other than tab, backspace, vertical tab, form feed,
// carriage return and escape (terminal output carries those).
func binaryLine(line []byte) bool {
	for _, c := range line {
		if c < 0x20 && c != '\t' && c != '\b' && c != '\v' && c != '\f' && c != '\r' && c != 0x1b || c == 0x7f {
			return true
		}
	}
	return false
}

// binaryParser is the parser of input given up on as binary: every line
// is skipped.
type binaryParser struct{}

func (binaryParser) parse(_ []byte, _ int64, dst []Record) ([]Record, reason) {
	return dst, reasonBinary
}

func (binaryParser) reset() {}

// noteBinary counts a non-blank line seen while the format is unknown, and
// gives up on the input when binary lines dominate; it reports whether it
// did. The lines held as hints are then skipped.
func (d *lineDecoder) noteBinary(binary bool) bool {
	s := &d.sniff
	s.lines++
	if !binary {
		return false
	}
	s.binary++
	if s.binary < binaryGiveUp || 4*s.binary < binaryQuarters*s.lines {
		return false
	}
	for range s.held {
		d.count(reasonNoMetric)
	}
	d.sniff = sniffer{}
	d.parser = binaryParser{}
	return true
}

// isBinaryParser reports whether d gave up on its input as binary.
func (d *lineDecoder) isBinaryParser() bool {
	_, ok := d.parser.(binaryParser)
	return ok
}
