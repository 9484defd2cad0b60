package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestCellWidthAgreesWithAnsi(t *testing.T) {
	for r := rune(0x20); r < 0x3000; r++ {
		if !narrow(r) {
			continue
		}
		if got := ansi.StringWidth(string(r)); got != 1 {
			t.Errorf("%U %q: ansi says %d cells, narrow says 1", r, r, got)
		}
	}
	for _, s := range []string{
		"", "plain", "\x1b[1;38;5;12mbold\x1b[0m ─╭▁█▲△▸● ⣿⠁ …–", "名前 run", "🙂 emoji", "tab\there",
		"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "±0.5 · ×2 ↘ ✓ ✕", "e\u0301 combining",
	} {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth %d", s, got, want)
		}
	}
}

func BenchmarkCellWidth(b *testing.B) {
	line := "│\x1b[38;5;8m⣿⣿⠁⠈⠉⠉⠉⠑⠒⠒⠒⠤⠤⠤⠤⢄⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀\x1b[0m lr-1e-3  ✓ converged  ▁▂▃▄▅▆▇█▇▆▅▄▃▂▁│"
	b.Run("cellWidth", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = cellWidth(line)
		}
	})
	b.Run("ansi.StringWidth", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = ansi.StringWidth(line)
		}
	})
}
