package decode

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests for issue 15: logs of other projects read wrong or not at all.
// Each fixture in testdata/issue15 was written for the case it names.

func issue15(t *testing.T, name string) (Decoder, []Record) {
	t.Helper()
	d, recs := decodeFile(t, filepath.Join("testdata", "issue15", name))
	assertCounts(t, d)
	return d, recs
}

func TestCSVTimestampColumnDoesNotHideNumericColumns(t *testing.T) {
	d, recs := issue15(t, "lightning-created-at.csv")
	st := d.Stats()
	if st.Records != 104 || st.Skipped != 1 || st.SkipReasons["header"] != 1 {
		t.Fatalf("records/skipped = %d/%d (%v), want 104/1 (the header)", st.Records, st.Skipped, st.SkipReasons)
	}
	if d.Format() != FormatLightningCSV {
		t.Errorf("format %q, want %q", d.Format(), FormatLightningCSV)
	}
	loss := series(recs, "train_loss")
	if len(loss) != 104 || loss[0] != (point{1, 15.917465209960938}) {
		t.Fatalf("train_loss = %v..., want 104 points from (1, 15.917465209960938)", loss[:min(3, len(loss))])
	}
	want := time.Date(2020, 2, 3, 14, 8, 30, 980366000, time.UTC)
	if !at(recs[0]).Equal(want) {
		t.Errorf("first row's time = %v, want %v (the created_at column)", at(recs[0]), want)
	}
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == "created_at" {
				t.Fatalf("created_at became a metric: %v", r)
			}
		}
	}
}

func TestCSVTextColumnsAreNotMetricsAndDoNotHideTheRest(t *testing.T) {
	d, recs := issue15(t, "text-columns.csv")
	if st := d.Stats(); st.Records != 3 {
		t.Fatalf("records = %d, want 3 (%v)", st.Records, st.SkipReasons)
	}
	if got := series(recs, "loss"); !samePoints(got, []point{{1, 2.5}, {2, 2.25}, {3, 2.0}}) {
		t.Errorf("loss = %v", got)
	}
	if got := series(recs, "run"); len(got) != 0 {
		t.Errorf("run became a metric: %v", got)
	}
}

func TestProseUnderALineOfNamesIsNotATable(t *testing.T) {
	d := NewDecoder("", "log.txt")
	recs := d.Feed([]byte("Starting run, seed\nrun name not given, 42\n"), nil)
	recs = d.Flush(recs)
	if len(recs) != 0 || d.Stats().SkipReasons["header"] != 0 {
		t.Errorf("prose read as CSV: format %q, records %v", d.Format(), recs)
	}
}

func TestEventFileIsRecognisedByItsChecksumsWhateverItsName(t *testing.T) {
	data := readIssue15Binary(t, "tbx-old-events.bin")
	for _, chunk := range []int{0, 1, 5, 13} {
		d := NewDecoder("", "-")
		recs := decodeWith(t, d, data, chunk)
		if d.Format() != FormatTFEvents {
			t.Fatalf("chunk %d: format %q, want %q (%v)", chunk, d.Format(), FormatTFEvents, d.Stats().SkipReasons)
		}
		want := []point{{10, 2}, {20, 1}, {30, float64(float32(2) / 3)}, {40, 0.5}, {50, 0.4000000059604645}}
		if got := series(recs, "loss"); !samePoints(got, want) {
			t.Errorf("chunk %d: loss = %v, want %v", chunk, got, want)
		}
		st := d.Stats()
		if st.Lines != 6 || st.SkipReasons["no metric"] != 1 {
			t.Errorf("chunk %d: lines %d, reasons %v; want 6 frames, the first skipped as no metric", chunk, st.Lines, st.SkipReasons)
		}
	}
}

func TestTextStartingLikeAFrameHeaderIsStillText(t *testing.T) {
	d := NewDecoder("", "-")
	recs := decodeWith(t, d, []byte("step=1 loss=0.5\nstep=2 loss=0.4\n"), 0)
	if d.Format() != FormatKVText || len(recs) != 2 {
		t.Errorf("format %q, %d records", d.Format(), len(recs))
	}
}

func TestFrameOver16MiBIsARecordWithoutAScalar(t *testing.T) {
	data := readIssue15Binary(t, "big-record.tfevents.gz")
	for _, chunk := range []int{0, 1 << 20, 4093} {
		d := NewDecoder("", "events.out.tfevents.1.host")
		recs := decodeWith(t, d, data, chunk)
		st := d.Stats()
		if got := series(recs, "loss"); !samePoints(got, []point{{1, 1.5}, {2, 1.25}}) {
			t.Errorf("chunk %d: loss = %v", chunk, got)
		}
		if st.Lines != 4 || st.SkipReasons["no scalar"] != 1 || st.SkipReasons["corrupt"] != 0 {
			t.Errorf("chunk %d: lines %d, reasons %v; want 4 frames, the graph as no scalar", chunk, st.Lines, st.SkipReasons)
		}
	}
}

