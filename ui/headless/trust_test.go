package headless_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor/corpustest"
)

// trustLabel is the part of a labels.json entry the trust test reads: the
// kind and the other fair readings.
type trustLabel struct {
	Kind   string   `json:"kind"`
	Accept []string `json:"accept"`
}

// fair reports whether verdict is a fair reading of the run.
func (l trustLabel) fair(verdict string) bool {
	return verdict == l.Kind || slices.Contains(l.Accept, verdict)
}

func (l trustLabel) healthy() bool { return l.Kind == "converged" || l.Kind == "converging" }

// trustRun is what a user of check and of watch saw on one log.
type trustRun struct {
	check, live string   // check's verdict; the live verdict once the input ended
	alarms      []string // warning or critical failure findings raised while live
}

// replayTrust feeds a log point by point as watch does, ends it with
// Finish, and reads the live verdict as ../shared/tools/live_replay.py
// does: the most important verdict finding still open (nonfinite counts as
// diverging).
func replayTrust(t *testing.T, path string) trustRun {
	recs, format := decodeFile(t, path)
	tr := detect.New(detect.WithFramework(format.Framework()))
	open := map[string]bool{}
	var run trustRun
	note := func(evs []detect.Event) {
		for _, e := range evs {
			if e.Finding == nil {
				continue
			}
			k := string(e.Finding.Kind)
			if k == detect.KindNonfinite {
				k = detect.KindDiverging
			}
			switch e.Kind {
			case detect.EventFinding:
				open[k] = true
				if detect.Verdict(k).Failing() && e.Finding.Severity != detect.SeverityInfo && k != detect.KindSpike {
					run.alarms = append(run.alarms, k+"@"+strings.TrimSpace(e.Finding.Message[:min(60, len(e.Finding.Message))]))
				}
			case detect.EventCleared:
				delete(open, k)
			}
		}
	}
	for _, r := range recs {
		for _, m := range r.Metrics {
			note(tr.Observe(m.Name, r.Step, m.Value))
		}
	}
	note(tr.Finish())
	run.live = string(detect.VerdictInsufficientData)
	for _, k := range []string{detect.KindDiverging, detect.KindOscillating, detect.KindOverfitting,
		detect.KindConverged, detect.KindConverging, detect.KindSlow, detect.KindPlateau} {
		if open[k] {
			run.live = k
			break
		}
	}
	run.check = string(tr.State().Verdict)
	return run
}

// TestVerdictsCanBeTrustedOnTheCorpora holds the detector to issue 9 on
// both labelled corpora: check's verdict a fair reading on at least 37 of
// the 38 PyTorch runs and 31 of the 34 real logs; the live verdict, once
// the input has ended, check's verdict on every file; no healthy run
// (labelled converged or converging) ending live on a failure verdict, or
// shown a warning or critical failure finding (one its label does not
// accept) at any point of its replay.
func TestVerdictsCanBeTrustedOnTheCorpora(t *testing.T) {
	for _, set := range []struct {
		name     string
		minRight int
	}{{"pytorch-dev", 37}, {"real", 31}} {
		t.Run(set.name, func(t *testing.T) {
			dir := corpustest.Dir(t, set.name)
			data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
			if err != nil {
				t.Fatal(err)
			}
			labels := map[string]trustLabel{}
			if err := json.Unmarshal(data, &labels); err != nil {
				t.Fatal(err)
			}
			right := 0
			for _, name := range slices.Sorted(maps.Keys(labels)) {
				lb, run := labels[name], replayTrust(t, filepath.Join(dir, name))
				if lb.fair(run.check) {
					right++
				} else {
					t.Logf("%s: check says %s, label %s %v", name, run.check, lb.Kind, lb.Accept)
				}
				if run.live != run.check {
					t.Errorf("%s: live verdict at the end %s, check %s", name, run.live, run.check)
				}
				if !lb.healthy() {
					continue
				}
				if detect.Verdict(run.live).Failing() {
					t.Errorf("%s: healthy (%s) but ends live on %s", name, lb.Kind, run.live)
				}
				for _, a := range run.alarms {
					if !lb.fair(strings.SplitN(a, "@", 2)[0]) {
						t.Errorf("%s: healthy (%s) but shown a warning: %s", name, lb.Kind, a)
					}
				}
			}
			t.Logf("check right on %d/%d", right, len(labels))
			if right < set.minRight {
				t.Errorf("check right on %d of %d, want at least %d", right, len(labels), set.minRight)
			}
		})
	}
}
