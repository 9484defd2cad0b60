package decode

import (
	"bytes"
	"slices"
)

// The named numbers of a line of a text log: "name=value", "name: value",
// "name = value", a step-like key before its number, and fields cut by '|'
// or tabs whose names may be several words.

// kvPairs finds the named numbers of t, their keys ranked. A line cut into fields by '|'
// (fairseq, Megatron) or by tabs (PyTorch's ImageNet example) names a
// number in each field, with a name of a few words ("lm loss: 3.2E+00",
// "Loss 6.9e+00 (7.0e+00)").
func kvPairs(t []byte, pairs []kvPair) []kvPair {
	n := len(pairs)
	if sep := fieldSeparator(t); sep != 0 {
		for seg := range bytes.SplitSeq(t, []byte{sep}) {
			if p, ok := fieldPair(bytes.TrimSpace(seg)); ok {
				pairs = append(pairs, p)
				continue
			}
			pairs = scanPairs(seg, pairs)
		}
		ranked(pairs[n:])
		return pairs
	}
	pairs = scanPairs(t, pairs)
	// A hand-written training loop prints "epoch 2, loss 2.35, train acc
	// 0.50", "Epoch 1 Batch 100 Loss 2.36" or "Epoch 2, Train Loss: 2.36,
	// Val Loss: 2.40": names of words before their numbers, which the
	// forms above read in part or not at all ("Loss" twice). Where every
	// word of the line names a number so and that gives more, or a record
	// where the forms above give none, the line is read so.
	scan := ranked(pairs[n:])
	if placeable(scan) && !sameKeyTwice(scan) && !longerNames(t, scan) {
		return pairs
	}
	pairs = slices.Grow(pairs, len(scan)+8) // the words' room, kept with the caller's buffer
	words := ranked(wordPairs(t, pairs[len(pairs):]))
	if !placeable(words) || placeable(scan) && len(words) < len(scan) {
		return pairs
	}
	return append(pairs[:n], words...)
}

// longerNames reports whether a key of pairs, all of them slices of t, may
// be the last word of a longer name: a word before it and a ':' after, as
// in "Validation Loss: 0.6".
func longerNames(t []byte, pairs []kvPair) bool {
	for _, p := range pairs {
		i := cap(t) - cap(p.key) // where the key starts in t
		end := i + len(p.key)
		if i >= 2 && end < len(t) && t[i-1] == ' ' && isLetter(t[i-2]) && t[end] == ':' {
			return true
		}
	}
	return false
}

// fieldSeparator returns the byte that cuts t into fields, '|' or a tab
// (twice or more), else 0.
func fieldSeparator(t []byte) byte {
	for _, sep := range [...]byte{'|', '\t'} {
		if bytes.Count(t, []byte{sep}) >= 2 {
			return sep
		}
	}
	return 0
}

// ranked returns pairs with their keys ranked (see kvStepRank).
func ranked(pairs []kvPair) []kvPair {
	for i := range pairs {
		pairs[i].rank = kvStepRank(pairs[i].key)
	}
	return pairs
}

// placeable reports whether pairs, ranked, can make a record: a step-like
// key and a name that is not one.
func placeable(pairs []kvPair) bool {
	var step, other bool
	for _, p := range pairs {
		if p.rank < len(kvStepKeys) {
			step = true
		} else {
			other = true
		}
	}
	return step && other
}

// sameKeyTwice reports whether two pairs have the same key.
func sameKeyTwice(pairs []kvPair) bool {
	for i := range pairs {
		for j := range i {
			if bytes.Equal(pairs[i].key, pairs[j].key) {
				return true
			}
		}
	}
	return false
}

// maxKeyWords bounds the words of a field's name ("elapsed time per
// iteration (ms)").
const maxKeyWords = 6

// fieldPair reads a field that is a name of up to maxKeyWords words, a
// colon or not, then a number: "loss 7.23", "lm loss: 3.2E+00", "Acc@1
// 0.00 ( 0.10)", "iteration 10/ 2000".
func fieldPair(f []byte) (kvPair, bool) {
	for i, words := 0, 0; i < len(f) && words <= maxKeyWords; words++ {
		j := i
		for j < len(f) && f[j] != ' ' && f[j] != '\t' {
			j++
		}
		if words > 0 {
			if v, rest, ok := leadingNumber(f[i:]); ok && unitRest(rest) {
				key := bytes.TrimRight(f[:i], " \t:")
				p := kvPair{key: key, value: v}
				if len(rest) > 1 && rest[0] == '/' {
					if of, _, ok := leadingNumber(bytes.TrimLeft(rest[1:], " ")); ok {
						p.of = of
					}
				}
				return p, bytes.IndexByte(key, ':') < 0
			}
		}
		w := bytes.TrimSuffix(f[i:j], []byte{':'})
		if !nameToken(w) && !(words > 0 && unitWord(w)) {
			return kvPair{}, false
		}
		for i = j; i < len(f) && (f[i] == ' ' || f[i] == '\t'); i++ {
		}
	}
	return kvPair{}, false
}

// unitWord reports a unit in parentheses within a name: "(ms)", "(s)".
func unitWord(w []byte) bool {
	return len(w) > 2 && len(w) <= 8 && w[0] == '(' && w[len(w)-1] == ')' && nameToken(w[1:len(w)-1])
}

