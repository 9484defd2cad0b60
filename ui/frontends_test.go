package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
	"github.com/losswatch/losswatch/ui/headless"
)

// sharedCorpus is the corpus shared by the helpers, reached from the repo.
const sharedCorpus = "../../shared/corpus"

// TestFrontEndsAgreeOnEveryCorpusFile runs each file of the shared corpus
// through the three front ends — check, watch and the UI — each over its
// own pipeline, and asks that they tell the user the same. The UI and check
// show the detector's state at the end: every finding both show is the
// same, remedies included. watch prints each finding when it is raised, so
// it is held to what does not change after: the kinds of finding in force at
// the end (raised and not cleared) are the UI's, and every remedy both give
// has the same snippet, numbers aside — the log's framework's. (watch used
// to build its detector without the log's framework and suggested PyTorch
// snippets for a Keras log.)
func TestFrontEndsAgreeOnEveryCorpusFile(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skip("no shared corpus:", err)
	}
	var files []string
	err := filepath.WalkDir(sharedCorpus, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") && !strings.HasSuffix(d.Name(), ".md") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, path := range files {
		if underRace && i%8 != 0 {
			continue // the race detector slows the detector thirtyfold: a sample
		}
		name, _ := filepath.Rel(sharedCorpus, path)
		t.Run(name, func(t *testing.T) {
			check, err := headless.RunCheck(context.Background(), monitor.NewPipeline(monitor.Open(path)), path)
			if err != nil {
				t.Skip("unreadable:", err)
			}
			watched := watchFindings(t, path)
			shown := uiFindings(t, path)
			if got, want := kinds(watched), kinds(shown); got != want {
				t.Errorf("in force at the end: watch says %s, the UI %s", got, want)
			}
			for k, f := range shown {
				if w, ok := watched[k]; ok {
					sameSnippets(t, k, w, f)
				}
			}
			for _, f := range check.Findings {
				k := string(f.Kind) + " on " + f.Metric
				if u, ok := shown[k]; ok && remedyText(u) != remedyText(f) {
					t.Errorf("%s: remedies differ\ncheck: %s\nUI:    %s", k, remedyText(f), remedyText(u))
				}
			}
		})
	}
}

// watchFindings runs watch --json over path and returns the findings raised
// and not cleared at the end, by kind and metric.
func watchFindings(t *testing.T, path string) map[string]headless.Finding {
	t.Helper()
	var buf bytes.Buffer
	if err := headless.RunWatch(context.Background(), monitor.NewPipeline(monitor.Open(path)), headless.NewWatchWriter(&buf, true), nil); err != nil {
		t.Fatal(err)
	}
	active := map[string]headless.Finding{}
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var e struct {
			Event string `json:"event"`
			headless.Finding
		}
		if len(line) == 0 {
			continue
		}
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		k := string(e.Kind) + " on " + e.Metric
		switch e.Event {
		case string(detect.EventFinding):
			active[k] = e.Finding
		case string(detect.EventCleared):
			delete(active, k)
		}
	}
	return active
}

// uiFindings runs the UI's model over path's pipeline and returns the
// findings its panel shows at the end, by kind and metric.
func uiFindings(t *testing.T, path string) map[string]headless.Finding {
	t.Helper()
	updates := make(chan monitor.Update, 8)
	errc := make(chan error, 1)
	go func() {
		errc <- monitor.NewPipeline(monitor.Open(path), monitor.WithSnapshots(StateEvery)).Run(context.Background(), updates)
	}()
	m := testModel(t, 120, 40)
	for u := range updates {
		m = send(t, m, updateMsg(u))
	}
	m = settle(t, send(t, m, doneMsg{err: <-errc}))
	out := map[string]headless.Finding{}
	for _, f := range m.state.Findings {
		out[string(f.Kind)+" on "+f.Metric] = headless.NewFinding(f)
	}
	return out
}

// kinds lists the kinds of the findings.
func kinds(m map[string]headless.Finding) string {
	set := map[string]bool{}
	for _, f := range m {
		set[string(f.Kind)] = true
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return "[" + strings.Join(out, " ") + "]"
}

// sameSnippets asks that the remedies both findings give have the same
// snippets but for their numbers.
func sameSnippets(t *testing.T, what string, watched, shown headless.Finding) {
	t.Helper()
	snippets := map[string]string{}
	for _, r := range shown.Remedies {
		snippets[r.ID] = digits.ReplaceAllString(r.Snippet, "#")
	}
	for _, r := range watched.Remedies {
		if s, ok := snippets[r.ID]; ok && s != digits.ReplaceAllString(r.Snippet, "#") {
			t.Errorf("%s, remedy %s: watch suggests\n%s\nthe UI\n%s", what, r.ID, r.Snippet, s)
		}
	}
}

// digits matches the numbers in a remedy.
var digits = regexp.MustCompile(`[0-9][0-9.e+-]*`)

// remedyText is what a user reads of a finding's remedies and may paste.
func remedyText(f headless.Finding) string {
	var b strings.Builder
	for _, r := range f.Remedies {
		fmt.Fprintf(&b, "%s: %s | %s\n", r.ID, r.Title, r.Snippet)
	}
	return b.String()
}
