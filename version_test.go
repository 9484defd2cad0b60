package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionLineNamesTheRevision(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "28f5318268c93abd361a2fc1413883e5e639f475"}, {Key: "vcs.time", Value: "2026-11-30T09:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"losswatch (devel) 28f5318268c9 2026-11-30 (modified) go1.26.8"},
		{"a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "28f5318268c93abd"}, {Key: "vcs.modified", Value: "false"}}},
			"losswatch (devel) 28f5318268c9 go1.26.8"},
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}}, "losswatch v1.2.0 go1.26.8"},
		{"go run", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"losswatch (devel) (no VCS revision: go run, -buildvcs=false or a git worktree) go1.26.8"},
		{"no build information", nil, "losswatch (no build information)"},
	} {
		if got := versionLine(tc.bi); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
