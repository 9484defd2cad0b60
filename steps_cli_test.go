package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// far is where the runs of these tests are moved: 2^53, beyond which
// float64 holds only every other integer (2^53+1 reads as 2^53).
const far = 1 << 53

func TestCheckTextGivesTheStepsTheLogWrote(t *testing.T) {
	for _, fixture := range []string{"big-step.jsonl", "big-step.csv", "big-step.log", "big-step.tfevents"} {
		t.Run(fixture, func(t *testing.T) {
			path := filepath.Join("monitor", "decode", "testdata", "issue15", fixture)
			r := losswatch(t, nil, "check", path)
			rep := exactJSON(t, losswatch(t, nil, "check", "--json", path).stdout)
			lowest, loss := rep["lowest_step"], rep["metrics"].(map[string]any)["loss"].(map[string]any)
			if want := fmt.Sprintf("steps 9007199254740993–9007199254740995, last %v, best %v at step %v", loss["last"], rep["lowest"], lowest); !strings.Contains(r.stdout, want) {
				t.Errorf("check %s does not say %q:\n%s", fixture, want, r.stdout)
			}
			if lowest != json.Number("9007199254740995") && lowest != json.Number("9007199254740993") || rep["best_step"] != json.Number("9007199254740993") {
				t.Errorf("check --json %s: lowest at %v, smoothed best at %v; want steps of the log", fixture, lowest, rep["best_step"])
			}
		})
	}
}

// exactJSON decodes a JSON object with its numbers as written.
func exactJSON(t *testing.T, text string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%v: %q", err, text)
	}
	return m
}

// convergingLog is a JSONL log of a run that converges and then blows up,
// at steps from+1 … from+n: the same run wherever from places it.
func convergingLog(from int64, n int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		v := 0.1 + 2*math.Exp(-float64(i)/200) + 0.01*math.Sin(float64(i)*1.7)
		if i > 2*n/3 {
			v *= math.Exp(float64(i-2*n/3) / 100)
		}
		fmt.Fprintf(&b, `{"step": %d, "loss": %.6f}`+"\n", from+int64(i), v)
	}
	return b.Bytes()
}

// stepKey reports whether a report's key holds a step.
func stepKey(k string) bool { return k == "step" || strings.HasSuffix(k, "_step") }

// sameAfar compares near and far, reports of the same run far steps apart,
// at path: every step exactly far later, every other number the same.
func sameAfar(t *testing.T, path string, near, far any) {
	t.Helper()
	switch n := near.(type) {
	case map[string]any:
		f, _ := far.(map[string]any)
		for k, v := range n {
			if k == "message" || k == "why" || k == "title" || k == "snippet" || k == "time" || k == "file" {
				continue // sentences name the steps: compared below
			}
			if num, ok := v.(json.Number); ok && stepKey(k) {
				ns, _ := strconv.ParseInt(string(num), 10, 64)
				if fs, err := strconv.ParseInt(fmt.Sprint(f[k]), 10, 64); err != nil || fs-ns != 1<<53 {
					t.Errorf("%s.%s: %v far out, %v near zero: not 2^53 later", path, k, f[k], num)
				}
				continue
			}
			sameAfar(t, path+"."+k, v, f[k])
		}
	case []any:
		f, _ := far.([]any)
		if len(f) != len(n) {
			t.Errorf("%s: %d far out, %d near zero", path, len(f), len(n))
			return
		}
		for i := range n {
			sameAfar(t, fmt.Sprintf("%s[%d]", path, i), n[i], f[i])
		}
	default:
		if fmt.Sprint(near) != fmt.Sprint(far) {
			t.Errorf("%s: %v far out, %v near zero", path, far, near)
		}
	}
}

func TestCheckReportsARunBeyond2To53AtItsOwnSteps(t *testing.T) {
	dir := t.TempDir()
	near, afar := filepath.Join(dir, "near.jsonl"), filepath.Join(dir, "far.jsonl")
	for path, from := range map[string]int64{near: 0, afar: far} {
		if err := os.WriteFile(path, convergingLog(from, 3000), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	nr := exactJSON(t, losswatch(t, nil, "check", "--json", near).stdout)
	fr := exactJSON(t, losswatch(t, nil, "check", "--json", afar).stdout)
	if nr["verdict"] != "diverging" || len(nr["findings"].([]any)) == 0 {
		t.Fatalf("the run near zero: verdict %v, findings %v; want diverging", nr["verdict"], nr["findings"])
	}
	sameAfar(t, "report", nr, fr)
	text := losswatch(t, nil, "check", afar).stdout
	f := fr["findings"].([]any)[0].(map[string]any)
	since, _ := strconv.ParseInt(string(f["since_step"].(json.Number)), 10, 64)
	if want := fmt.Sprintf("since step %d", since); !strings.Contains(text, want) || since <= far {
		t.Errorf("the text report does not say %q:\n%s", want, text)
	}
	if want := grouped(since); !strings.Contains(f["message"].(string), want) {
		t.Errorf("the finding's message does not name its onset %s: %q", want, f["message"])
	}
}

func TestWatchTellsARunBeyond2To53AtItsOwnSteps(t *testing.T) {
	told := func(log []byte) []map[string]any {
		var out []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(losswatch(t, log, "watch", "--json", "-").stdout), "\n") {
			e := exactJSON(t, line)
			if e["event"] != "records" {
				out = append(out, e)
			}
		}
		return out
	}
	near, afar := told(convergingLog(0, 3000)), told(convergingLog(far, 3000))
	if len(near) < 2 {
		t.Fatalf("watch told %d findings of a run that converged and blew up, want some: %v", len(near), near)
	}
	for i := range near {
		if i < len(afar) {
			sameAfar(t, fmt.Sprintf("event %d (%v)", i, near[i]["event"]), near[i], afar[i])
		}
	}
	if len(afar) != len(near) {
		t.Errorf("watch told %d events far out, %d near zero", len(afar), len(near))
	}
}

// grouped writes n grouped by thousands, as a finding's sentence does.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
