package decode

import (
	"path/filepath"
	"testing"
)

// allFixtures is every fixture of testdata/formats with what it decodes
// to: those of formats_test.go and those of the formats added beside it.
func allFixtures() []fixtureTest {
	all := append([]fixtureTest(nil), fixtureTests...)
	all = append(all, tableFixtureTests...)
	all = append(all, kvFormFixtures...)
	return append(all, darknetFixtureTests...)
}

var tableFixtureTests = []fixtureTest{
	{"fastai.log", FormatFastai, 8, 4, 4, "train_loss",
		// fine_tune: one frozen epoch, then a new table from epoch 0; the
		// time column (mm:ss, hh:mm:ss) is a timing, not a metric
		[]point{{0, 0.912374}, {0, 0.401234}, {1, 0.301234}, {2, 0.201234}},
		map[string]int64{"header": 2, "no metric": 2}},
	{"fastai.log", FormatFastai, 8, 4, 4, "valid_loss",
		// "#na#": fastai had no value for the column at epoch 1
		[]point{{0, 0.354321}, {0, 0.254321}, {2, 0.214321}}, nil},
	{"keras-history.txt", FormatTable, 9, 5, 4, "val_loss",
		// the index is the epoch; pandas' ".." row and "[100 rows x 5
		// columns]" are not points
		[]point{{0, 0.324231}, {1, 0.254321}, {2, nan}, {98, 0.384321}, {99, 0.391321}},
		map[string]int64{"header": 1, "no metric": 2, "blank": 1}},
	{"keras-history.txt", FormatTable, 9, 5, 4, "lr", []point{{0, 0.001}, {1, 0.001}, {2, 0.0005}, {98, 0.00001}, {99, 0.00001}}, nil},
	{"table.log", FormatTable, 5, 3, 2, "Val Loss",
		// a name with a space in it; a wide cell one space from the next
		[]point{{100, 2.456789}, {200, 2.356789}, {300, 2.256789}}, nil},
	{"table.log", FormatTable, 5, 3, 2, "Loss", []point{{100, 2.345678}, {200, 12.345678}, {300, 1234.567891}}, nil},
}

func TestTableStepsCountWhatPlacesTheRows(t *testing.T) {
	for file, want := range map[string]Unit{"fastai.log": UnitEpoch, "keras-history.txt": UnitEpoch, "table.log": UnitStep} {
		d, recs := decodeFile(t, filepath.Join("testdata", "formats", file))
		if got := d.Stats().Unit; got != want {
			t.Errorf("%s: unit %q, want %q", file, got, want)
		}
		if file != "table.log" && (!recs[0].HasEpoch || recs[len(recs)-1].Epoch != recs[len(recs)-1].Step) {
			t.Errorf("%s: records %+v do not carry their epoch", file, recs)
		}
	}
}

func TestTableHeaderWaitsForARowUnderIt(t *testing.T) {
	tests := []struct {
		name, input string
		format      Format
		records     int
		reasons     map[string]int64
	}{
		{"warnings between header and first row",
			"epoch     train_loss  valid_loss  accuracy  time    \n" +
				"/opt/conda/lib/python3.10/site-packages/torch/utils/data.py:558: UserWarning: workers\n" +
				"  warnings.warn(\n" +
				"0         0.512374    0.324231    0.898000  00:12     \n",
			FormatFastai, 1, map[string]int64{"header": 1, "no metric": 2}},
		{"names over prose are not a table",
			"Model  summary\nthe model has 3 layers and 1024 units\n", "", 0, map[string]int64{"no metric": 2}},
		{"a row of another width is not under the header",
			"Step  Loss  LR\n100  0.5\n", "", 0, map[string]int64{"no metric": 2}},
		{"a row of words is not a row",
			"Step  Loss\n1  done\n", "", 0, map[string]int64{"no metric": 2}},
		{"single spaces are prose, not a header",
			"Step Loss\n1 0.5\n", "", 0, map[string]int64{"no metric": 2}},
		{"tabs stay CSV", "step\tloss\n1\t0.5\n", FormatCSV, 1, map[string]int64{"header": 1}},
		{"commas stay CSV", "epoch,  loss\n0,  0.5\n", FormatKerasCSV, 1, map[string]int64{"header": 1}},
		{"a classification report is not training's table",
			"              precision    recall  f1-score   support\n\n           0       0.98      0.99      0.99       980\n",
			"", 0, map[string]int64{"no metric": 2, "blank": 1}},
		{"kv lines after a header stay kv-text",
			"Step  Loss\nstep: 1, loss: 0.5\n1  0.4\n", FormatKVText, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder("", "run.log")
			recs := decodeWith(t, d, []byte(tc.input), 5)
			st := d.Stats()
			if d.Format() != tc.format || len(recs) != tc.records {
				t.Errorf("format %q, %d records %+v; want %q, %d", d.Format(), len(recs), recs, tc.format, tc.records)
			}
			for r, n := range tc.reasons {
				if st.SkipReasons[r] != n {
					t.Errorf("skipped for %q = %d, want %d (%v)", r, st.SkipReasons[r], n, st.SkipReasons)
				}
			}
			assertCounts(t, d)
		})
	}
}

