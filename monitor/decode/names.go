package decode

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"
)

// maxNames bounds the names a parser remembers, so that a log of garbage
// with a new key on every line cannot grow memory without end.
const maxNames = 4096

// nameTable interns metric names: the log repeats the same few names on
// every line, in the same order, so the name after the last one looked up
// is tried first (a comparison of a few bytes), then the map.
type nameTable struct {
	m    map[string]int // raw name -> index in seen
	seen []seenName
	next int // index in seen of the name expected next
	// prefix is put before every name that does not already say it is an
	// evaluation's: "val_" for the event file of Keras' validation folder,
	// whose "epoch_loss" is the validation loss.
	prefix string
}

// seenName is a name as the log writes it and what the table knows of it.
type seenName struct {
	raw string
	f   namedField
}

// namedField is what a nameTable knows of a name.
type namedField struct {
	name string
	role fieldRole
}

// get returns the sanitised, interned name for the bytes b.
func (t *nameTable) get(b []byte) string { return t.lookup(b).name }

// lookup returns the sanitised, interned name for the bytes b and its role.
func (t *nameTable) lookup(b []byte) namedField {
	if t.next < len(t.seen) && t.seen[t.next].raw == bstr(b) {
		f := t.seen[t.next].f
		t.next = (t.next + 1) % len(t.seen)
		return f
	}
	i, ok := t.m[string(b)] // no allocation for the lookup
	if !ok {
		name := string(b)
		if t.prefix != "" && !evalNamed(name) {
			name = t.prefix + name
		}
		f := namedField{name: Sanitize(name), role: roleOf([]byte(name))}
		if len(t.seen) >= maxNames {
			return f
		}
		if t.m == nil {
			t.m = make(map[string]int)
		}
		i = len(t.seen)
		t.seen = append(t.seen, seenName{raw: string(b), f: f})
		t.m[t.seen[i].raw] = i
	}
	t.next = (i + 1) % len(t.seen)
	return t.seen[i].f
}

// evalNamed reports whether a name already says it is an evaluation's.
func evalNamed(name string) bool {
	low := strings.ToLower(name)
	for _, p := range [...]string{"val", "eval", "test"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// evalFolderPrefix returns the prefix of the metric names of a log that an
// evaluation's folder holds ("logs/fit/x/validation/events.out.tfevents…",
// as Keras' TensorBoard callback writes beside train/): "val_", else "".
func evalFolderPrefix(path string) string {
	switch strings.ToLower(filepath.Base(filepath.Dir(path))) {
	case "validation", "val", "valid", "eval", "evaluation":
		return "val_"
	}
	return ""
}

// bstr views b as a string without copying; the string must not outlive b
// nor be kept.
func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseNumber parses a whole field as a number: decimal, exponent, nan,
// inf, infinity (any case, optional sign), surrounding spaces and quotes
// allowed. It rounds exactly (strconv), so values print as the log wrote
// them.
func parseNumber(b []byte) (float64, bool) {
	b = trimSpace(b)
	if len(b) >= 2 && (b[0] == '"' || b[0] == '\'') && b[len(b)-1] == b[0] {
		b = bytes.TrimSpace(b[1 : len(b)-1])
	}
	if len(b) == 0 {
		return 0, false
	}
	if c := b[0]; c != '-' && c != '+' && c != '.' && (c < '0' || c > '9') && c|0x20 != 'n' && c|0x20 != 'i' {
		return 0, false
	}
	if f, ok := exactFloat(b); ok {
		return f, true
	}
	f, err := strconv.ParseFloat(bstr(b), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		if len(b) > 1 && b[len(b)-1] == '.' { // "5." as Python may print
			return parseNumber(b[:len(b)-1])
		}
		return 0, false
	}
	return f, true
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// exactFloat is the fast path for the numbers logs are full of ("0.6963",
// "1e-05", "1500", "0.6931471805599453"): a plain decimal of up to 19
// significant digits is read in one pass and rounded exactly, the same as
// strconv.ParseFloat (see decimalValue). Anything else reports false and is
// left to strconv.
func exactFloat(b []byte) (float64, bool) {
	f, end, ok := decimalPrefix(b, 0)
	return f, ok && end == len(b)
}

// decimalPrefix parses the plain decimal number that starts at b[i:] (the
// fast path of exactFloat) and returns the index after it; the caller
// decides what may follow.
func decimalPrefix(b []byte, i int) (float64, int, bool) {
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg, i = b[i] == '-', i+1
	}
	var mant uint64
	digits := i
	for i < len(b) && b[i] == '0' { // leading zeros are not significant
		i++
	}
	nonzero := i
	mant, i = readDigits(b, i, mant)
	sig, frac, seen := i-nonzero, 0, i > digits
	if i < len(b) && b[i] == '.' {
		i++
		point := i
		if mant == 0 {
			for i < len(b) && b[i] == '0' {
				i++
			}
		}
		from := i
		mant, i = readDigits(b, i, mant)
		sig, frac, seen = sig+i-from, i-point, seen || i > point
	}
	if !seen || sig > 19 { // 10^19 < 2^64; beyond, mant has wrapped: leave it to strconv
		return 0, i, false
	}
	exp := 0
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg, i = b[i] == '-', i+1
		}
		start := i
		for ; i < len(b) && b[i]-'0' <= 9; i++ {
			if exp > 100 {
				return 0, i, false
			}
			exp = exp*10 + int(b[i]-'0')
		}
		if i == start {
			return 0, i, false
		}
		if eneg {
			exp = -exp
		}
	}
	f, ok := decimalValue(mant, sig, exp-frac, neg)
	return f, i, ok
}

