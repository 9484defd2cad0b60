package ui

import (
	"strings"
	"testing"
	"unicode"
)

// boxText returns the inside of the box titled title, borders and spaces
// removed, so that wrapped text compares with the text it came from.
func boxText(screen, title string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.Split(screen, "\n") {
		i := strings.Index(l, "╭─ "+title)
		if i >= 0 {
			in = true
			l = l[i:]
			continue
		}
		if !in {
			continue
		}
		if strings.Contains(l, "╰") && strings.Index(l, "╰") < 3 || strings.HasPrefix(strings.TrimLeft(l, "│ "), "╰") {
			break
		}
		// The box may stand right of the chart: keep what follows its left border.
		if j := strings.LastIndex(l, "││"); j >= 0 {
			l = l[j+len("││"):]
		}
		b.WriteString(l)
	}
	return squeeze(b.String())
}

// squeeze drops spaces and box borders.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '│' {
			return -1
		}
		return r
	}, s)
}

// TestAFocusedPanelShowsItsTextWhole: at 80x24 (panels under the chart)
// and 100x30 (beside it), f shows each finding's message whole, r each
// remedy's snippet whole, neither cut with "…".
func TestAFocusedPanelShowsItsTextWhole(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		m := feed(t, testModel(t, size[0], size[1]), divergingRun)
		m = send(t, m, press("f"))
		for i := 0; i < m.findings.Len(); i++ {
			f, _ := m.selectedFinding()
			if got := boxText(plain(m), "findings"); !strings.Contains(got, squeeze(f.Message)) {
				t.Errorf("%dx%d: finding %d not whole:\n%s", size[0], size[1], i, plain(m))
			}
			m = send(t, m, press("down"))
		}
		m = send(t, m, press("f"), press("home"), press("r"))
		rs := m.remedies.finding.Remedies
		if len(rs) < 2 {
			t.Fatalf("%d remedies", len(rs))
		}
		for i := range rs {
			r, _ := m.selectedRemedy()
			got := boxText(plain(m), "remedies")
			if !strings.Contains(got, squeeze(r.Snippet)) || !strings.Contains(got, squeeze(r.Title)) {
				t.Errorf("%dx%d: remedy %d's snippet %q not whole:\n%s", size[0], size[1], i, r.Snippet, plain(m))
			}
			m = send(t, m, press("down"))
		}
	}
}
