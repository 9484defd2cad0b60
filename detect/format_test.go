package detect

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestNumbersInSentencesReadAsAPersonWritesThem(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"small value, three significant digits", num(0.0647123), "0.0647"},
		{"ratio above a thousand is grouped, not 1.22e+03", num(1221.7), "1,220"},
		{"large negative", num(-123456), "-123,000"},
		{"tiny value keeps its exponent", num(3e-5), "3e-05"},
		{"whole step grouped", stepText(IntStep(1719)), "1,719"},
		{"million steps", stepText(IntStep(1234567)), "1,234,567"},
		{"epoch fraction as it is", stepText(FloatStep(2.5)), "2.5"},
		{"code literal never grouped", code(1221.7), "1.22e+03"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestCheckpointSnippetNamesTheFileWithoutGrouping(t *testing.T) {
	x := remedyContext{t: New(), p: profile{framework: "huggingface"}, f: &Finding{SinceStep: IntStep(12500)}}
	r := x.checkpoint(IntStep(12000), "why")
	if r.Snippet != `trainer.train(resume_from_checkpoint="checkpoint-12000")` {
		t.Errorf("snippet %q", r.Snippet)
	}
	if want := "best at step 12,000"; !strings.Contains(r.Title, want) {
		t.Errorf("title %q lacks %q", r.Title, want)
	}
}

func TestSlowRunsEstimateHalvingOnlyWhenFalling(t *testing.T) {
	halving := func(steps, span float64) string { return New().halving(steps, span, lossMoveWords) }
	if got := halving(1234.4, 5000); got != "at this rate it needs about 1,234 more steps just to halve" {
		t.Errorf("falling: %q", got)
	}
	if got := halving(math.Inf(1), 5000); strings.Contains(got, "needs about") {
		t.Errorf("not falling still gives an estimate: %q", got)
	}
	// 14 more steps on a run 19,000 steps long is no rate to plan by
	if got := halving(14, 19000); strings.Contains(got, "needs about") {
		t.Errorf("an estimate under a tenth of the run: %q", got)
	}
}

// TestSentencesCountInTheLogsUnit feeds a run logged per epoch (fractional
// epochs, as the HuggingFace console writes them) to a tracker told its
// unit, and expects its sentences to name epochs, never steps, with spans
// to three digits; and a span of one unit in the singular.
func TestSentencesCountInTheLogsUnit(t *testing.T) {
	tr := New()
	tr.SetStepUnit("epoch")
	for i := 0; i < 400; i++ {
		tr.Observe("loss", float64(i+1)/80, 2*math.Exp(-float64(i)/60)+0.01*math.Sin(float64(i)))
	}
	tr.Finish()
	st := tr.State()
	if len(st.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range st.Findings {
		text := f.Message
		for _, r := range f.Remedies {
			text += " " + r.Title + " " + r.Why
		}
		if !strings.Contains(text, "epoch") || regexp.MustCompile(`\bstep [0-9]|[0-9] steps\b`).MatchString(text) {
			t.Errorf("%s: %q", f.Kind, text)
		}
	}
	for v, want := range map[float64]string{1: "1 epoch", 2.5: "2.5 epochs", 59808: "59,808 epochs"} {
		if got := tr.span(v); got != want {
			t.Errorf("span(%v) = %q, want %q", v, got, want)
		}
	}
	if got := New().span(1); got != "1 step" {
		t.Errorf("span(1) = %q", got)
	}
}