// scanPairs finds "name=value", "name = value", "name: value", "Name
// [a/b]" and a step-like key before its number ("Iteration 100, loss =
// 0.5") in t.
func scanPairs(t []byte, pairs []kvPair) []kvPair {
	for i := 0; i < len(t); i++ {
		if t[i] == ' ' {
			if p, rest, ok := stepBeforeNumber(t, i); ok {
				pairs = append(pairs, p)
				i = len(t) - len(rest) - 1
			}
			continue
		}
		if t[i] != '=' && t[i] != ':' && t[i] != '[' {
			continue
		}
		k := i
		if t[i] == '[' && k > 0 && t[k-1] == ' ' {
			k--
		}
		for t[i] == '=' && k > 0 && t[k-1] == ' ' {
			k--
		}
		end := k
		for k > 0 && isNameByte(t[k-1]) && t[k-1] < 0x80 {
			k--
		}
		if !nameToken(t[k:end]) || sourceFile(t[k:end]) {
			continue
		}
		k = ownerStart(t, k)
		key := t[k:end]
		if k > 0 && !boundary(t[k-1]) {
			continue
		}
		j := i + 1
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		v, rest, ok := leadingNumber(t[j:])
		if !ok || !unitRest(rest) {
			continue
		}
		pair := kvPair{key: key, value: v}
		if len(rest) > 1 && rest[0] == '/' {
			if of, r, ok := leadingNumber(rest[1:]); ok {
				pair.of, rest = of, r
			}
		}
		if t[i] == '[' {
			if len(rest) == 0 || rest[0] != ']' {
				continue
			}
			rest = rest[1:]
		}
		pairs = append(pairs, pair)
		i = len(t) - len(rest) - 1
	}
	return pairs
}

// nameToken reports whether b can be a key: it starts with a letter or '_'
// and holds only name characters.
func nameToken(b []byte) bool {
	if len(b) == 0 || len(b) > 64 || !(isLetter(b[0]) || b[0] == '_') {
		return false
	}
	for _, c := range b {
		if !isNameByte(c) || c >= 0x80 {
			return false
		}
	}
	return true
}

func boundary(c byte) bool {
	switch c {
	case ' ', '\t', ',', ';', '|', '[', '(', '{', ':':
		return true
	}
	return false
}

// stepBeforeNumber reads a step-like key written before its number with a
// space, "Iteration 100" or "Step 20/500", whose word ends at t[i] (a
// space) and starts a field (see fieldStart): in prose ("saving the model
// at the end of epoch 2") the word is not a key. It returns the pair and
// the rest of t after it.
func stepBeforeNumber(t []byte, i int) (kvPair, []byte, bool) {
	j := i
	for j < len(t) && t[j] == ' ' {
		j++
	}
	if j == len(t) || !isDigit(t[j]) || i == 0 || !isLetter(t[i-1]) {
		return kvPair{}, nil, false
	}
	k := i
	for k > 0 && (isLetter(t[k-1]) || t[k-1] == '_') {
		k--
	}
	key := t[k:i]
	if !fieldStart(t, k) || kvStepRank(key) == len(kvStepKeys) {
		return kvPair{}, nil, false
	}
	v, rest, ok := leadingNumber(t[j:])
	if !ok || !unitRest(rest) || v != float64(int64(v)) {
		return kvPair{}, nil, false
	}
	p := kvPair{key: key, value: v}
	if len(rest) > 1 && rest[0] == '/' {
		if of, r, ok := leadingNumber(rest[1:]); ok {
			p.of, rest = of, r
		}
	}
	return p, rest, true
}

// ownerStart returns where the name that starts at t[k] starts when a
// data set's name owns it, "valid_1's binary_logloss" (LightGBM), so that
// the training and validation values keep names of their own; else k.
func ownerStart(t []byte, k int) int {
	if k < 4 || t[k-1] != ' ' || t[k-2] != 's' || t[k-3] != '\'' {
		return k
	}
	o := k - 3
	for o > 0 && isNameByte(t[o-1]) && t[o-1] < 0x80 {
		o--
	}
	if !nameToken(t[o : k-3]) {
		return k
	}
	return o
}

// fieldStart reports whether t[k:] starts a field of the line: at its
// start or after a separator, spaces aside.
func fieldStart(t []byte, k int) bool {
	for k > 0 && t[k-1] == ' ' {
		k--
	}
	if k == 0 {
		return true
	}
	switch t[k-1] {
	case ',', ';', '|', '\t', '(', '[':
		return true
	}
	return false
}

// sourceFile reports a key that names a source file, as a logger's prefix
// writes where it logged from ("[logging.py:96:log_dist]"): not a metric.
func sourceFile(key []byte) bool {
	dot := bytes.LastIndexByte(key, '.')
	if dot < 0 {
		return false
	}
	switch string(key[dot+1:]) {
	case "py", "cc", "cpp", "c", "h", "hpp", "cu", "go", "rs", "java", "js", "ts", "lua", "jl":
		return true
	}
	return false
}

// unitRest reports whether what follows a number ends it: nothing, a
// separator ("Epoch 0: ..." included), a fraction's denominator or a unit
// such as "ms", "s" or "%".
func unitRest(rest []byte) bool {
	i := 0
	for i < len(rest) && (isLetter(rest[i]) || rest[i] == '%') && i < 3 {
		i++
	}
	if i == len(rest) {
		return true
	}
	switch rest[i] {
	case ' ', '\t', ',', ';', '|', ')', ']', '}', '/', ':':
		return true
	}
	return false
}

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
