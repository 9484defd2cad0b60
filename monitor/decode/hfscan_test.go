package decode

import "testing"

// pyValueEndByByte is pyValueEnd without its fast path for numbers: every
// byte through the full state machine.
func pyValueEndByByte(d []byte, i int) int {
	depth := 0
	var quote byte
	for ; i < len(d); i++ {
		c := d[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case (c == ')' || c == ']' || c == '}') && depth > 0:
			depth--
		case (c == ',' || c == '}') && depth == 0:
			return i
		}
	}
	return len(d)
}

func FuzzPyValueEnd(f *testing.F) {
	for _, s := range []string{"0.5, 'b': 1}", "1e-05}", "'a,b', 'c': 2}", "[1, 2], 'x': 3}", "(1, '}'), 2}",
		"nan}", "-inf, 'y': {'z': 1}}", "12.5'x', 3}", "\"a\\\"}\", 1}", "1.0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		for i := 0; i <= len(d); i++ {
			if got, want := pyValueEnd(d, i), pyValueEndByByte(d, i); got != want {
				t.Fatalf("pyValueEnd(%q, %d) = %d, want %d", d, i, got, want)
			}
		}
	})
}
