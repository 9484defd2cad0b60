package decode

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"testing"
)

// hfWithSurprises is a HuggingFace console log long enough to be parsed on
// two cores: dicts printed after a cleared tqdm bar (which pair with the
// bar drawn next) among plain ones, and at line at what changes the
// parser's state or must be skipped: the end of a run (its summary, the
// next banner), a next run whose dicts carry no epoch (numbered in order),
// evaluation dicts with and without an epoch (also among the dicts of
// a run with epochs), blank, NUL-padded and binary
// lines, other output.
func hfWithSurprises(n, at int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "***** Running training *****\n  Num Epochs = 3\n  Total optimization steps = %d\n", n+1)
	epochs := true
	for i := 0; i < n; i++ {
		switch i {
		case at:
			b.WriteString("{'train_runtime': 12.5, 'train_samples_per_second': 40.1, 'train_loss': 1.25, 'epoch': 3.0}\n")
			b.WriteString("***** Running training *****\n  Num Epochs = 2\n  Total optimization steps = 4,000\n")
			epochs = false
			if at%2 == 1 { // the next run's first dict has an epoch and no metric: its x axis is the epoch
				b.WriteString("{'learning_rate': None, 'epoch': 0.0}\n")
			}
		case at + 1:
			fmt.Fprintf(&b, "{'eval_loss': %.17g, 'eval_runtime': 2.5, 'epoch': %g}\n", 1.5+math.Sin(float64(i)), float64(i)/2000)
			b.WriteString("{'eval_loss': 1.25, 'eval_accuracy': 0.5}\n")
		case at + 2:
			b.WriteString("   \n\x00\x00{'loss': 2.5, 'learning_rate': 1e-05, 'epoch': 1.5}\x00\nab\x00cd\n")
		case at + 3:
			b.WriteString("Perplexity: 1.0049\nMap: 100%|██████████| 100/100 [00:00<00:00, 1000.00 examples/s]\n")
			b.WriteString("{'loss': nan, 'grad_norm': inf, 'learning_rate': 'x', 'epoch': 1.6}\n{'learning_rate': 2e-05}\n")
		}
		epoch := ""
		if epochs && i%97 == 50 { // placed at the latest step
			b.WriteString("{'eval_loss': 1.75, 'eval_runtime': 1.5}\n")
		}
		if epochs {
			epoch = fmt.Sprintf(", 'epoch': %.2f", float64(i)/2000)
		}
		if i%5 == 4 || i%5 == 0 { // a dict printed by tqdm.write, then the bar drawn again
			fmt.Fprintf(&b, "\r %d%%|██▌   | %d/%d [00:01<00:02, 41.2it/s]\r", i*100/(n+1), i, n+1)
		}
		fmt.Fprintf(&b, "{'loss': %.4f, 'grad_norm': %.17g, 'learning_rate': %g%s}\n", 2/(1+float64(i)/500), 1+math.Cos(float64(i))/3, 5e-5*(1-float64(i)/float64(n)), epoch)
	}
	return b.Bytes()
}

// hfDecodeIn is decodeIn that also returns the state the HuggingFace
// parser was left in.
func hfDecodeIn(format Format, log []byte, size int) ([]Record, Stats, hfParser) {
	d := NewDecoder(format, "train.log")
	var recs []Record
	for i := 0; i < len(log); i += size {
		recs = d.Feed(log[i:min(len(log), i+size)], recs)
	}
	recs = d.Flush(recs)
	if b, ok := d.(*bomDecoder); ok {
		d = b.inner
	}
	if a, ok := d.(*autoDecoder); ok {
		d = a.inner
	}
	p := *d.(*lineDecoder).parser.(*hfParser)
	p.scanner, p.pairs = hfScanner{}, nil // caches
	return recs, d.Stats(), p
}

func TestHFOnTwoCoresDecodesAsLineByLine(t *testing.T) {
	const n = 40000 // about 4.7 MB: runs of 1 MiB are split in two, the whole log in pieces (maxRunBytes)
	for k, at := range []int{-10, 10, 2000, 4000, 4001, 5000, 9000, 12500, 12501, 20000, 39990} {
		log := hfWithSurprises(n, at)
		for _, format := range []Format{FormatHFStdout, ""} {
			want, wantSt, wantP := hfDecodeIn(format, log, 64) // runs too short to split
			size := 1 << 20
			if k%2 == 0 {
				size = len(log)
			}
			got, gotSt, gotP := hfDecodeIn(format, log, size)
			if len(got) != len(want) {
				t.Fatalf("surprises at line %d (%q): %d records on two cores, %d line by line", at, format, len(got), len(want))
			}
			for i := range want {
				if !sameRecord(got[i], want[i]) || got[i].Epoch != want[i].Epoch || got[i].HasEpoch != want[i].HasEpoch || got[i].Line != want[i].Line {
					t.Fatalf("surprises at line %d (%q): record %d is %+v on two cores, %+v line by line", at, format, i, got[i], want[i])
				}
			}
			gotSt.Bytes, wantSt.Bytes = 0, 0
			if !reflect.DeepEqual(gotSt, wantSt) {
				t.Errorf("surprises at line %d (%q): stats %+v on two cores, %+v line by line", at, format, gotSt, wantSt)
			}
			if !reflect.DeepEqual(gotP, wantP) {
				t.Errorf("surprises at line %d (%q): parser left at %+v on two cores, %+v line by line", at, format, gotP, wantP)
			}
			if at >= 0 && (wantSt.SkipReasons["summary"] != 1 || wantSt.SkipReasons["binary"] != 1) {
				t.Errorf("surprises at line %d: not all seen: %+v", at, wantSt)
			}
			if at < 0 && (wantP.run.pairN < n-10 || wantSt.Horizon == 0) {
				t.Errorf("no surprises: the bars did not pair with the dicts: %+v, %+v", wantP.run, wantSt)
			}
		}
	}
}

// TestHFRunsAreSplit makes sure the test above exercises several cores:
// most lines of a long run are scanned in pieces after the first.
func TestHFRunsAreSplit(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: runs are not split")
	}
	log := hfWithSurprises(20000, -100)
	p := &hfParser{}
	hp := newHFParallel(p)
	st := Stats{SkipReasons: map[string]int64{}}
	recs := hp.run(log[:bytes.LastIndexByte(log, '\n')+1], 1, nil, &st)
	scanned := 0
	for _, pc := range hp.pieces {
		scanned += len(pc.scans)
	}
	if scanned < 10000 || int64(len(recs)) != st.Records || st.Records < 20000 {
		t.Errorf("%d lines scanned in pieces after the first, %d records, stats %+v", scanned, len(recs), st)
	}
}
