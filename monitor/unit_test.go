package monitor

import (
	"regexp"
	"testing"
)

// TestSentencesCountInTheLogsUnit reads a HuggingFace console log, whose
// steps are epochs, as check does, and expects the findings to name
// epochs, never steps.
func TestSentencesCountInTheLogsUnit(t *testing.T) {
	st := checkState(t, "decode/testdata/issue15/hf-nohup.log")
	if len(st.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range st.Findings {
		if ok, _ := regexp.MatchString(`\bepochs?\b`, f.Message); !ok || regexp.MustCompile(`\bsteps?\b`).MatchString(f.Message) {
			t.Errorf("%s: %q", f.Kind, f.Message)
		}
	}
}
