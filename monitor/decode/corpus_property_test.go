package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
)

// The property of issue 15: in every text log of the shared corpus, every
// line that holds a number after a metric-like name is a record, or is
// skipped for a reason a person agrees with. The reasons are printed per
// file (go test -v -run TestCorpusMetricLines).

// namedNumber finds "name: 0.5", "name=0.5", "'name': 0.5", "name 0.5".
var namedNumber = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_/.\-]*)(?:['"]?\s*[:=]\s*['"]?|\s+)([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|nan|inf)`)

// stepWord finds a step-like counter with its value.
var stepWord = regexp.MustCompile(`(?i)\b(step|global_step|iter|iters|iteration|epoch|batch|num_updates)\b['"]?\s*[:=]?\s*\d`)

// metricLike reports whether name is what a person calls a metric: a loss,
// the learning rate, the gradient norm, an accuracy or another score.
func metricLike(name string) bool {
	if detect.LossLike(name) || detect.RoleOf(name) != detect.RoleOther {
		return true
	}
	for _, tok := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch tok {
		case "acc", "accuracy", "ppl", "perplexity", "f1", "bleu", "map", "map50", "auc", "mae", "mse", "rmse", "precision", "recall":
			return true
		}
	}
	return false
}

// hasNamedMetric returns the first metric-like name followed by a number.
func hasNamedMetric(line []byte) (string, bool) {
	for _, m := range namedNumber.FindAllSubmatch(line, -1) {
		if name := string(m[1]); metricLike(name) {
			return name, true
		}
	}
	return "", false
}

// lineReasons decodes data line by line and returns, for every line that
// is not a record, the reason it was skipped (several, joined, when lines
// held by recognition were settled together with different reasons).
func lineReasons(data []byte, name string) (Format, map[int64]string) {
	d := NewDecoder("", name)
	lines := bytes.SplitAfter(data, []byte{'\n'})
	records := map[int64]bool{}
	out := map[int64]string{}
	var pending []int64
	prev := Stats{SkipReasons: map[string]int64{}}
	settle := func(recs []Record) {
		for _, r := range recs {
			records[r.Line] = true
		}
		st := d.Stats()
		held := heldLines(d)
		// The lines settled are the oldest pending ones that recognition
		// does not hold; an unterminated last line waits for Flush.
		var settled, still []int64
		n := int(st.Lines - prev.Lines)
		for _, no := range pending {
			if held[no] || len(settled) == n {
				still = append(still, no)
			} else {
				settled = append(settled, no)
			}
		}
		pending = still
		var why []string
		for r, c := range st.SkipReasons {
			if c > prev.SkipReasons[r] {
				why = append(why, r)
			}
		}
		sort.Strings(why)
		for _, no := range settled {
			if !records[no] {
				out[no] = strings.Join(why, "|")
			}
		}
		prev = st
	}
	for i, l := range lines {
		if len(l) == 0 {
			continue
		}
		pending = append(pending, int64(i+1))
		settle(d.Feed(l, nil))
	}
	settle(d.Flush(nil))
	return d.Format(), out
}

// heldLines returns the lines d holds back while it recognises the format
// (they are settled later, out of order).
func heldLines(d Decoder) map[int64]bool {
	held := map[int64]bool{}
	var ld *lineDecoder
	if b, ok := d.(*bomDecoder); ok {
		d = b.inner
	}
	switch x := d.(type) {
	case *autoDecoder:
		ld, _ = x.inner.(*lineDecoder)
	case *lineDecoder:
		ld = x
	}
	if ld != nil {
		for _, h := range ld.sniff.held {
			held[h.no] = true
		}
	}
	return held
}

// agreeable reports whether a person would agree that line, which holds a
// number after a metric-like name, is skipped for reason why.
func agreeable(why string, line []byte) bool {
	t := bytes.TrimSpace(line)
	switch why {
	case "progress": // an intermediate state of a progress bar, or of a terminal title
		_, title := darknetTitle(line)
		return progressLine(line) || bytes.Contains(line, []byte("━")) || bytes.Contains(line, []byte("ETA")) || title
	case "detail": // per-batch detail of a layer
		return darknetDetail(t)
	case "summary": // an end-of-run average or result, not a point of the curve
		return bytes.Contains(line, []byte("train_runtime")) || bytes.Contains(line, []byte("TrainOutput(")) ||
			bytes.Contains(line, []byte("_results"))
	case "no step": // nothing says where on the curve the numbers belong
		return !stepWord.Match(line)
	case "config": // settings printed at start-up
		return bytes.Contains(line, []byte("Namespace(")) || bytes.Count(line, []byte("{")) >= 2
	case "header":
		_, csv := csvHeader(t)
		_, _, epoch := kerasEpoch(t)
		return csv || epoch
	case "malformed": // an object cut short or otherwise not JSON
		i := bytes.IndexByte(t, '{')
		return i >= 0 && !json.Valid(t[i:])
	case "binary", "too long":
		return true
	}
	return false
}

func TestCorpusMetricLinesAreRecordsOrSkippedForAGoodReason(t *testing.T) {
	metricLinesProperty(t, corpustest.Dir(t))
}

// TestFixtureMetricLinesAreRecordsOrSkippedForAGoodReason holds the
// repository's own fixtures to the same property, corpus or not.
func TestFixtureMetricLinesAreRecordsOrSkippedForAGoodReason(t *testing.T) {
	metricLinesProperty(t, filepath.Join("testdata", "formats"))
	metricLinesProperty(t, filepath.Join("testdata", "issue15"))
}

func metricLinesProperty(t *testing.T, dir string) {
	var files []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".py") &&
			!strings.HasSuffix(p, ".gz") && filepath.Base(p) != "labels.json" {
			files = append(files, p)
		}
		return nil
	})
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		data := readFile(t, path)
		format, reasons := lineReasons(data, filepath.Base(path))
		if format == FormatTFEvents || format == FormatTrainerState {
			t.Logf("%s: %s, not a text log: frames and JSON entries are counted, not lines", rel, format)
			continue
		}
		lines := bytes.SplitAfter(data, []byte{'\n'})
		counts := map[string]int{}
		for no, why := range reasons {
			line := lines[no-1]
			name, ok := hasNamedMetric(line)
			if !ok {
				continue
			}
			counts[why]++
			if !agreeable(why, line) {
				t.Errorf("%s:%d: %s skipped as %q: %s", rel, no, name, why, excerpt(line))
			}
		}
		t.Logf("%s (%s): metric lines skipped by reason %v", rel, format, counts)
	}
}

// excerpt is a line shortened and made printable for a test log.
func excerpt(line []byte) string {
	s := Sanitize(string(bytes.TrimSpace(line)))
	if len(s) > 160 {
		s = s[:80] + " … " + s[len(s)-60:]
	}
	return fmt.Sprintf("%q", s)
}
