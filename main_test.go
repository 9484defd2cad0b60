package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
	"github.com/losswatch/losswatch/monitor/demo"
)

// binary is the losswatch built once for every test of the command line.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "losswatch-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "losswatch")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary did.
type result struct {
	code           int
	stdout, stderr string
}

func losswatch(t *testing.T, stdin []byte, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("losswatch %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// demoLog writes a scenario's log to a file in dir and returns its path.
func demoLog(t *testing.T, dir, scenario string, seed int) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.jsonl", scenario, seed))
	r := losswatch(t, nil, "demo", "--scenario", scenario, "--seed", fmt.Sprint(seed), "--no-tui", "--out", path)
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Fatalf("demo %s: exit %d, stdout %q, stderr %q", scenario, r.code, r.stdout, r.stderr)
	}
	return path
}

func TestUsageErrorsExitTwoWithOneLineOnStderr(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "train.jsonl")
	if err := os.WriteFile(log, []byte(`{"step":1,"loss":2}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string // in the one line
	}{
		{"no log", nil, "FILE"},
		{"unknown flag", []string{"--bogus", log}, "-bogus"},
		{"two logs", []string{log, log}, "losswatch wants one FILE, DIR or - (standard input), got 2 operands"},
		{"a bad --min-severity", []string{"watch", "--min-severity", "x", log}, `--min-severity wants info, warning or critical, got "x"`},
		{"smoothing out of range", []string{"--smooth", "1.5", log}, "--smooth"},
		{"unknown forced format", []string{"--format", "nope", log}, `unknown format "nope"`},
		{"check without a file", []string{"check"}, "FILE"},
		{"check of a missing file", []string{"check", filepath.Join(dir, "missing.log")}, "no such file"},
		{"check with an unknown format", []string{"check", "--format", "nope", log}, `unknown format "nope"`},
		{"check with an unknown flag", []string{"check", "--yaml", log}, "-yaml"},
		{"demo of an unknown scenario", []string{"demo", "--scenario", "nope", "--no-tui"}, `unknown scenario "nope"`},
		{"demo with a bad seed", []string{"demo", "--seed", "x", "--no-tui"}, "-seed"},
		{"demo with an operand", []string{"demo", "extra"}, "no operands"},
		{"version with an argument", []string{"version", "extra"}, "no arguments"},
		{"a typo of a command", []string{"chek", log}, "unknown command chek; did you mean check?"},
		{"a bad --poll interval", []string{"--poll=abc", log}, `--poll wants a positive duration such as 500ms, got "abc" (see`},
		{"a value for --from-end", []string{"--from-end=abc", log}, `--from-end takes no value (or =true, =false), got "abc"`},
		{"--metric without its value", []string{log, "--metric"}, "--metric needs a value"},
		{"a seed that is no number", []string{"demo", "--seed", "x"}, `--seed wants a whole number, got "x"`},
		{"an unknown flag with two dashes", []string{"--bogus", log}, "unknown flag --bogus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := losswatch(t, nil, tc.args...)
			if r.code != 2 {
				t.Errorf("exit status %d, want 2 (stderr %q)", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "losswatch: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr %q: want one line starting with \"losswatch: \" and naming %q", r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
		})
	}
}

func TestHelpShowsExamplesAndExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"check", "--help"}, {"demo", "--help"}} {
		r := losswatch(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "usage: losswatch") || r.stderr != "" {
			t.Errorf("losswatch %v: exit %d, stderr %q, stdout without usage and examples:\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	if r := losswatch(t, nil, "demo", "--help"); !strings.Contains(r.stdout, demo.DefaultScenario) {
		t.Errorf("demo --help does not name the default scenario %q", demo.DefaultScenario)
	}
}

func TestVersionPrintsOneLine(t *testing.T) {
	r := losswatch(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "losswatch ") || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "go1.") {
		t.Fatalf("version: exit %d, stdout %q", r.code, r.stdout)
	}
	if flag := losswatch(t, nil, "--version"); flag != r {
		t.Errorf("--version: %+v, version: %+v", flag, r)
	}
}

func TestDemoHelpShowsEachDefaultOnce(t *testing.T) {
	r := losswatch(t, nil, "demo", "--help")
	if strings.Contains(r.stdout, "(default -1)") || strings.Count(r.stdout, "default 300") != 1 || !strings.Contains(r.stdout, "  --speed N") {
		t.Errorf("demo --help:\n%s", r.stdout)
	}
}

func TestDemoListDescribesEveryScenario(t *testing.T) {
	r := losswatch(t, nil, "demo", "--list")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, s := range demo.Scenarios() {
		if !strings.Contains(r.stdout, s.Name) || !strings.Contains(r.stdout, s.Description) {
			t.Errorf("--list lacks %s or its description", s.Name)
		}
	}
}

// TestCheckJSONFollowsTheContract decodes check --json generically and
// checks every field named in the contract is there with its JSON type.
func TestCheckJSONFollowsTheContract(t *testing.T) {
	log := demoLog(t, t.TempDir(), "lr-too-high", 1)
	r := losswatch(t, nil, "check", "--json", log)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 for a diverging run; stderr %q", r.code, r.stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, r.stdout)
	}
	isString := func(v any) bool { _, ok := v.(string); return ok }
	isNumber := func(v any) bool { _, ok := v.(float64); return ok }
	numberOrNull := func(v any) bool { return v == nil || isNumber(v) }
	isObject := func(v any) bool { _, ok := v.(map[string]any); return ok }
	need := func(where string, obj map[string]any, key string, ok func(any) bool, typ string) {
		t.Helper()
		v, present := obj[key]
		if !present {
			t.Errorf("%s: no %q", where, key)
		} else if !ok(v) {
			t.Errorf("%s: %q is %T (%v), want %s", where, key, v, v, typ)
		}
	}
	for _, k := range []string{"file", "format", "primary", "verdict"} {
		need("report", rep, k, isString, "string")
	}
	for _, k := range []string{"lines", "records", "skipped"} {
		need("report", rep, k, isNumber, "number")
	}
	need("report", rep, "convergence_step", numberOrNull, "number or null")
	need("report", rep, "metrics", isObject, "object")
	if rep["file"] != log || rep["format"] != "jsonl" || rep["primary"] != "loss" || rep["verdict"] != "diverging" {
		t.Errorf("file %v, format %v, primary %v, verdict %v: want %s, jsonl, loss, diverging", rep["file"], rep["format"], rep["primary"], rep["verdict"], log)
	}
	metrics, _ := rep["metrics"].(map[string]any)
	for _, name := range []string{"loss", "val_loss", "lr", "grad_norm"} {
		m, ok := metrics[name].(map[string]any)
		if !ok {
			t.Errorf("metrics: no object for %q", name)
			continue
		}
		need("metrics."+name, m, "points", isNumber, "number")
		for _, k := range []string{"first_step", "last_step", "last", "min"} {
			need("metrics."+name, m, k, numberOrNull, "number or null")
		}
	}
	findings, ok := rep["findings"].([]any)
	if !ok || len(findings) == 0 {
		t.Fatalf("findings: %v, want a non-empty array for a diverging run", rep["findings"])
	}
	for i, fv := range findings {
		f, ok := fv.(map[string]any)
		if !ok {
			t.Fatalf("findings[%d] is %T", i, fv)
		}
		where := fmt.Sprintf("findings[%d]", i)
		for _, k := range []string{"kind", "metric", "severity", "message"} {
			need(where, f, k, isString, "string")
		}
		for _, k := range []string{"step", "since_step", "confidence"} {
			need(where, f, k, numberOrNull, "number or null")
		}
		need(where, f, "evidence", isObject, "object")
		rems, ok := f["remedies"].([]any)
		if !ok {
			t.Errorf("%s: remedies is %T, want array", where, f["remedies"])
		}
		for j, rv := range rems {
			rem, _ := rv.(map[string]any)
			for _, k := range []string{"id", "title", "why", "snippet"} {
				need(fmt.Sprintf("%s.remedies[%d]", where, j), rem, k, isString, "string")
			}
		}
	}
	if f, _ := findings[0].(map[string]any); f["kind"] != "diverging" && f["kind"] != "nonfinite" {
		t.Errorf("first finding %v, want diverging or nonfinite", f["kind"])
	}
}

func TestCheckTextReportsVerdictConvergenceAndRemedies(t *testing.T) {
	dir := t.TempDir()
	r := losswatch(t, nil, "check", demoLog(t, dir, "healthy", 1))
	if r.code != 0 || !strings.Contains(r.stdout, "verdict: CONVERGED") || !strings.Contains(r.stdout, "converged at step ") {
		t.Errorf("healthy: exit %d, report:\n%s", r.code, r.stdout)
	}
	r = losswatch(t, nil, "check", demoLog(t, dir, "lr-too-high", 1))
	if r.code != 1 || !strings.Contains(r.stdout, "verdict: DIVERGING") || !strings.Contains(r.stdout, "→ ") {
		t.Errorf("lr-too-high: exit %d, report without verdict or remedies:\n%s", r.code, r.stdout)
	}
}

func TestCheckReadsStandardInputFromADemoPipe(t *testing.T) {
	r := losswatch(t, nil, "demo", "--scenario", "lr-too-low", "--no-tui")
	if r.code != 0 || strings.Count(r.stdout, "\n") < 1000 {
		t.Fatalf("demo --no-tui to stdout: exit %d, %d lines", r.code, strings.Count(r.stdout, "\n"))
	}
	c := losswatch(t, []byte(r.stdout), "check", "--json", "-")
	var rep struct{ Records int64 }
	if err := json.Unmarshal([]byte(c.stdout), &rep); err != nil || rep.Records != int64(strings.Count(r.stdout, "\n")) {
		t.Fatalf("check -: exit %d, %d records of %d lines (%v)", c.code, rep.Records, strings.Count(r.stdout, "\n"), err)
	}
}

// TestEveryDemoScenarioGetsTheVerdictItsCauseImplies runs every scenario
// with three seeds through `demo --no-tui` and `check --json`.
func TestEveryDemoScenarioGetsTheVerdictItsCauseImplies(t *testing.T) {
	dir := t.TempDir()
	for _, s := range demo.Scenarios() {
		for seed := 1; seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed%d", s.Name, seed), func(t *testing.T) {
				t.Parallel()
				r := losswatch(t, nil, "check", "--json", demoLog(t, dir, s.Name, seed))
				var rep struct {
					Verdict  string
					Findings []struct{ Kind string }
				}
				if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
					t.Fatalf("check --json: exit %d, %v, stderr %q", r.code, err, r.stderr)
				}
				if !slices.Contains(s.Expect, rep.Verdict) {
					t.Errorf("verdict %q (findings %v), want one of %v: %s", rep.Verdict, rep.Findings, s.Expect, s.Description)
				}
				wantCode := 1
				if rep.Verdict == "converged" || rep.Verdict == "converging" {
					wantCode = 0
				}
				if r.code != wantCode {
					t.Errorf("exit status %d for verdict %s, want %d", r.code, rep.Verdict, wantCode)
				}
			})
		}
	}
}

func TestUnreadableFileIsAnErrorForTheUIAndCheck(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	log := filepath.Join(t.TempDir(), "train.jsonl")
	if err := os.WriteFile(log, []byte(`{"step":1,"loss":2}`+"\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{log}, {"check", log}} {
		r := losswatch(t, nil, args...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "permission denied") {
			t.Errorf("losswatch %v: exit %d, stderr %q; want 2 and one line saying permission denied", args, r.code, r.stderr)
		}
	}
}

// TestCheckOnTheCorpusReportsFormatAndTrainingLossPoints runs check --json
// on every log of the shared corpus: the format must be recognised and the
// training loss must have its number of points (pytorch-dev: one per logged
// step, or per epoch for Keras CSV files).
func TestCheckOnTheCorpusReportsFormatAndTrainingLossPoints(t *testing.T) {
	type want struct{ format, metric string }
	cases := map[string]want{}
	points := map[string]int{}
	realDir := corpustest.Dir(t, "real")
	for _, l := range corpustest.Real() {
		path := filepath.Join(realDir, l.File)
		cases[path], points[path] = want{l.Format, l.Metric}, l.Points
	}
	dev, labels := corpustest.Labels(t)
	for file, l := range labels {
		format, loss, ok := corpustest.LabelFormat(l.Format)
		if !ok {
			t.Fatalf("%s: label format %q unknown to the test", file, l.Format)
		}
		path := filepath.Join(dev, file)
		cases[path], points[path] = want{format, loss}, l.Steps
	}
	for path, w := range cases {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r := losswatch(t, nil, "check", "--json", "--allow-empty", path)
			if r.code == 2 {
				t.Fatalf("exit 2: %s", r.stderr)
			}
			var rep struct {
				Format  string
				Metrics map[string]struct{ Points int }
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.stdout)
			}
			if rep.Format != w.format {
				t.Errorf("format %q, want %q", rep.Format, w.format)
			}
			if got := rep.Metrics[w.metric].Points; got != points[path] {
				t.Errorf("%s: %d points, want %d", w.metric, got, points[path])
			}
		})
	}
}
