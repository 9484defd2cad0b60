package ui

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// TestNoColourTellsTheLinesApartByPattern: without colour the validation
// loss is dashed where the smoothed loss is solid, and the chart's title
// is a legend; with colour it is not needed.
func TestNoColourTellsTheLinesApartByPattern(t *testing.T) {
	title := strings.SplitN(plain(loaded(t)), "\n", 3)[1]
	for _, want := range []string{"⠪ raw", "⠤ EMA 0.6", "+ val ⠄⠤"} {
		if !strings.Contains(title, want) {
			t.Errorf("no-colour title %q lacks %q", title, want)
		}
	}
	r := lipgloss.NewRenderer(os.Stdout)
	r.SetColorProfile(termenv.ANSI256)
	if coloured := strings.SplitN(plain(loaded(t, withRenderer(r))), "\n", 3)[1]; strings.Contains(coloured, "⠪") {
		t.Errorf("colour title %q carries the no-colour legend", coloured)
	}

	loss, val := NewSeries(64), NewSeries(64)
	for x := 0.0; x <= 100; x++ {
		loss.Add(x, 1)
		val.Add(x, 0.5)
	}
	st := NewStyles(lipgloss.NewRenderer(os.Stdout), DefaultPalette())
	st.Plain = true
	in := chartInput{series: loss, val: val, xa: 0, xb: 100, dataEnd: math.Inf(1), convStep: math.NaN(), weight: 0.6, marks: [2]float64{math.NaN(), math.NaN()}}
	fr := drawChart(in, 60, 12, &st, nil)
	var rows []string
	for _, l := range strings.Split(ansi.Strip(fr.text), "\n") {
		if i := strings.IndexAny(l, "┤│"); i >= 0 && strings.TrimSpace(l[i+len("│"):]) != "" {
			rows = append(rows, strings.TrimSpace(l[i+len("│"):]))
		}
	}
	if len(rows) != 2 {
		t.Fatalf("want the loss's row and the validation's, got %q", rows)
	}
	if strings.Contains(rows[0], " ") || !strings.Contains(rows[1], " ") {
		t.Errorf("smoothed %q should be solid, validation %q dashed", rows[0], rows[1])
	}
}
