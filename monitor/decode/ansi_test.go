package decode

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// stripANSIByByte is stripANSI as it was first written, a byte at a time:
// the reference the run-at-a-time copy must agree with.
func stripANSIByByte(b []byte) []byte {
	var dst []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != 0x1b {
			dst = append(dst, c)
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case '[':
			j := i + 2
			for j < len(b) && (b[j] < 0x40 || b[j] > 0x7e) {
				j++
			}
			i = j
		case ']':
			j := i + 2
			for j < len(b) && b[j] != 0x07 && !(b[j] == 0x1b && j+1 < len(b) && b[j+1] == '\\') {
				j++
			}
			if j < len(b) && b[j] == 0x1b {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return dst
}

// TestStripANSIAgreesWithByteAtATime strips lines made of escape bytes,
// their parameters and final bytes, BEL, text and a multi-byte bar,
// truncated anywhere, and expects what stripping a byte at a time gives.
func TestStripANSIAgreesWithByteAtATime(t *testing.T) {
	parts := [][]byte{{0x1b}, []byte("["), []byte("]"), {0x07}, []byte(`\`), []byte("m"), []byte("1;32"), []byte("8;;http://x"), []byte("loss: 0.5"), []byte("━"), []byte("~"), []byte(" ")}
	rng := rand.New(rand.NewPCG(1, 13))
	var dst []byte
	for range 50000 {
		var line []byte
		for range rng.IntN(24) {
			line = append(line, parts[rng.IntN(len(parts))]...)
		}
		want := stripANSIByByte(line)
		dst = stripANSI(dst, line)
		if !bytes.Equal(dst, want) {
			t.Fatalf("stripANSI(%q) = %q, byte at a time %q", line, dst, want)
		}
	}
}