func TestFrameOver16MiBWithBadDataIsBadCRCAndReadingGoesOn(t *testing.T) {
	data := bytes.Clone(readIssue15Binary(t, "big-record.tfevents.gz"))
	data[len(data)/2] ^= 0xff // inside the graph
	d := NewDecoder(FormatTFEvents, "x")
	recs := decodeWith(t, d, data, 1<<20)
	st := d.Stats()
	if len(recs) != 2 || st.SkipReasons["bad crc"] != 1 {
		t.Errorf("%d records, reasons %v; want 2 and one bad crc", len(recs), st.SkipReasons)
	}
}

func TestFrameOver16MiBCutShortIsIncomplete(t *testing.T) {
	data := readIssue15Binary(t, "big-record.tfevents.gz")
	d := NewDecoder(FormatTFEvents, "x")
	recs := decodeWith(t, d, data[:10<<20], 1<<20)
	st := d.Stats()
	if len(recs) != 1 || st.SkipReasons["incomplete"] != 1 || st.Lines != 3 {
		t.Errorf("%d records, lines %d, reasons %v; want 1 and the graph incomplete", len(recs), st.Lines, st.SkipReasons)
	}
}

func TestHFDictAfterProgressBarOnTheSameLineIsARecord(t *testing.T) {
	d, recs := issue15(t, "hf-nohup.log")
	if d.Format() != FormatHFStdout {
		t.Fatalf("format %q", d.Format())
	}
	loss := series(recs, "loss")
	if len(loss) != 175 {
		t.Fatalf("%d loss points, want all 175 dicts (%v)", len(loss), d.Stats().SkipReasons)
	}
	// Every 5th of 875 steps, 175 a epoch: the dicts' epoch (written with
	// two decimals) places them.
	for i, p := range loss {
		if want := math.Round(float64(5*(i+1))/175*100) / 100; p.step != want {
			t.Fatalf("loss point %d at %v, want epoch %v", i, p.step, want)
		}
	}
	if ev := series(recs, "eval_loss"); len(ev) != 5 || ev[0].step != 1 {
		t.Errorf("eval_loss = %v, want 5 points, the first at epoch 1", ev)
	}
	// nohup: the dicts come in bursts, away from the bar: no count is
	// paired with them, and the banner says no number of epochs.
	if st := d.Stats(); st.Horizon != 0 || st.Unit != UnitEpoch {
		t.Errorf("horizon %v unit %q, want unknown, epochs", st.Horizon, st.Unit)
	}
}

func TestRecordAfterNULPaddingIsARecord(t *testing.T) {
	for _, tc := range []struct {
		file    string
		format  Format
		records int64
		binary  int64
	}{
		{"nul-start.jsonl", FormatJSONL, 8, 0},
		// one line of padding alone, and the padding at the end
		{"nul-start.log", FormatKVText, 6, 2},
	} {
		d, recs := issue15(t, tc.file)
		st := d.Stats()
		if d.Format() != tc.format || st.Records != tc.records || st.SkipReasons["binary"] != tc.binary {
			t.Errorf("%s: format %q, records %d, reasons %v; want %q, %d, %d binary", tc.file, d.Format(), st.Records, st.SkipReasons, tc.format, tc.records, tc.binary)
		}
		if loss := series(recs, "loss"); len(loss) == 0 || loss[0].step != 1 {
			t.Errorf("%s: loss = %v, want it to start at step 1", tc.file, loss)
		}
	}
}

func TestNULsInsideTextAreStillBinary(t *testing.T) {
	d := NewDecoder(FormatKVText, "x")
	decodeWith(t, d, []byte("step=1 loss=0.5\nstep=2 lo\x00ss=0.4\n"), 0)
	if st := d.Stats(); st.Records != 1 || st.SkipReasons["binary"] != 1 {
		t.Errorf("records %d, reasons %v", st.Records, st.SkipReasons)
	}
}

func TestCounterThatStartsAgainEachEpochBecomesAStepThroughTheRun(t *testing.T) {
	d, recs := issue15(t, "pix2pix-loss_log.txt")
	if d.Format() != FormatKVText {
		t.Fatalf("format %q", d.Format())
	}
	g := series(recs, "G_GAN")
	if len(g) != 12 {
		t.Fatalf("%d G_GAN points, want 12", len(g))
	}
	for i, p := range g {
		if want := float64(100 * (i + 1)); p.step != want {
			t.Errorf("point %d at step %v, want %v", i, p.step, want)
		}
	}
	if it := series(recs, "iters"); len(it) != 0 {
		t.Errorf("iters is a metric: %v", it)
	}
	if st := d.Stats(); st.SkipReasons["no metric"] != 4 { // the banner and three "saving the model" lines
		t.Errorf("reasons %v", st.SkipReasons)
	}
}

