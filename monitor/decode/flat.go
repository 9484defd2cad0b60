package decode

// flat is the fast path for the lines JSON-lines logs are made of: one flat
// object of numbers and plain strings, {"step": 3, "loss": 0.52, "lr":
// "1e-4"}. It reads the fields in one pass without building a tree. Anything
// else — nesting, escapes, true/false/null, any syntax it does not expect —
// makes it report false, and the line is parsed by fastjson instead, so the
// fast path changes speed, never results (FuzzTextDecoders checks both
// agree).
func (jp *jsonParser) flat(b []byte) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipWS(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return false
		}
		end := plainString(b, i+1)
		if end < 0 {
			return false
		}
		key := b[i+1 : end]
		i = skipWS(b, end+1)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return false
		}
		switch c := b[i]; {
		case c == '"':
			end := plainString(b, i+1)
			if end < 0 {
				return false
			}
			jp.text(key, b[i+1:end])
			i = end + 1
		case c == '{' || c == '[' || c == 't' || c == 'f' || (c == 'n' && i+1 < len(b) && b[i+1] == 'u'):
			return false
		default:
			f, j, ok := scanFloat(b, i)
			if !ok {
				j = i
				for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n' {
					j++
				}
				if f, ok = numberToken(b[i:j]); !ok {
					return false
				}
			}
			if jp.value(jp.key(key), f) && beyondExact(f) {
				jp.bestExact = exactStep(b[i:j], f)
			}
			i = j
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return skipWS(b, i+1) == len(b)
		default:
			return false
		}
	}
}

// plainString returns the index of the quote that ends the string starting
// at i, or -1 if it has escapes or control characters (or does not end).
func plainString(b []byte, i int) int {
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i
		case c == '\\' || c < 0x20:
			return -1
		}
	}
	return -1
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// numberToken parses tok if it is a number as fastjson reads one: digits
// with sign, point and exponent, or NaN, Inf, Infinity (the last as the
// decoder's fallback rewrites it).
func numberToken(tok []byte) (float64, bool) {
	if f, ok := exactFloat(tok); ok {
		return f, true
	}
	t := tok
	if len(t) > 0 && (t[0] == '-' || t[0] == '+') {
		t = t[1:]
	}
	switch string(t) {
	case "NaN", "nan", "Inf", "inf", "Infinity":
		return parseNumber(tok)
	}
	for _, c := range tok {
		if !isDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' {
			return 0, false
		}
	}
	return parseNumber(tok)
}

// scanFloat reads the plain decimal number at b[i:] in one pass (digits,
// point, exponent: the common case) and returns it with the index after
// it. It reports false for anything else, or when the number ends in a
// character that cannot follow a JSON value, so that the caller can look
// closer.
func scanFloat(b []byte, i int) (float64, int, bool) {
	f, j, ok := decimalPrefix(b, i)
	if !ok || (j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n') {
		return 0, i, false
	}
	return f, j, true
}
