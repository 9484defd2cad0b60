package decode

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// kerasEpochLines writes epoch e of a fit() of m epochs (no "Epoch e/m"
// header when headless), in one of the styles Keras prints: Keras 2's bar
// rewritten with \b and \r on one line, Keras 2's bar a state a line (as
// it prints to a file), Keras 3's bar in colour a state a line, and
// verbose=2's one line an epoch (Keras 2's and Keras 3's).
func kerasEpochLines(b *bytes.Buffer, e, m int, headless bool) {
	if !headless {
		if e%5 == 2 {
			fmt.Fprintf(b, "\x1b[1mEpoch %d/%d\x1b[0m\n", e, m)
		} else {
			fmt.Fprintf(b, "Epoch %d/%d\n", e, m)
		}
	}
	loss := 2/(1+float64(e)/50) + 0.01*float64(e%7)
	const batches = 12
	switch e % 4 {
	case 0:
		for k := 1; k < batches; k++ {
			fmt.Fprintf(b, " %d/%d [%s>%s] - ETA: %ds - loss: %.4f - acc: %.4f\x08\x08\x08\r", k, batches, strings.Repeat("=", k), strings.Repeat(".", batches-k), batches-k, loss+0.1, 0.5)
		}
		fmt.Fprintf(b, "%d/%d [%s] - 2s 40ms/step - loss: %.4f - acc: %.4f - val_loss: %.4f - val_acc: %.4f\n", batches, batches, strings.Repeat("=", batches+1), loss, 1-loss/3, loss+0.05, 1-loss/2.5)
	case 1:
		for k := 1; k < batches; k++ {
			fmt.Fprintf(b, " %d/%d [%s>%s] - ETA: %ds - loss: %.4e\n", k, batches, strings.Repeat("=", k), strings.Repeat(".", batches-k), batches-k, loss/1e4)
		}
		fmt.Fprintf(b, "%d/%d [%s] - 2s 40ms/step - loss: %.4e - val_loss: %.4f\n", batches, batches, strings.Repeat("=", batches+1), loss/1e4, loss+0.05)
	case 2:
		for k := 1; k <= batches; k++ {
			fmt.Fprintf(b, "\x1b[1m%2d/%d\x1b[0m \x1b[32m%s\x1b[0m\x1b[37m%s\x1b[0m \x1b[1m%ds\x1b[0m 40ms/step - accuracy: %.4f - loss: %.4f", k, batches, strings.Repeat("━", k), strings.Repeat("━", batches-k), batches-k, 0.6, loss+0.01*float64(batches-k))
			if k == batches {
				fmt.Fprintf(b, " - val_accuracy: %.4f - val_loss: %.4f", 0.55, loss+0.05)
			}
			b.WriteByte('\n')
		}
	default:
		if e%8 == 3 {
			fmt.Fprintf(b, " - %ds - loss: %.4f - acc: %.4f - val_loss: %.4f\n", 3000+e, loss, 1-loss/3, loss+0.05)
		} else {
			fmt.Fprintf(b, "%d/%d - 2s - 40ms/step - accuracy: %.4f - loss: %.4f - val_accuracy: %.4f - val_loss: %.4f\n", batches, batches, 1-loss/3, loss, 0.55, loss+0.05)
		}
	}
}

// kerasSurprise writes, as the h-th surprise, lines that change the
// parser's state or must be skipped: an "Epoch 0/5" (steps count the
// metrics lines again), a new fit() starting at epoch 1 of another plan,
// headers that are not, a metrics line without a metric, progress states,
// blank, NUL-padded, binary and other lines.
func kerasSurprise(b *bytes.Buffer, h int) {
	fmt.Fprintf(b, "Epoch 0/%d\n", 5+h)
	b.WriteString("3/3 [==============================] - 1s 9ms/step - loss: 0.7000 - val_loss: 0.8000\n")
	b.WriteString("3/3 [==============================] - 1s 9ms/step - epoch: 3.0000\n") // counted, no metric
	fmt.Fprintf(b, "Epoch 1/%d\n", 20+h)
	b.WriteString("Epoch 3/\nEpoch x/10\nEpoch 99999999999999999999999/3\n")
	b.WriteString(" 1/3 [=========>....................] - ETA: 0s - loss: 0.6000\n")
	b.WriteString("\x1b[37m━━━━━━━━━━━━━━━━━━━━\x1b[0m \x1b[1m0s\x1b[0m\n3/3 ━━━━ 1s 9ms/step\n")
	b.WriteString("3/3 [====] - 1s 9ms/step - loss: nan - val_loss: inf\n")
	b.WriteString("   \n\x00\x00 - 3s - loss: 0.2500\x00\nab\x00cd\n\n")
	b.WriteString("Traceback (most recent call last):\n  File \"train.py\", line 3 - in <module>\r\n")
	b.WriteString("\r 2/3 [=>...] - ETA: 1s - loss: 0.5\r\r\n")
}

