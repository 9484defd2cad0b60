package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModuleRootHoldsGoMod(t *testing.T) {
	root := ModuleRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("ModuleRoot = %s: %v", root, err)
	}
	if wd, _ := os.Getwd(); filepath.Dir(filepath.Dir(wd)) != root {
		t.Errorf("ModuleRoot = %s, want two levels above %s", root, wd)
	}
}

func TestDirHonoursEnvironmentVariable(t *testing.T) {
	corpus := t.TempDir()
	if err := os.MkdirAll(filepath.Join(corpus, "real", "tensorboard"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvVar, corpus)
	if got, want := Dir(t), corpus; got != want {
		t.Errorf("Dir() = %s, want %s", got, want)
	}
	if got, want := Dir(t, "real", "tensorboard"), filepath.Join(corpus, "real", "tensorboard"); got != want {
		t.Errorf("Dir(real, tensorboard) = %s, want %s", got, want)
	}
}

func TestDirSkipsWhenAbsent(t *testing.T) {
	t.Setenv(EnvVar, filepath.Join(t.TempDir(), "nowhere"))
	var inner *testing.T
	t.Run("absent", func(t *testing.T) {
		inner = t
		Dir(t)
		t.Error("Dir returned for an absent corpus")
	})
	if !inner.Skipped() {
		t.Error("the test using an absent corpus was not skipped")
	}
}
