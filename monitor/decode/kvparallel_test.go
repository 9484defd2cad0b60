package decode

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"testing"
)

// kvLine writes line i of a text log of named numbers, in one of the
// styles whose steps depend on the lines before: the PyTorch tutorials'
// step within the epoch as a fraction (its step through the run depends on
// whether an epoch 0 was seen), pix2pix's iteration count that starts again
// at every epoch (the steps of the epochs before are added), a global step
// after a leading time, and "step=N, loss=x" (after a progress bar
// rewritten with \r now and then; without separators, as "step N loss x",
// it is not read).
func kvLine(b *bytes.Buffer, i int) {
	loss := 2/(1+float64(i)/500) + 0.01*float64(i%7)
	switch i % 4 {
	case 0:
		fmt.Fprintf(b, "Epoch [%d/10], Step [%d/600], Loss: %.4f\n", 1+i/2400, (i/4)%600+1, loss)
	case 1:
		fmt.Fprintf(b, "(epoch: %d, iters: %d, time: 0.125, data: 0.002) G_GAN: %.3f D_real: %.3f\n", 1+i/800, (i%800)*4+4, loss, loss/2)
	case 2:
		fmt.Fprintf(b, "2024-05-01 12:%02d:%02d,%03d | epoch %d | step %d | loss %.12f | lr %g | grad_norm %.4f\n", (i/60)%60, i%60, i%1000, 1+i/800, i, loss, 1.23e-4, 1+loss/3)
	default:
		if i%7 == 3 {
			fmt.Fprintf(b, "\r 45%%|████▌     | %d/%d [00:01<00:02, 41.2it/s]\r", i, 2*i)
		}
		if i%8 == 7 {
			fmt.Fprintf(b, "step %d loss %.5f\n", i, loss) // no separator: not read
			return
		}
		fmt.Fprintf(b, "step=%d, loss=%.5f\n", i, loss)
	}
}

// kvSurprise writes, as the h-th surprise, lines that change the parser's
// state or must be skipped: an epoch 0 (from then on epochs count from 0),
// fairseq's max_update, an epoch going back (a new run of pix2pix), a
// planned length of another run, a JSON dict after a prefix, a step beyond
// 2^53, blank, NUL-padded, binary and other lines.
func kvSurprise(b *bytes.Buffer, h int) {
	fmt.Fprintf(b, "[2024-05-01 12:00:00,123][fairseq_cli.train][INFO] - {'_name': None, 'max_update': %d, 'lr': [0.0005]}\n", 400000*(h+1))
	if h%2 == 0 {
		b.WriteString("Epoch [0/10], Step [5/600], Loss: 2.5000\n")
	}
	fmt.Fprintf(b, "(epoch: %d, iters: 8, time: 0.1, data: 0.01) G_GAN: 1.5 D_real: 0.5\n", h)
	fmt.Fprintf(b, "Epoch [%d/%d], Step [%d/700], Loss: 1.25\n", h+1, 12+h, 10*h+1)
	fmt.Fprintf(b, "[2022-04-08 18:48:05,372][train_inner][INFO] - {\"epoch\": %d, \"loss\": \"9.276\", \"num_updates\": \"%d\"}\n", h, 200*h)
	b.WriteString("step 9007199254740993 loss 0.5\n")
	b.WriteString("   \n\x00\x00step 12 loss 0.25\x00\nab\x00cd\n\n")
	b.WriteString("Traceback (most recent call last):\n 45%|████▌     | 45/100 [00:01<00:02, 41.2it/s]\r\n")
	b.WriteString("ep: 3, batch: 20, loss: nan\nepoch=2 step=inf loss=1\nepoch 3\n")
}

// kvWithSurprises is a text log of n lines of named numbers, long enough to
// be cut into pieces for several workers, with surprises (see kvSurprise)
// before the lines at the given shares of n.
func kvWithSurprises(n int, at ...float64) []byte {
	var b bytes.Buffer
	h := 0
	for i := 0; i < n; i++ {
		for h < len(at) && i == int(at[h]*float64(n)) {
			kvSurprise(&b, h)
			h++
		}
		kvLine(&b, i)
	}
	return b.Bytes()
}

// kvDecodeIn decodes log as format, fed in chunks of size bytes, and also
// returns the state the parser was left in, caches dropped.
func kvDecodeIn(t testing.TB, format Format, log []byte, size int) ([]Record, Stats, kvParser) {
	t.Helper()
	return decodeParserIn(t, format, log, size, "text of named numbers", func(p *kvParser) { p.scanner = kvScanner{} })
}

