package detect

import "testing"

func TestEveryFixedRemedyHasTitleAndSnippets(t *testing.T) {
	for _, id := range []string{remClip, remRegularise, remShuffle, remMoreEpochs, remReinit, remLeaky, remWider, remWarmup, remBF16, remPretrained} {
		for _, fw := range []string{"", "pytorch", "keras", "huggingface", "lightning"} {
			r := remedyContext{p: profile{framework: fw}}.fixed(id, "because")
			if r.ID != id || r.Title == "" || r.Snippet == "" || r.Why != "because" {
				t.Errorf("%s for %q: %+v", id, fw, r)
			}
		}
	}
	if title, _ := fixedRemedy("no-such-remedy"); title != "" {
		t.Errorf("unknown remedy has title %q", title)
	}
}
