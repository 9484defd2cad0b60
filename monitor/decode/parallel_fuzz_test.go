package decode

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// The fuzz targets of the decoders feed inputs too short to be split
// between cores. These put the fuzzer's bytes in the middle of a log long
// enough to be split, near a cut, and compare with decoding the same log
// in runs too short to split.

// aroundCut makes logs just long enough to be split with the fuzzer's bytes
// near a cut: the run is cut into pieces at a quarter, half and three
// quarters of its length, and the bytes go around the middle.
type aroundCut struct {
	head, tail []byte
	middle     [][]byte // lines, some of which go before the bytes
}

func newAroundCut(f *testing.F, head, middle, tail []byte) aroundCut {
	if len(head)+len(tail) < parallelMin {
		f.Fatalf("a log of %d bytes is not split", len(head)+len(tail))
	}
	return aroundCut{head: head, tail: tail, middle: bytes.SplitAfter(middle, []byte{'\n'})}
}

// log is head, shift lines of the middle (modulo their number), data as a
// line, and tail.
func (a aroundCut) log(data []byte, shift uint16) []byte {
	log := append(append([]byte(nil), a.head...), bytes.Join(a.middle[:int(shift)%len(a.middle)], nil)...)
	return append(append(append(log, data...), '\n'), a.tail...)
}

// hfPadding is n lines of a HuggingFace run, with bars.
func hfPadding(n, from int) []byte {
	var b bytes.Buffer
	for i := from; i < from+n; i++ {
		if i%7 == 0 {
			fmt.Fprintf(&b, "\r %d%%|█  | %d/90000 [00:01<00:02, 41.2it/s]\r", i/900, i)
		}
		fmt.Fprintf(&b, "{'loss': %.4f, 'learning_rate': %g, 'epoch': %.2f}\n", 1/float64(i+1), 5e-5, float64(i)/3000)
	}
	return b.Bytes()
}

func FuzzHFOnTwoCores(f *testing.F) {
	for _, name := range []string{"hf-stdout.log", "hf-logging.log"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "formats", name)); err == nil {
			f.Add(b, uint16(0))
		}
	}
	f.Add([]byte("{'train_runtime': 1.5, 'train_loss': 2.0, 'epoch': 3.0}\n***** Running training *****\n{'loss': 1.0}\n"), uint16(300))
	f.Add([]byte("\x00\x00{'learning_rate': None, 'epoch': 0.5}\x00\n   \n{'eval_loss': 1.5}"), uint16(900))
	around := newAroundCut(f, hfPadding(1000, 0), hfPadding(100, 5000), hfPadding(1200, 1000))
	f.Fuzz(func(t *testing.T, data []byte, shift uint16) {
		log := around.log(data, shift)
		want, wantSt, wantP := hfDecodeIn(FormatHFStdout, log, 4096) // runs too short to split
		got, gotSt, gotP := hfDecodeIn(FormatHFStdout, log, len(log))
		if len(got) != len(want) {
			t.Fatalf("%d records on two cores, %d line by line", len(got), len(want))
		}
		for i := range want {
			if !sameRecord(got[i], want[i]) || got[i].Epoch != want[i].Epoch || got[i].HasEpoch != want[i].HasEpoch || got[i].Line != want[i].Line {
				t.Fatalf("record %d is %+v on two cores, %+v line by line", i, got[i], want[i])
			}
		}
		gotSt.Bytes, wantSt.Bytes = 0, 0
		if !reflect.DeepEqual(gotSt, wantSt) || !reflect.DeepEqual(gotP, wantP) {
			t.Fatalf("stats %+v, parser %+v on two cores; %+v, %+v line by line", gotSt, gotP, wantSt, wantP)
		}
	})
}

func FuzzTFEventsOnTwoCores(f *testing.F) {
	f.Add(tfFrame(tfEvent(3, 1, tfSimple("epoch", 2), tfSimple("loss", 1))), uint16(0))
	f.Add(append(tfFrame(tfEvent(3, 1, tfSimple("epoch", 2))), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), uint16(40))
	f.Add(buildTFFixture(), uint16(7))
	head, tail := tfStream(1200), tfStream(1200)
	if len(head)+len(tail) < parallelMin {
		f.Fatalf("%d bytes of frames are not cut", len(head)+len(tail))
	}
	var middle [][]byte
	for i := range 600 {
		middle = append(middle, tfFrame(tfEvent(int64(i), 1, tfSimple("val/loss", float32(i)))))
	}
	f.Fuzz(func(t *testing.T, data []byte, shift uint16) {
		// The run is cut into pieces at frame boundaries near a quarter,
		// half and three quarters of its length: put data around the
		// middle (after some frames) or at the end of the first half.
		log := append(append([]byte(nil), head...), bytes.Join(middle[:int(shift)%len(middle)], nil)...)
		log = append(append(log, data...), tail...)
		want, wantSt := tfDecodeAll(log, 4096)
		got, gotSt := tfDecodeAll(log, 0)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSt, wantSt) {
			t.Fatalf("%d records %+v on two cores; %d records %+v in order", len(got), gotSt, len(want), wantSt)
		}
	})
}

