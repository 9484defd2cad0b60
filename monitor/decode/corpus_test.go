package decode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
)

// decodeFile runs a whole file through an auto-recognising decoder in
// 4 KiB chunks, as a follower would.
func decodeFile(t testing.TB, path string) (Decoder, []Record) {
	t.Helper()
	d := NewDecoder("", filepath.Base(path))
	return d, decodeWith(t, d, readFile(t, path), 4096)
}

// points counts the records that carry metric name.
func points(recs []Record, name string) int {
	n := 0
	for _, r := range recs {
		for _, m := range r.Metrics {
			if m.Name == name {
				n++
			}
		}
	}
	return n
}

func TestPytorchDevCorpusFormatsAndTrainingLossPoints(t *testing.T) {
	dir, labels := corpustest.Labels(t)
	for file, l := range labels {
		t.Run(file, func(t *testing.T) {
			format, loss, ok := corpustest.LabelFormat(l.Format)
			if !ok {
				t.Fatalf("label format %q unknown to the test", l.Format)
			}
			d, recs := decodeFile(t, filepath.Join(dir, file))
			if d.Format() != Format(format) {
				t.Errorf("format = %q, want %q", d.Format(), format)
			}
			if got := points(recs, loss); got != l.Steps {
				t.Errorf("%s points = %d, want %d", loss, got, l.Steps)
			}
			if detect.RoleOf(loss) != detect.RoleTrainLoss {
				t.Errorf("detect.RoleOf(%q) is not the training loss", loss)
			}
			assertCounts(t, d)
		})
	}
}

func TestRealCorpusFormatsAndTrainingLossPoints(t *testing.T) {
	dir := corpustest.Dir(t, "real")
	for _, tc := range corpustest.Real() {
		t.Run(filepath.Base(tc.File), func(t *testing.T) {
			path := filepath.Join(dir, tc.File)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("absent: %v", err)
			}
			d, recs := decodeFile(t, path)
			if d.Format() != Format(tc.Format) {
				t.Errorf("format = %q, want %q", d.Format(), tc.Format)
			}
			if got := points(recs, tc.Metric); got != tc.Points {
				t.Errorf("%s points = %d, want %d", tc.Metric, got, tc.Points)
			}
			assertCounts(t, d)
		})
	}
}

// TestRealCorpusEveryFileRecognised makes sure no file of the corpus is
// left out of the tables above or read as nothing.
func TestRealCorpusEveryFileRecognised(t *testing.T) {
	dir := corpustest.Dir(t, "real")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	listed := map[string]bool{}
	for _, tc := range corpustest.Real() {
		listed[tc.File] = true
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		d, recs := decodeFile(t, f)
		if d.Format() == "" {
			t.Errorf("%s: format not recognised", rel)
		}
		if !listed[rel] && len(recs) == 0 && !strings.Contains(rel, "tfevents") {
			t.Errorf("%s: not in the table and no records", rel)
		}
	}
}

// assertCounts checks the counting invariant of text decoders.
func assertCounts(t testing.TB, d Decoder) {
	t.Helper()
	st := d.Stats()
	if !lineFormat(d.Format()) && d.Format() != "" {
		return
	}
	var reasons int64
	for _, n := range st.SkipReasons {
		reasons += n
	}
	if st.Lines != st.Records+st.Skipped || reasons != st.Skipped {
		t.Errorf("counts: lines %d != records %d + skipped %d (reasons %d)", st.Lines, st.Records, st.Skipped, reasons)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeWith feeds data to d in chunks of size bytes and flushes.
func decodeWith(t testing.TB, d Decoder, data []byte, size int) []Record {
	t.Helper()
	return d.Flush(feedChunks(d, data, size, nil))
}

// feedChunks feeds data to d in chunks of size bytes (all at once when size
// is not positive), appending the records to recs; it does not flush.
func feedChunks(d Decoder, data []byte, size int, recs []Record) []Record {
	if size <= 0 {
		size = max(len(data), 1)
	}
	for i := 0; i < len(data); i += size {
		recs = d.Feed(data[i:min(len(data), i+size)], recs)
	}
	return recs
}