// decimalValue returns mant * 10^exp correctly rounded, mant holding all
// sig significant digits: by one exact operation when the digits fit in
// 2^53 and the power of ten is exact (Clinger's fast path), else by
// Eisel-Lemire. false leaves the rare undecided case to strconv.
func decimalValue(mant uint64, sig, exp int, neg bool) (float64, bool) {
	if sig > 15 || exp < -22 || exp > 22 { // 10^15 < 2^53
		return eiselLemire(mant, exp, neg)
	}
	f := float64(mant)
	if exp > 0 {
		f *= pow10[exp]
	} else if exp < 0 {
		f /= pow10[-exp]
	}
	if neg {
		f = -f
	}
	return f, true
}

// leadingNumber parses the number at the start of b ("12.34ms", "3.2%",
// "485.20/513") and returns the rest of b after it.
func leadingNumber(b []byte) (float64, []byte, bool) {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	if w := wordNonFinite(b[i:]); w > 0 {
		f, ok := parseNumber(b[:i+w])
		return f, b[i+w:], ok
	}
	digits := 0
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
		case (c == 'e' || c == 'E') && digits > 0 && i+1 < len(b) && (isDigit(b[i+1]) || ((b[i+1] == '-' || b[i+1] == '+') && i+2 < len(b) && isDigit(b[i+2]))):
			i++
		default:
			goto done
		}
	}
done:
	if digits == 0 {
		return 0, b, false
	}
	f, ok := parseNumber(b[:i])
	return f, b[i:], ok
}

// wordNonFinite returns the length of "nan", "inf" or "infinity" at the
// start of b when it is followed by a non-letter, else 0.
func wordNonFinite(b []byte) int {
	for _, w := range [...]string{"infinity", "nan", "inf"} {
		if len(b) >= len(w) && bytes.EqualFold(b[:len(w)], []byte(w)) && (len(b) == len(w) || !isLetter(b[len(w)])) {
			return len(w)
		}
	}
	return 0
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isNameByte reports whether c may be part of a metric name in a text log.
func isNameByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '/' || c == '.' || c == '-' || c == '@' || c >= 0x80
}

// finite reports whether f is an ordinary number.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// trimLine removes the line ending (any number of \r) and trailing blanks.
func trimLine(b []byte) []byte {
	return trimRightBlanks(b)
}

// stripANSI removes terminal escape sequences (CSI such as colours, and OSC
// such as hyperlinks) from b, writing into dst[:0]. The text between them
// is copied a run at a time: a coloured progress bar has long runs.
func stripANSI(dst, b []byte) []byte {
	dst = dst[:0]
	for {
		i := bytes.IndexByte(b, 0x1b)
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i+escapeLen(b[i:]):]
	}
}

// escapeLen returns the length of the escape sequence at the start of b
// (b[0] is ESC), cut short by the end of b.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return len(b)
	}
	j := 2
	switch b[1] {
	case '[': // CSI: parameters, then a final byte in @..~
		for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
			j++
		}
	case ']': // OSC: up to BEL or ESC \
		for j < len(b) && b[j] != 0x07 && !(b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\') {
			j++
		}
		if j < len(b) && b[j] == 0x1b {
			j++
		}
	default: // ESC and one byte
		return 2
	}
	return min(j+1, len(b))
}

// lastPiece returns what a terminal shows of a line rewritten with \r: the
// text after the last \r that satisfies keep, or after the last \r at all.
func lastPiece(line []byte, keep func([]byte) bool) []byte {
	if bytes.IndexByte(line, '\r') < 0 {
		return line
	}
	rest := line
	var fallback []byte
	for len(rest) > 0 {
		i := bytes.LastIndexByte(rest, '\r')
		piece := rest[i+1:]
		if fallback == nil && len(bytes.TrimSpace(piece)) > 0 {
			fallback = piece
		}
		if keep != nil && keep(piece) {
			return piece
		}
		if i < 0 {
			break
		}
		rest = rest[:i]
	}
	if fallback == nil {
		return nil
	}
	return fallback
}
