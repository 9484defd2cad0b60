package ui

import (
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
)

// A readout is never written flush against another label: "converged
// @757val_loss 0.066" reads as one word.
func TestALabelKeepsACellFromOtherText(t *testing.T) {
	p := &painter{w: 40, lw: 4, gw: 35, gh: 6}
	p.cv = canvas.New(40, 8)
	p.cv.SetString(canvas.Point{X: 10, Y: 0}, "converged @757") // ends at x 23
	// Beside a cursor at column 34 the readout fits only on its left, at
	// x 24: flush against the converged label on row 0.
	if !p.labelIfFree(34, []int{0, 1}, "val_loss 0.066", lipgloss.NewStyle()) {
		t.Fatal("no room for the readout on either row")
	}
	row := func(y int) string {
		var b strings.Builder
		for x := 0; x < 40; x++ {
			if r := p.cv.Cell(canvas.Point{X: x, Y: y}).Rune; r != 0 {
				b.WriteRune(r)
			} else {
				b.WriteRune(' ')
			}
		}
		return b.String()
	}
	if strings.Contains(row(0), "757val") || !strings.Contains(row(1), "val_loss 0.066") {
		t.Errorf("rows:\n%q\n%q", row(0), row(1))
	}
}