func TestGlobalStepBesideAnEpochIsLeftAsItIs(t *testing.T) {
	d := NewDecoder("", "x")
	recs := decodeWith(t, d, []byte("epoch=0 step=90 loss=1\nepoch=1 step=100 loss=0.9\nepoch=0 step=10 loss=1.5\nepoch=1 step=20 loss=1.2\n"), 0)
	// a restart (epoch back to 0) is counted from the start again; 20 > 10 at the epoch change
	if got := series(recs, "loss"); !samePoints(got, []point{{90, 1}, {100, 0.9}, {10, 1.5}, {20, 1.2}}) {
		t.Errorf("loss = %v", got)
	}
}

func TestStepsBeyond2To53StayExactIntegers(t *testing.T) {
	want := []int64{1<<53 + 1, 1<<53 + 2, 1<<53 + 3}
	for _, file := range []string{"big-step.jsonl", "big-step.csv", "big-step.log", "big-step.tfevents"} {
		var recs []Record
		if file == "big-step.tfevents" {
			d := NewDecoder("", "-")
			recs = decodeWith(t, d, readIssue15Binary(t, file), 0)
		} else {
			_, recs = issue15(t, file)
		}
		var got []int64
		for _, r := range recs {
			s, ok := r.StepInt()
			if !ok {
				t.Fatalf("%s: step %v is not an integer", file, r.Step)
			}
			got = append(got, s)
		}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s: steps %v, want %v", file, got, want)
		}
	}
}

func TestStepIntOfOrdinaryAndFractionalSteps(t *testing.T) {
	for _, tc := range []struct {
		r    Record
		want int64
		ok   bool
	}{
		{Record{Step: 0}, 0, true},
		{Record{Step: 42}, 42, true},
		{Record{Step: 2.5}, 0, false},
		{Record{Step: 1 << 53, StepExact: 1<<53 + 1}, 1<<53 + 1, true},
		// a step changed after it was read (MMDetection's offset) no longer matches its exact value
		{Record{Step: 170, StepExact: 50}, 170, true},
		{Record{Step: nan}, 0, false},
	} {
		if got, ok := tc.r.StepInt(); got != tc.want || ok != tc.ok {
			t.Errorf("StepInt of %+v = %d, %v; want %d, %v", tc.r, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEpochRankIsTheRankOfEpoch(t *testing.T) {
	if kvStepKeys[batchRank] != "batch" || kvStepKeys[batchRank+1] != "batches" {
		t.Errorf("batchRank %d, but kvStepKeys[%d:] = %q", batchRank, batchRank, kvStepKeys[batchRank:])
	}
	if kvStepKeys[epochRank] != "epoch" || kvStepRank([]byte("epoch")) != epochRank {
		t.Errorf("epochRank %d, but kvStepKeys[%d] = %q", epochRank, epochRank, kvStepKeys[epochRank])
	}
}

// TestKVStepRankIgnoresCase checks the step keys in any case, and that
// keys the first-letter test turns away are not step keys.
func TestKVStepRankIgnoresCase(t *testing.T) {
	for i, k := range kvStepKeys {
		for _, key := range []string{k, strings.ToUpper(k), strings.ToUpper(k[:1]) + k[1:]} {
			if r := kvStepRank([]byte(key)); r != i {
				t.Errorf("rank of %q is %d, want %d", key, r, i)
			}
		}
	}
	for _, key := range []string{"loss", "lr", "Epochs", "s", "_step", "global_steps", "grad_norm"} {
		if r := kvStepRank([]byte(key)); r != len(kvStepKeys) {
			t.Errorf("%q ranked %d as a step key", key, r)
		}
	}
}

func TestCSVUnixCreatedAtIsTheRowsTimeNotAMetric(t *testing.T) {
	_, recs := issue15(t, "unix-created-at.csv")
	if len(recs) != 2 || at(recs[0]).Unix() != 1580738910 || len(series(recs, "created_at")) != 0 {
		t.Errorf("records %+v", recs)
	}
}

func TestNULPaddingInALargeJSONLinesLogLosesNoRecord(t *testing.T) {
	var log []byte
	for i := 1; i <= 40000; i++ {
		if i%10000 == 0 {
			log = append(log, bytes.Repeat([]byte{0}, 4096)...) // a crash's hole, then the run went on
		}
		log = append(log, fmt.Sprintf(`{"step": %d, "loss": %g}`+"\n", i, 1/float64(i))...)
	}
	for _, f := range []Format{"", FormatJSONL} {
		d := NewDecoder(f, "x")
		recs := decodeWith(t, d, log, 1<<20)
		if st := d.Stats(); len(recs) != 40000 || st.Skipped != 0 {
			t.Errorf("format %q: %d records, skipped %v", f, len(recs), st.SkipReasons)
		}
	}
}
