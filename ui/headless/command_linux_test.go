package headless

import "testing"

func TestStatGroupReadsNamesWithParentheses(t *testing.T) {
	for _, tc := range []struct {
		stat  string
		state byte
		group int
		ok    bool
	}{
		{"123 (sleep) S 1 120 120 0 -1", 'S', 120, true},
		{"77 (a) (b c)) Z 1 70 70 0", 'Z', 70, true},
		{"77 no parenthesis", 0, 0, false},
		{"77 (x) S 1", 0, 0, false},
	} {
		state, group, ok := statGroup([]byte(tc.stat))
		if state != tc.state || group != tc.group || ok != tc.ok {
			t.Errorf("statGroup(%q) = %c %d %v, want %c %d %v", tc.stat, state, group, ok, tc.state, tc.group, tc.ok)
		}
	}
}
