package decode

// The names of words that hand-written training loops print before their
// numbers (see kvPairs).

// maxWordKey bounds the words of a name wordPairs reads ("train acc").
const maxWordKey = 3

// wordPairs reads t as names of one to maxWordKey words each followed by a
// number, a ':' or '=' between them or not: "epoch 2, loss 2.3589, train
// acc 0.505", "Ep 2 (Step 000050): Train loss 2.353", "Epoch [2/60] Train
// Loss: 2.35". Separators and brackets end a name, as does a word that
// ends a sentence ("Epoch 2 finished. Loss: 0.3"). From the first pair on,
// every other word must be part of one, and no run of words is longer
// than a name: a sentence ("Saved checkpoint (epoch 1 @ 479 updates, score
// 6.389)") names nothing, and gives no pairs. A name whose words hold a
// step-like key before an integer is that key ("Training epoch 2",
// "global step 100", "Batch Num: [100/600]").
func wordPairs(t []byte, pairs []kvPair) []kvPair {
	w := wordScan{t: t, pairs: pairs, n: len(pairs)}
	for i := 0; i < len(t); {
		var ok bool
		if i, ok = w.next(i); !ok {
			return pairs[:w.n]
		}
	}
	if w.words > 0 {
		return pairs[:w.n]
	}
	return w.pairs
}

// wordScan is the state of wordPairs: the words of the name so far.
type wordScan struct {
	t        []byte
	starts   [maxWordKey]int // where the words of the name so far start, the latest last
	ends     [maxWordKey]int
	words, n int // words of the name so far; pairs before the scan
	pairs    []kvPair
}

// next reads what starts at t[i] and returns where to go on, or false
// when the line is not one of names and numbers.
func (w *wordScan) next(i int) (int, bool) {
	t, named := w.t, len(w.pairs) > w.n
	switch c := t[i]; {
	case c == ' ':
		return i + 1, true
	case c == ':' || c == '=':
		j := skipWS(t, i+1)
		if j < len(t) && t[j] == '[' && numberStart(t[j+1:]) { // "Batch Num: [100/600]"
			return j + 1, true
		}
		if j == len(t) || !numberStart(t[j:]) {
			if w.words > 0 && named {
				return 0, false
			}
			w.words = 0 // "Test set: Average loss: 0.05": a lead, not a name
		}
		return i + 1, true
	case w.words > 0 && numberStart(t[i:]):
		return w.number(i)
	case c == '[' && w.words > 0 && numberStart(t[i+1:]): // "Epoch [2/60]"
		return i + 1, true
	case wordSeparator(c):
		if w.words > 0 && named {
			return 0, false // words that name nothing
		}
		w.words = 0
		return i + 1, true
	}
	j := i
	for j < len(t) && isNameByte(t[j]) && t[j] < 0x80 {
		j++
	}
	switch {
	case w.words == maxWordKey: // a sentence ("saving the model at the end of epoch 2")
		return 0, false
	case j == i || !nameToken(t[i:j]) || sourceFile(t[i:j]):
		if named {
			return 0, false
		}
		w.words = 0
		return max(j, i+1), true
	case j-i > 1 && t[j-1] == '.': // "finished.": the end of a sentence, not a name
		w.words = 0
		return j, true
	}
	copy(w.starts[:], w.starts[1:])
	copy(w.ends[:], w.ends[1:])
	w.starts[maxWordKey-1], w.ends[maxWordKey-1], w.words = i, j, min(w.words+1, maxWordKey)
	return j, true
}

// number reads the number at t[i] that the name so far names.
func (w *wordScan) number(i int) (int, bool) {
	v, rest, ok := leadingNumber(w.t[i:])
	if !ok || !unitRest(rest) || len(rest) > 1 && rest[0] == ':' && isDigit(rest[1]) { // "3:19:10", a time
		return 0, false
	}
	first := maxWordKey - w.words
	p := kvPair{key: w.t[w.starts[first]:w.ends[maxWordKey-1]], value: v}
	if v == float64(int64(v)) && w.words > 1 {
		for k := maxWordKey - 1; k >= first; k-- { // a step-like word among several: the key
			if word := w.t[w.starts[k]:w.ends[k]]; kvStepRank(word) < len(kvStepKeys) {
				p.key = word
				break
			}
		}
	}
	if len(rest) > 1 && rest[0] == '/' {
		if of, r, ok := leadingNumber(rest[1:]); ok {
			p.of, rest = of, r
		}
	}
	w.pairs, w.words = append(w.pairs, p), 0
	return len(w.t) - len(skipUnit(rest)), true
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
