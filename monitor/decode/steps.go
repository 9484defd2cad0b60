package decode

import (
	"bytes"
	"math"
	"strconv"
)

// exactRange is 2^53: float64 holds every integer below it exactly, and
// not every one above (2^53+1 reads as 2^53).
const exactRange = 1 << 53

// StepInt returns the step as an integer, exact beyond 2^53 too when the
// log wrote an integer there; ok is false when the step is not a whole
// number (an epoch of 2.5) or not finite.
func (r Record) StepInt() (step int64, ok bool) {
	if r.StepExact != 0 && float64(r.StepExact) == r.Step {
		return r.StepExact, true
	}
	if r.Step != math.Trunc(r.Step) || math.Abs(r.Step) >= 1<<63 {
		return 0, false
	}
	return int64(r.Step), true
}

// beyondExact reports whether f is a number float64 may have rounded from
// the integer the log wrote.
func beyondExact(f float64) bool { return f >= exactRange || f <= -exactRange }

// exactStep returns the integer written in num when its value f is beyond
// 2^53 (what Record.StepExact keeps), else 0.
func exactStep(num []byte, f float64) int64 {
	if !beyondExact(f) {
		return 0
	}
	num = bytes.Trim(bytes.TrimSpace(num), `"'`)
	n, err := strconv.ParseInt(bstr(num), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// exactInt returns n when float64 cannot hold it exactly, else 0.
func exactInt(n int64) int64 {
	if beyondExact(float64(n)) {
		return n
	}
	return 0
}

// numberAfter returns the integer written after key in t (after its
// separator: ": ", "=", " ", "[") whose value is f. Only steps beyond 2^53
// need the text again, so the pairs of a line do not carry it.
func numberAfter(t, key []byte, f float64) []byte {
	for i := bytes.Index(t, key); i >= 0; {
		rest := bytes.TrimLeft(t[i+len(key):], ":= \t[")
		end := 0
		for end < len(rest) && (isDigit(rest[end]) || (end == 0 && (rest[end] == '-' || rest[end] == '+'))) {
			end++
		}
		if v, ok := parseNumber(rest[:end]); ok && v == f {
			return rest[:end]
		}
		t = t[i+len(key):]
		i = bytes.Index(t, key)
	}
	return nil
}
