package monitor

import (
	"path/filepath"
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
	if !recs[0].Time.Equal(want) {
		t.Errorf("first row's time = %v, want %v (the created_at column)", recs[0].Time, want)
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
