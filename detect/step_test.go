package detect

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

func TestStepWritesWholeStepsExactly(t *testing.T) {
	for _, tc := range []struct {
		name       string
		s          Step
		text, json string
	}{
		{"2^53+1, which float64 reads as 2^53", IntStep(1<<53 + 1), "9007199254740993", "9007199254740993"},
		{"an epoch fraction", FloatStep(0.25), "0.25", "0.25"},
		{"a negative fraction", FloatStep(-2.5), "-2.5", "-2.5"},
		{"a whole float64", FloatStep(1e6), "1000000", "1000000"},
		{"beyond int64", FloatStep(1e20), "100000000000000000000", "1e+20"},
		{"not a number", FloatStep(math.NaN()), "NaN", "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.String(); got != tc.text {
				t.Errorf("String() = %q, want %q", got, tc.text)
			}
			js, err := json.Marshal(tc.s)
			if err != nil || string(js) != tc.json {
				t.Errorf("JSON %s (%v), want %s", js, err, tc.json)
			}
			var back Step
			if err := json.Unmarshal(js, &back); err != nil || back != tc.s && tc.s.Finite() {
				t.Errorf("JSON %s reads back as %v (%v), want %v", js, back, err, tc.s)
			}
		})
	}
}

func TestStepArithmeticIsExactBeyond2To53(t *testing.T) {
	far := IntStep(1<<53 + 1)
	if got := far.Add(2); got != IntStep(1<<53+3) {
		t.Errorf("2^53+1 + 2 = %v, want 9007199254740995", got)
	}
	if got := far.Add(-0.5); got.String() != "9007199254740992.5" && got.Float() != 9007199254740992 {
		t.Errorf("2^53+1 − 0.5 = %v", got)
	}
	if d := IntStep(1<<53 + 4001).Sub(far); d != 4000 {
		t.Errorf("difference %v, want 4000", d)
	}
	if !far.Less(IntStep(1<<53+2)) || IntStep(1<<53+2).Less(far) || far.Less(far) {
		t.Error("Less does not order 2^53+1 before 2^53+2")
	}
	if !FloatStep(0.25).Less(FloatStep(0.5)) || !FloatStep(-1).Less(IntStep(0)) {
		t.Error("Less does not order fractional steps")
	}
}

// farOffset places a run beyond 2^53, where float64 holds only every other
// integer (and further, every fourth...).
const farOffset = 1 << 53

// stepsOf lists the steps a finding names: its own, and its evidence's.
func stepsOf(f *Finding) []Step {
	out := []Step{f.Step, f.SinceStep}
	for _, k := range slices.Sorted(mapKeys(f.StepEvidence)) {
		out = append(out, f.StepEvidence[k])
	}
	return out
}

func mapKeys(m map[string]Step) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// unstep replaces the numbers in msg that are one of steps by "‹step›",
// so that two messages about the same run at different steps compare equal.
func unstep(msg string, steps []Step) string {
	texts := map[string]bool{}
	for _, s := range steps {
		texts[stepText(s)] = true
	}
	return numberRE.ReplaceAllStringFunc(msg, func(n string) string {
		if texts[n] {
			return "‹step›"
		}
		return n
	})
}

// numberRE matches a number as a sentence writes it: "9,007,199,254,740,993", "2.5".
var numberRE = regexp.MustCompile(`[0-9]+(,[0-9]{3})*(\.[0-9]+)?`)

// sameFindingFarOut reports how far's finding differs from near's, the same
// run farOffset steps later: every step exactly farOffset later, the same
// message apart from its steps.
func sameFindingFarOut(t *testing.T, near, far *Finding) {
	t.Helper()
	ns, fs := stepsOf(near), stepsOf(far)
	if len(ns) != len(fs) {
		t.Fatalf("%s: evidence steps %v far out, %v near", near.Kind, far.StepEvidence, near.StepEvidence)
	}
	for i := range ns {
		if want := ns[i].Add(farOffset); fs[i] != want {
			t.Errorf("%s: step %v far out, want %v (%v + 2^53)", near.Kind, fs[i], want, ns[i])
		}
	}
	if a, b := unstep(far.Message, fs), unstep(near.Message, ns); a != b {
		t.Errorf("%s: far out the message reads\n%s\nnear zero\n%s", near.Kind, far.Message, near.Message)
	}
}

