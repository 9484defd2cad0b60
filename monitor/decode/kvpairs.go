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
	n, sep := len(pairs), fieldSeparator(t)
	if sep != 0 {
		for seg := range bytes.SplitSeq(t, []byte{sep}) {
			if p, ok := fieldPair(bytes.TrimSpace(seg)); ok {
				pairs = append(pairs, p)
				continue
			}
			pairs = scanPairs(seg, pairs)
		}
	} else {
		pairs = scanPairs(t, pairs)
	}
	// A hand-written training loop prints "epoch 2, loss 2.35, train acc
	// 0.50", "Epoch 1 Batch 100 Loss 2.36" or "Epoch 2, Train Loss: 2.36,
	// Val Loss: 2.40": names of words before their numbers, which the
	// forms above read in part or not at all ("Loss" twice). Where every
	// word of the line names a number so and that gives more, or a record
	// where the forms above give none, the line is read so.
	scan := ranked(pairs[n:])
	if placeable(scan) && !sameKeyTwice(scan) && (sep != 0 || !longerNames(t, scan)) {
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

// sameKeyTwice reports whether two pairs have the same key: pair by pair
// for the few of a log line, through a set for a line of many (a garbage
// line of a megabyte), so that it stays linear.
func sameKeyTwice(pairs []kvPair) bool {
	if len(pairs) > 16 {
		seen := make(map[string]bool, len(pairs))
		for _, p := range pairs {
			if seen[string(p.key)] {
				return true
			}
			seen[string(p.key)] = true
		}
		return false
	}
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
// 0.00 ( 0.10)", "iteration 10/ 2000"; or a count before its name (see
// countThenName).
func fieldPair(f []byte) (kvPair, bool) {
	if p, ok := countThenName(f); ok {
		return p, true
	}
	for i, words := 0, 0; i < len(f) && words <= maxKeyWords; words++ {
		j := i
		for j < len(f) && f[j] != ' ' && f[j] != '\t' && f[j] != ':' {
			j++
		}
		if j < len(f) && f[j] == ':' { // "Train Loss:2.35": the colon ends the name
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

// countThenName reads a field that is a count of a total and then what it
// counts, "200/ 2983 batches" (PyTorch's word-language-model example): the
// pair is named by the word.
func countThenName(f []byte) (kvPair, bool) {
	n, rest, ok := leadingNumber(f)
	if !ok || len(rest) < 2 || rest[0] != '/' {
		return kvPair{}, false
	}
	of, rest, ok := leadingNumber(bytes.TrimLeft(rest[1:], " "))
	key := bytes.TrimSpace(rest)
	if !ok || len(rest) == 0 || rest[0] != ' ' || !nameToken(key) {
		return kvPair{}, false
	}
	return kvPair{key: key, value: n, of: of}, true
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
	case ',', ';', '|', '\t', '(', '[', '>', '*', '#':
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
