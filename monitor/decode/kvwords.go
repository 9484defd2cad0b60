package decode

// The names of words that hand-written training loops print before their
// numbers (see kvPairs).

// maxWordKey bounds the words of a name wordPairs reads ("train acc").
const maxWordKey = 3

// wordPairs reads t as names of one to maxWordKey words each followed by a
// number, a ':' or '=' between them or not: "epoch 2, loss 2.3589, train
// acc 0.505", "Ep 2 (Step 000050): Train loss 2.353". Separators and
// brackets end a name. From the first pair on, every word must be part of
// one, and no run of words is longer than a name: a sentence ("Saved
// checkpoint (epoch 1 @ 479 updates, score 6.389)") names nothing, and
// gives no pairs.
func wordPairs(t []byte, pairs []kvPair) []kvPair {
	var starts [maxWordKey]int // where the words of the name so far start, the latest last
	n, words, keyEnd := len(pairs), 0, 0
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c == ' ':
			i++
		case c == ':' || c == '=':
			i++
			if j := skipBlanks(t, i); j == len(t) || !numberStart(t[j:]) {
				if words > 0 && len(pairs) > n {
					return pairs[:n]
				}
				words = 0 // "Test set: Average loss: 0.05": a lead, not a name
			}
		case words > 0 && numberStart(t[i:]):
			v, rest, ok := leadingNumber(t[i:])
			if !ok || !unitRest(rest) || len(rest) > 1 && rest[0] == ':' && isDigit(rest[1]) { // "3:19:10", a time
				return pairs[:n]
			}
			p := kvPair{key: t[starts[maxWordKey-words]:keyEnd], value: v}
			if len(rest) > 1 && rest[0] == '/' {
				if of, r, ok := leadingNumber(rest[1:]); ok {
					p.of, rest = of, r
				}
			}
			pairs, words, i = append(pairs, p), 0, len(t)-len(skipUnit(rest))
		case wordSeparator(c):
			if words > 0 && len(pairs) > n {
				return pairs[:n] // words that name nothing
			}
			words, i = 0, i+1
		default:
			j := i
			for j < len(t) && isNameByte(t[j]) && t[j] < 0x80 {
				j++
			}
			switch {
			case words == maxWordKey: // a sentence ("saving the model at the end of epoch 2")
				return pairs[:n]
			case j == i || !nameToken(t[i:j]) || sourceFile(t[i:j]):
				if len(pairs) > n {
					return pairs[:n]
				}
				words, i = 0, max(j, i+1)
				continue
			}
			copy(starts[:], starts[1:])
			starts[maxWordKey-1], keyEnd, words, i = i, j, min(words+1, maxWordKey), j
		}
	}
	if words > 0 {
		return pairs[:n]
	}
	return pairs
}

// wordSeparator reports a byte that ends a name in wordPairs.
func wordSeparator(c byte) bool {
	switch c {
	case ',', ';', '|', '\t', '(', ')', '[', ']', '{', '}':
		return true
	}
	return false
}

// skipUnit returns rest after the unit unitRest accepted ("ms", "%").
func skipUnit(rest []byte) []byte {
	i := 0
	for i < len(rest) && (isLetter(rest[i]) || rest[i] == '%') && i < 3 {
		i++
	}
	return rest[i:]
}

// skipBlanks returns the index of the first byte of t[i:] that is not a
// space or a tab.
func skipBlanks(t []byte, i int) int {
	for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
		i++
	}
	return i
}

// numberStart reports whether b starts with a number: a digit, or a sign
// or a point before one.
func numberStart(b []byte) bool {
	switch {
	case len(b) == 0:
		return false
	case isDigit(b[0]):
		return true
	case b[0] == '-' || b[0] == '+' || b[0] == '.':
		return len(b) > 1 && (isDigit(b[1]) || b[1] == '.' && len(b) > 2 && isDigit(b[2]))
	}
	return false
}
