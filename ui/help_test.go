package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/monitor/corpustest"
)

// keyWords is how help and the README write a key bubbletea names.
func keyWords(k string) string {
	if w, ok := map[string]string{" ": "space", "left": "←", "right": "→", "up": "↑", "down": "↓",
		"shift+left": "⇧←", "shift+right": "⇧→"}[k]; ok {
		return w
	}
	return k
}

// helpRows are the help screen's rows: a row of the key table with the
// keys of the partner rows that follow it ("←/→" is left and right).
func helpRows() []struct {
	def  keyDef
	keys []string
} {
	var out []struct {
		def  keyDef
		keys []string
	}
	for _, d := range keyTable() {
		if d.group == groupNone && len(out) > 0 {
			out[len(out)-1].keys = append(out[len(out)-1].keys, d.keys...)
			continue
		}
		out = append(out, struct {
			def  keyDef
			keys []string
		}{d, d.keys})
	}
	return out
}

// keysMarkdown is the README's key table, made from the key table.
func keysMarkdown() string {
	var b strings.Builder
	b.WriteString("| key | does |\n|---|---|\n")
	for _, r := range helpRows() {
		b.WriteString("| `" + r.def.help + "` | " + r.def.long + " |\n")
	}
	return b.String()
}

// TestHelpNamesEveryKey: every key that does something is named on the
// help screen, in its row, with the row's wording.
func TestHelpNamesEveryKey(t *testing.T) {
	m := send(t, feed(t, testModel(t, 200, 60), convergedRun), press("?"))
	screen := plain(m)
	for _, r := range helpRows() {
		text := r.def.help + " " + r.def.long
		for _, k := range r.keys {
			if w := keyWords(k); !strings.Contains(text, w) {
				t.Errorf("key %q (%s) is not named in its help row %q", k, w, text)
			}
		}
		if !strings.Contains(screen, r.def.long) {
			t.Errorf("the help screen lacks %q", r.def.long)
		}
	}
}

// TestREADMEKeysAreTheKeyTable: the README's Keys section says what the
// program does, word for word (go test -run READMEKeys -update rewrites it).
func TestREADMEKeysAreTheKeyTable(t *testing.T) {
	path := filepath.Join(corpustest.ModuleRoot(t), "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "## Keys\n\n")
	end := strings.Index(text, "\nThe mouse can drag")
	if start < 0 || end < start {
		t.Fatal("README has no Keys section ending with the mouse")
	}
	start += len("## Keys\n\n")
	want := keysMarkdown()
	if text[start:end] == want {
		return
	}
	if updateGolden() {
		if err := os.WriteFile(path, []byte(text[:start]+want+text[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README's keys differ from the key table (-update rewrites them):\n--- README ---\n%s--- table ---\n%s", text[start:end], want)
}