// decodeParserIn decodes log as format, fed in chunks of size bytes, and
// also returns the state its parser, a P (what names what it reads), was
// left in, with forget dropping its caches.
func decodeParserIn[P any, PP interface {
	*P
	lineParser
}](t testing.TB, format Format, log []byte, size int, what string, forget func(*P)) ([]Record, Stats, P) {
	t.Helper()
	d := NewDecoder(format, "train.log")
	recs := decodeWith(t, d, log, size)
	if b, ok := d.(*bomDecoder); ok {
		d = b.inner
	}
	if a, ok := d.(*autoDecoder); ok {
		d = a.inner
	}
	p, ok := d.(*lineDecoder).parser.(PP)
	if !ok {
		t.Fatalf("read as %q, not as %s", d.Format(), what)
	}
	st := d.Stats()
	st.Bytes = 0
	q := *(*P)(p)
	forget(&q)
	return recs, st, q
}

// sameDecoding fails t unless two decodings gave the same records (steps,
// exact steps, times, epochs, metrics, line numbers), counts, horizon and
// parser state.
func sameDecoding[P any](t testing.TB, what string, got, want []Record, gotSt, wantSt Stats, gotP, wantP P) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d records on several cores, %d line by line", what, len(got), len(want))
	}
	for i := range want {
		if !sameRecord(got[i], want[i]) || got[i].Epoch != want[i].Epoch || got[i].HasEpoch != want[i].HasEpoch || got[i].Line != want[i].Line {
			t.Fatalf("%s: record %d is %+v on several cores, %+v line by line", what, i, got[i], want[i])
		}
	}
	if !reflect.DeepEqual(gotSt, wantSt) {
		t.Fatalf("%s: stats %+v on several cores, %+v line by line", what, gotSt, wantSt)
	}
	if !reflect.DeepEqual(gotP, wantP) {
		t.Fatalf("%s: parser left at %+v on several cores, %+v line by line", what, gotP, wantP)
	}
}

// TestKVTextOnSeveralCoresDecodesAsLineByLine decodes text logs big enough
// to be cut into pieces for four workers, with what changes the parser's
// state in the first piece, a middle one, several, the last, and nowhere,
// and expects what line-by-line decoding gives.
func TestKVTextOnSeveralCoresDecodesAsLineByLine(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for k, at := range [][]float64{nil, {0.01}, {0.5}, {0.3, 0.31, 0.6, 0.9}, {0.999}} {
		log := kvWithSurprises(40000, at...)
		if len(log) < 8*parallelMin {
			t.Fatalf("log of %d bytes is too small to be cut for four workers", len(log))
		}
		for _, format := range []Format{FormatKVText, ""} {
			want, wantSt, wantP := kvDecodeIn(t, format, log, 4096) // runs too short to split
			size := 1 << 20
			if k%2 == 0 {
				size = len(log)
			}
			got, gotSt, gotP := kvDecodeIn(t, format, log, size)
			sameDecoding(t, fmt.Sprintf("surprises at %v (%q)", at, format), got, want, gotSt, wantSt, gotP, wantP)
			if wantSt.Horizon == 0 || wantSt.Records < 35000 || (len(at) == 0 && wantP.epochs.base == 0) {
				t.Errorf("surprises at %v: the plans or epochs were not read: %+v, %+v", at, wantSt, wantP)
			}
			if len(at) > 0 && (!wantP.zeroEpoch || wantSt.SkipReasons["config"] < int64(len(at)) || wantSt.SkipReasons["binary"] != int64(len(at))) {
				t.Errorf("surprises at %v: not all seen: %+v, %+v", at, wantSt, wantP)
			}
		}
	}
}

// TestKVTextRunsAreSplit makes sure the test above exercises several
// cores: most lines of a long run are scanned in pieces after the first.
func TestKVTextRunsAreSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	log := kvWithSurprises(40000, 0.5)
	kp := newKVParallel(&kvParser{})
	st := Stats{SkipReasons: map[string]int64{}}
	recs := kp.run(log, 1, nil, &st)
	scanned := 0
	for _, pc := range kp.pieces {
		scanned += len(pc.scans)
	}
	if len(kp.pieces) < 5 || scanned < 30000 || int64(len(recs)) != st.Records || st.Records < 35000 {
		t.Errorf("%d lines scanned in %d pieces after the first, %d records, stats %+v", scanned, len(kp.pieces), len(recs), st)
	}
}
