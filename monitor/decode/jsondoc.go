package decode

import "bytes"

// jsonScanner finds where a JSON document (an object or array) ends in a
// stream that arrives in pieces, without parsing it: it tracks nesting and
// strings only, so each byte is looked at once however the stream is cut.
type jsonScanner struct {
	depth int
	str   jsonString
}

// jsonString follows a byte-by-byte walk over JSON through its string
// literals, so that brackets and quotes inside them are not taken for
// structure.
type jsonString struct{ in, escaped bool }

// consume takes c when the walk is inside a string and reports whether it
// was (c belongs to the string, its closing quote included); outside a
// string it does nothing and reports false.
func (s *jsonString) consume(c byte) bool {
	if !s.in {
		return false
	}
	switch {
	case s.escaped:
		s.escaped = false
	case c == '\\':
		s.escaped = true
	case c == '"':
		s.in = false
	}
	return true
}

// scan consumes b and returns the index just past the byte that closes the
// top-level value, or -1 when it does not close in b. Bytes outside any
// value (whitespace, stray text) are passed over.
func (s *jsonScanner) scan(b []byte) int {
	for i, c := range b {
		if s.str.consume(c) {
			continue
		}
		switch c {
		case '"':
			s.str.in = s.depth > 0
		case '{', '[':
			s.depth++
		case '}', ']':
			if s.depth > 0 {
				s.depth--
				if s.depth == 0 {
					return i + 1
				}
			}
		}
	}
	return -1
}

// quoteNonFinite returns doc with the bare NaN, Infinity and -Infinity that
// Python's json module writes for non-finite floats (a diverged loss) put in
// quotes, so that a standard JSON parser reads them as strings. doc itself
// is returned when it has none.
func quoteNonFinite(doc []byte) []byte {
	if !bytes.Contains(doc, []byte("NaN")) && !bytes.Contains(doc, []byte("Infinity")) {
		return doc
	}
	var out []byte
	last := 0
	var str jsonString
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if str.consume(c) {
			continue
		}
		if c == '"' {
			str.in = true
			continue
		}
		word := nonFiniteAt(doc[i:])
		if word == 0 {
			continue
		}
		out = append(out, doc[last:i]...)
		out = append(out, '"')
		out = append(out, doc[i:i+word]...)
		out = append(out, '"')
		i += word - 1
		last = i + 1
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// nonFiniteAt returns the length of a NaN, Infinity or -Infinity literal at
// the start of b, or 0.
func nonFiniteAt(b []byte) int {
	for _, w := range [...]string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(b, []byte(w)) {
			return len(w)
		}
	}
	return 0
}

// entryLines returns, for each element of the array that is the value of
// the top-level "log_history" key, the number of newlines before it in doc
// (its line counted from 0). It walks the bytes once, tracking strings and
// nesting only; doc must be valid JSON for the result to mean anything.
func entryLines(doc []byte) []int64 {
	var lines []int64
	var newlines int64
	depth := 0
	var str jsonString
	strStart := 0
	isHistoryKey, inHistory := false, false
	for i, c := range doc {
		if c == '\n' {
			newlines++
		}
		if str.consume(c) {
			if !str.in && depth == 1 {
				isHistoryKey = string(doc[strStart:i]) == "log_history"
			}
			continue
		}
		switch c {
		case '"':
			str.in, strStart = true, i+1
		case '{', '[':
			if depth == 1 && c == '[' && isHistoryKey {
				inHistory = true
			}
			if depth == 2 && inHistory {
				lines = append(lines, newlines)
			}
			depth++
		case '}', ']':
			depth--
			if depth == 1 {
				inHistory = false
			}
		}
	}
	return lines
}