// kerasWithSurprises is Keras output of n epochs, of two fit() calls (the
// second starting again at epoch 1), its first headless epochs written
// without "Epoch" header, with surprises (see kerasSurprise) before the
// epochs at the given shares of n.
func kerasWithSurprises(n, headless int, at ...float64) []byte {
	var b bytes.Buffer
	h := 0
	for i := 0; i < n; i++ {
		for h < len(at) && i == int(at[h]*float64(n)) {
			kerasSurprise(&b, h)
			h++
		}
		e, m := i+1, n/3
		if i >= n/3 {
			e, m = i+1-n/3, n-n/3
		}
		kerasEpochLines(&b, e, m, i < headless)
	}
	return b.Bytes()
}

// kerasDecodeIn decodes log as format, fed in chunks of size bytes, and
// also returns the state the parser was left in, caches dropped.
func kerasDecodeIn(t testing.TB, format Format, log []byte, size int) ([]Record, Stats, kerasParser) {
	t.Helper()
	return decodeParserIn(t, format, log, size, "Keras output", func(p *kerasParser) { p.scanner = kerasScanner{} })
}

// TestKerasOnSeveralCoresDecodesAsLineByLine decodes Keras output big
// enough to be cut into pieces for four workers, with what changes the
// parser's state in the first piece, a middle one, several, the last, and
// nowhere, headless epochs at the start or throughout, and expects what
// line-by-line decoding gives.
func TestKerasOnSeveralCoresDecodesAsLineByLine(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const n = 3000
	for k, c := range []struct {
		headless int
		at       []float64
	}{{0, nil}, {10, []float64{0.01}}, {0, []float64{0.5}}, {200, []float64{0.3, 0.31, 0.6, 0.9}}, {0, []float64{0.999}}, {n, nil}} {
		log := kerasWithSurprises(n, c.headless, c.at...)
		if len(log) < 8*parallelMin {
			t.Fatalf("log of %d bytes is too small to be cut for four workers", len(log))
		}
		for _, format := range []Format{FormatKerasStdout, ""} {
			want, wantSt, wantP := kerasDecodeIn(t, format, log, 4096) // runs too short to split
			size := 1 << 20
			if k%2 == 0 {
				size = len(log)
			}
			got, gotSt, gotP := kerasDecodeIn(t, format, log, size)
			what := fmt.Sprintf("%d headless, surprises at %v (%q)", c.headless, c.at, format)
			sameDecoding(t, what, got, want, gotSt, wantSt, gotP, wantP)
			if wantSt.Records < n || wantSt.SkipReasons["progress"] < 5*n || (c.headless < n) != (wantSt.Horizon > 0) {
				t.Errorf("%s: the epochs, their progress or the plan were not read: %+v, %+v", what, wantSt, wantP)
			}
			if len(c.at) > 0 && (wantSt.SkipReasons["binary"] != int64(len(c.at)) || wantSt.SkipReasons["header"] < int64(n-c.headless+2*len(c.at))) {
				t.Errorf("%s: not all surprises seen: %+v, %+v", what, wantSt, wantP)
			}
		}
	}
}