func TestLiveFastaiTableShowsItsFormatBeforeTheFirstEpoch(t *testing.T) {
	d := NewDecoder("", "train.log")
	d.Feed([]byte("epoch     train_loss  valid_loss  error_rate  time    \n"), nil)
	if d.Format() != FormatFastai {
		t.Errorf("format %q, want a fastai guess", d.Format())
	}
	recs := d.Feed([]byte("0         0.912374    0.354321    0.101000    00:21     \n"), nil)
	if d.Format() != FormatFastai || len(recs) != 1 || d.Stats().SkipReasons["header"] != 1 {
		t.Errorf("format %q, records %+v, stats %+v", d.Format(), recs, d.Stats())
	}
}

func TestRestartForgetsATableHeader(t *testing.T) {
	d := NewDecoder("", "train.log")
	d.Feed([]byte("prologue\nStep  Loss\n"), nil)
	d.Restart()
	recs := d.Feed([]byte("1  0.5\n"), nil)
	if len(recs) != 0 || d.Format() != "" {
		t.Errorf("a header from before the restart placed %+v (format %q)", recs, d.Format())
	}
}

func TestTableCells(t *testing.T) {
	tests := []struct {
		cell string
		want cellKind
	}{
		{"0.512374", cellNumber}, {"NaN", cellNumber}, {"-1e-05", cellNumber}, {"#na#", cellMissing},
		{"None", cellMissing}, {"00:12", cellTiming}, {"1:02:33", cellTiming}, {"12:", cellWord},
		{":12", cellWord}, {"1:2:3:4", cellWord}, {"..", cellWord}, {"loss", cellWord},
	}
	for _, tc := range tests {
		if got, _ := kindOf([]byte(tc.cell)); got != tc.want {
			t.Errorf("kindOf(%q) = %d, want %d", tc.cell, got, tc.want)
		}
	}
}

func TestTableFrameworks(t *testing.T) {
	if FormatFastai.Framework() != "pytorch" || FormatTable.Framework() != "" {
		t.Errorf("fastai: %q, table: %q", FormatFastai.Framework(), FormatTable.Framework())
	}
}

// TestTableAfterTrainingIsPassedOver: a classification report printed after
// fastai's table has as many cells a row as the table: its rows are not
// epochs.
func TestTableAfterTrainingIsPassedOver(t *testing.T) {
	input := "epoch     train_loss  valid_loss  accuracy  time    \n" +
		"0         0.512374    0.324231    0.898000  00:12     \n" +
		"              precision    recall  f1-score   support\n" +
		"           0       0.98      0.99      0.99       980\n" +
		"epoch     train_loss  valid_loss  accuracy  time    \n" +
		"0         0.401234    0.254321    0.921000  00:11     \n"
	d := NewDecoder("", "train.log")
	recs := decodeWith(t, d, []byte(input), 1<<20)
	if d.Format() != FormatFastai || len(recs) != 2 || len(series(recs, "precision")) != 0 || d.Stats().SkipReasons["header"] != 3 {
		t.Errorf("format %q, records %+v, stats %+v", d.Format(), recs, d.Stats())
	}
}

// TestPandasFrameWiderThanThePage: pandas prints the columns that do not
// fit in a second block, under a header of their own, for the same rows.
func TestPandasFrameWiderThanThePage(t *testing.T) {
	input := "       loss  accuracy  val_loss  val_accuracy  precision    recall  \\\n" +
		"0  0.512374  0.898000  0.324231      0.910000   0.890000  0.880000   \n" +
		"1  0.301234  0.921000  0.254321      0.931000   0.900000  0.910000   \n" +
		"\n" +
		"   val_precision  val_recall        lr  \n" +
		"0       0.900000    0.870000  0.001000  \n" +
		"1       0.920000    0.900000  0.001000  \n"
	d := NewDecoder("", "history.txt")
	recs := decodeWith(t, d, []byte(input), 1<<20)
	if d.Format() != FormatTable || len(recs) != 4 {
		t.Fatalf("format %q, records %+v", d.Format(), recs)
	}
	if got := series(recs, "lr"); !samePoints(got, []point{{0, 0.001}, {1, 0.001}}) {
		t.Errorf("lr %v", got)
	}
	if got := series(recs, "recall"); !samePoints(got, []point{{0, 0.88}, {1, 0.91}}) {
		t.Errorf("recall %v", got)
	}
}
