// Package corpustest is test support (like net/http/httptest): it locates,
// for tests only, the shared corpus of real training logs and the module root.
//
// The corpus is never copied into the repository: it lives in ../shared/corpus
// beside the module root (in CI the clone sits in another folder with shared/
// beside it), or wherever $LOSSWATCH_CORPUS says. A test that needs it is
// skipped when it is absent, so the suite passes on a bare clone.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that, when set, is the corpus
// folder, in place of ../shared/corpus beside the module root.
const EnvVar = "LOSSWATCH_CORPUS"

// Dir returns the corpus folder joined with elem (for example
// Dir(t, "real", "tensorboard")), and skips the test when that folder is
// absent or the module root cannot be found.
func Dir(t testing.TB, elem ...string) string {
	t.Helper()
	corpus := os.Getenv(EnvVar)
	if corpus == "" {
		root, ok := findModuleRoot(t)
		if !ok {
			t.Skip("no go.mod above the test")
		}
		corpus = filepath.Join(filepath.Dir(root), "shared", "corpus")
	}
	dir := filepath.Join(append([]string{corpus}, elem...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	return dir
}

// ModuleRoot returns the folder that holds go.mod, walking up from the
// test's working directory (its package folder), and fails the test when
// there is none.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	root, ok := findModuleRoot(t)
	if !ok {
		t.Fatal("no go.mod above the test")
	}
	return root
}

func findModuleRoot(t testing.TB) (string, bool) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