// TestKerasRunsAreSplit makes sure the test above exercises several
// cores: most lines of a long run are scanned in pieces after the first.
func TestKerasRunsAreSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	log := kerasWithSurprises(3000, 0, 0.5)
	kp := newKerasParallel(&kerasParser{})
	st := Stats{SkipReasons: map[string]int64{}}
	recs := kp.run(log, 1, nil, &st)
	scanned := 0
	for _, pc := range kp.pieces {
		scanned += len(pc.scans)
	}
	lines := bytes.Count(log, []byte{'\n'})
	if len(kp.pieces) < 5 || scanned < lines/2 || int64(len(recs)) != st.Records || st.Records < 3000 {
		t.Errorf("%d of %d lines scanned in %d pieces after the first, %d records, stats %+v", scanned, lines, len(kp.pieces), len(recs), st)
	}
}

// kerasLineInOrder is what the scan tells of the line t (colour codes
// stripped, its last state kept, trimmed) when it asks in the order the
// parser first did: metrics or not, then in progress or not.
func kerasLineInOrder(t []byte) (kerasKind, reason) {
	if _, _, ok := kerasEpoch(t); ok {
		return kerasHeader, reasonHeader
	}
	if !isKerasMetrics(t) {
		if bytes.Contains(t, []byte("/step")) || bytes.Contains(t, []byte("━")) || bytes.Contains(t, []byte("[=")) {
			return kerasOther, reasonProgress
		}
		return kerasOther, reasonNoMetric
	}
	if kerasInProgress(t) {
		return kerasOther, reasonProgress
	}
	return kerasMetrics, reasonNone
}

// TestKerasScanTellsProgressFirst makes sure that telling progress states
// before reading their metrics changes nothing: every line of Keras output
// in every style, and the surprises, get the kind and reason the order of
// the questions first asked gives.
func TestKerasScanTellsProgressFirst(t *testing.T) {
	var s kerasScanner
	log := kerasWithSurprises(200, 20, 0.1, 0.5)
	log = append(log, "12/380 - ETA: 3s\n12/380 [>...] - loss: 1\n1/380 ━ - foo: 2\n3/3 - loss: 1\n12/380 - 3s - loss: 2\n1/2 x\n"...)
	kinds := map[kerasKind]int{}
	for line := range bytes.Lines(log) {
		var rec Record
		sc := s.scan(line, &rec)
		kind, r := kerasLineInOrder(bytes.TrimSpace(lastPiece(stripANSI(nil, line), isKerasMetrics)))
		if sc.kind != kind || (kind == kerasOther && sc.reason != r) {
			t.Fatalf("%q: scanned as %d (%v), %d (%v) in the first order", line, sc.kind, sc.reason, kind, r)
		}
		kinds[kind]++
	}
	if len(kinds) != 3 {
		t.Errorf("not every kind of line seen: %v", kinds)
	}
}

// TestKerasRunsWithLittleRoom parses a run on several cores into slices
// with less spare room than records, none, and room for all, with records
// before the run's, and expects what line-by-line decoding gives: the
// pieces whose records outgrow their share of the room append elsewhere.
func TestKerasRunsWithLittleRoom(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	log := kerasWithSurprises(3000, 100, 0.2, 0.7)
	// Denser at the end: verbose=2, a line an epoch.
	for e := 1; e <= 2000; e++ {
		log = fmt.Appendf(log, "Epoch %d/2000\n - 3s - loss: %.4f - val_loss: %.4f\n", e, 1/float64(e), 2/float64(e))
	}
	want, wantSt, _ := kerasDecodeIn(t, FormatKerasStdout, log, 4096)
	for _, spare := range []int{0, 7, len(want) / 3, len(want)} {
		before := []Record{{Step: -1}, {Step: -2}, {Step: -3}}
		dst := append(make([]Record, 0, len(before)+spare), before...)
		kp := newKerasParallel(&kerasParser{})
		st := Stats{SkipReasons: map[string]int64{}}
		got := kp.run(log, 1, dst, &st)
		if len(got) != len(before)+len(want) || got[0].Step != -1 || got[2].Step != -3 {
			t.Fatalf("spare %d: %d records after %d, want %d", spare, len(got)-len(before), len(before), len(want))
		}
		st.Horizon, st.Unit = wantSt.Horizon, wantSt.Unit // the decoder's, from the parser's plan
		sameDecoding(t, fmt.Sprintf("spare %d", spare), got[len(before):], want, st, wantSt, kerasParser{}, kerasParser{})
	}
}
