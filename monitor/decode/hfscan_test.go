package decode

import (
	"bytes"
	"math"
	"testing"
)

// parsePyDictByValue is parsePyDict without its fast path for numbers:
// every value delimited by pyValueEndByByte, then read by parseNumber.
func parsePyDictByValue(d []byte) (keys [][]byte, vals []float64) {
	i := 1
	for i < len(d) {
		key, j, ok := pyDictKey(d, i)
		if !ok {
			return keys, vals
		}
		i = j
		vend := pyValueEndByByte(d, i)
		if f, ok := parseNumber(d[i:vend]); ok {
			keys, vals = append(keys, key), append(vals, f)
		}
		if i = vend; i < len(d) && d[i] == '}' {
			return keys, vals
		}
	}
	return keys, vals
}

// FuzzPyDict checks the fast paths of parsePyDict and pyValueEnd against
// the byte-by-byte reading they shortcut.
func FuzzPyDict(f *testing.F) {
	for _, s := range []string{"0.5, 'b': 1}", "1e-05}", "'a,b', 'c': 2}", "[1, 2], 'x': 3}", "(1, '}'), 2}",
		"nan}", "-inf, 'y': {'z': 1}}", "12.5'x', 3}", "\"a\\\"}\", 1}", "1.0",
		"{'loss': 2.6493, 'grad_norm': 1.0224213600158691, 'learning_rate': 4.99999750000125e-05, 'epoch': 0.0}",
		"{'a': 1e5x, 'b': 0x10, 'c': 12345678901234567890123, 'd': 5., 'e': -0.0,'f':1 }"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		keys, vals := parsePyDict(d, nil, nil)
		wantKeys, wantVals := parsePyDictByValue(d)
		same := len(keys) == len(wantKeys) && len(vals) == len(wantVals)
		for i := 0; same && i < len(keys); i++ {
			same = bytes.Equal(keys[i], wantKeys[i]) && math.Float64bits(vals[i]) == math.Float64bits(wantVals[i])
		}
		if !same {
			t.Fatalf("parsePyDict(%q) = %q %v, want %q %v", d, keys, vals, wantKeys, wantVals)
		}
		for i := 0; i <= len(d); i++ {
			if got, want := pyValueEnd(d, i), pyValueEndByByte(d, i); got != want {
				t.Fatalf("pyValueEnd(%q, %d) = %d, want %d", d, i, got, want)
			}
		}
	})
}
