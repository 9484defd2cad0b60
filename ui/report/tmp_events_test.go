package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/losswatch/losswatch/detect"
)

func TestTmpEvents(t *testing.T) {
	dir := corpusDir(t, "pytorch-dev")
	files, _ := filepath.Glob(filepath.Join(dir, "*-s1.*"))
	sort.Strings(files)
	for _, f := range files {
		recs, format := decodeFile(t, f)
		tr := detect.New(detect.WithFramework(format.Framework()))
		var seq []string
		for _, r := range recs {
			for _, m := range r.Metrics {
				for _, ev := range tr.Observe(m.Name, r.Step, m.Value) {
					k := string(ev.Kind)
					if ev.Finding != nil {
						k += ":" + ev.Finding.Kind
					}
					seq = append(seq, fmt.Sprintf("%s@%g", k, r.Step))
				}
			}
		}
		fmt.Fprintln(os.Stderr, filepath.Base(f), len(seq), seq[:min(len(seq), 14)])
	}
}