// kvPadding is n lines of a text log of named numbers (see kvLine), with a
// long ruler after every fourth: the log is long enough to be split with
// few lines to parse.
func kvPadding(n, from int) []byte {
	var b bytes.Buffer
	for i := from; i < from+n; i++ {
		kvLine(&b, i)
		if i%4 == 3 {
			b.WriteString(strings.Repeat("-", 2000) + "\n")
		}
	}
	return b.Bytes()
}

// FuzzKVOnSeveralCores is named so that -fuzz FuzzKVText matches only the
// parser's own target.
func FuzzKVOnSeveralCores(f *testing.F) {
	// Short seeds: the fuzzer minimises every input that finds new
	// coverage, and a long one takes it a minute on a log this long.
	var surprise bytes.Buffer
	kvSurprise(&surprise, 0)
	for i, line := range bytes.SplitAfter(surprise.Bytes(), []byte{'\n'}) {
		f.Add(line, uint16(7*i))
	}
	f.Add([]byte("ep: 0, batch: 20, time: 9.17, ntokens: 485.20/513, loss: 10.98\nstep 100/5000 | loss 3.2 | dt 120.5ms"), uint16(0))
	f.Add([]byte("Epoch [0/3], Step [9/9], Loss: 1\n(epoch: 0, iters: 1, time: 2) x: 1\x00\n\r\rstep=1e300, loss=2"), uint16(90))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	around := newAroundCut(f, kvPadding(120, 0), kvPadding(20, 120), kvPadding(130, 140))
	f.Fuzz(func(t *testing.T, data []byte, shift uint16) {
		log := around.log(data, shift)
		want, wantSt, wantP := kvDecodeIn(t, FormatKVText, log, 4096) // runs too short to split
		got, gotSt, gotP := kvDecodeIn(t, FormatKVText, log, len(log))
		sameDecoding(t, "fuzzed", got, want, gotSt, wantSt, gotP, wantP)
	})
}

// kerasPadding is n epochs of Keras output (see kerasEpochLines), from
// epoch from, with a long ruler after every fourth: the log is long enough
// to be split with few lines to parse.
func kerasPadding(n, from int) []byte {
	var b bytes.Buffer
	for e := from; e < from+n; e++ {
		kerasEpochLines(&b, e, 10000, e%9 == 0)
		if e%4 == 3 {
			b.WriteString(strings.Repeat("-", 2000) + "\n")
		}
	}
	return b.Bytes()
}

// FuzzKerasOnSeveralCores is named so that -fuzz FuzzKerasStdout matches
// only the parser's own target.
func FuzzKerasOnSeveralCores(f *testing.F) {
	// Short seeds, as FuzzKVOnSeveralCores's.
	var surprise bytes.Buffer
	kerasSurprise(&surprise, 0)
	for i, line := range bytes.SplitAfter(surprise.Bytes(), []byte{'\n'}) {
		f.Add(line, uint16(7*i))
	}
	f.Add([]byte("Epoch 2/7\n5/5 \x1b[32m━━━━\x1b[0m 1s 9ms/step - loss: 0.5 - val_loss: 0.6\n - 3s - acc: 0.9"), uint16(0))
	f.Add([]byte("\r1/2 [==>..] - ETA: 1s - loss: 1\x08\x08\r2/2 [=====] - 1s - loss: 0.9\nEpoch 0/3\n\x00\x003083s - loss: 1.7"), uint16(90))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	around := newAroundCut(f, kerasPadding(60, 1), kerasPadding(12, 61), kerasPadding(64, 73))
	f.Fuzz(func(t *testing.T, data []byte, shift uint16) {
		log := around.log(data, shift)
		want, wantSt, wantP := kerasDecodeIn(t, FormatKerasStdout, log, 4096) // runs too short to split
		got, gotSt, gotP := kerasDecodeIn(t, FormatKerasStdout, log, len(log))
		sameDecoding(t, "fuzzed", got, want, gotSt, wantSt, gotP, wantP)
	})
}