func TestARunBeyond2To53IsJudgedAndToldAsTheSameRunNearZero(t *testing.T) {
	settle := func(i, n int) float64 {
		v := 2 * (0.05 + math.Exp(-float64(i)/300))
		if i > 2*n/3 {
			v *= math.Exp(float64(i-2*n/3) / 150) // and then it blows up
		}
		return v
	}
	for _, tc := range []struct {
		name string
		pts  []point
		want Verdict
	}{
		{"converges", synth("loss", 4000, decay(2, 300, 0.05), 0.02, 1), VerdictConverged},
		{"converges, then diverges", synth("loss", 4000, settle, 0.02, 2), VerdictDiverging},
		{"overfits", merge(synth("loss", 3000, decay(2, 300, 0.05), 0.02, 3),
			synth("val_loss", 3000, func(i, n int) float64 { return 1 + math.Abs(float64(i-1000))/800 }, 0.01, 4)), VerdictOverfitting},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near, far := New(), New()
			for _, p := range tc.pts {
				n := 1_000_000 + int64(p.step) // a step no other number of a message is
				ne, fe := near.ObserveStep(p.metric, IntStep(n), p.value), far.ObserveStep(p.metric, IntStep(farOffset+n), p.value)
				if len(ne) != len(fe) {
					t.Fatalf("step %d: %d events near zero, %d far out", n, len(ne), len(fe))
				}
				for i := range ne {
					if ne[i].Finding != nil && ne[i].Kind == EventFinding {
						sameFindingFarOut(t, ne[i].Finding, fe[i].Finding)
					}
					if c := ne[i].Convergence; c != nil && (fe[i].Convergence.Step != c.Step.Add(farOffset) || fe[i].Convergence.AtStep != c.AtStep.Add(farOffset)) {
						t.Errorf("converged at %v (clear at %v) far out, want %v + 2^53", fe[i].Convergence.Step, fe[i].Convergence.AtStep, c.Step)
					}
				}
			}
			ns, fs := near.State(), far.State()
			if ns.Verdict != tc.want || fs.Verdict != ns.Verdict {
				t.Fatalf("verdict %s far out, %s near zero, want %s", fs.Verdict, ns.Verdict, tc.want)
			}
			if (ns.Convergence == nil) != (fs.Convergence == nil) ||
				ns.Convergence != nil && fs.Convergence.Step != ns.Convergence.Step.Add(farOffset) {
				t.Errorf("convergence %+v far out, %+v near zero", fs.Convergence, ns.Convergence)
			}
			if fs.BestStep != ns.BestStep.Add(farOffset) || fs.LowestStep != ns.LowestStep.Add(farOffset) {
				t.Errorf("best at %v, lowest at %v far out; want %v and %v + 2^53", fs.BestStep, fs.LowestStep, ns.BestStep, ns.LowestStep)
			}
			for name, m := range ns.Metrics {
				f := fs.Metrics[name]
				if f.FirstStep != m.FirstStep.Add(farOffset) || f.LastStep != m.LastStep.Add(farOffset) || f.MinStep != m.MinStep.Add(farOffset) {
					t.Errorf("%s: steps %v–%v, min at %v far out; want %v–%v, %v + 2^53", name, f.FirstStep, f.LastStep, f.MinStep, m.FirstStep, m.LastStep, m.MinStep)
				}
			}
			for i := range ns.Findings {
				sameFindingFarOut(t, &ns.Findings[i], &fs.Findings[i])
			}
		})
	}
}

// FuzzStepJSON: whatever number a report holds reads back as a step that
// writes the same number again, and never panics.
func FuzzStepJSON(f *testing.F) {
	for _, s := range []string{"9007199254740993", "0.25", "-2.5", "1e+20", "null", "1e400", "-9223372036854775808", "9223372036854775807", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Step
		if err := json.Unmarshal(b, &s); err != nil {
			return
		}
		js, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("%q reads as %v, which does not write: %v", b, s, err)
		}
		var back Step
		if err := json.Unmarshal(js, &back); err != nil || s.Finite() && back != s {
			t.Fatalf("%q reads as %v, writes %s, reads back as %v (%v)", b, s, js, back, err)
		}
		if n, ok := s.Int(); ok && s.String() != strconv.FormatInt(n, 10) {
			t.Fatalf("whole step %v writes %q", n, s.String())
		}
	})
}
