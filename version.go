package main

import (
	"fmt"
	"runtime/debug"
	"time"
)

// version is `losswatch version` (and `losswatch --version`): the module
// version and the VCS revision of a build from a checkout.
func version(args []string) int {
	if len(args) > 0 {
		return fail(fmt.Errorf("version takes no arguments"))
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Println(versionLine(bi))
	return 0
}

// versionLine says what build bi is: "losswatch v1.2.0 go1.26.8", or from a
// checkout "losswatch (devel) 28f5318268c9 2026-11-30 (modified) go1.26.8";
// a build that carries no revision says so: go run, -buildvcs=false, and
// a linked git worktree, whose .git file Go does not follow (golang/go#58218).
func versionLine(bi *debug.BuildInfo) string {
	if bi == nil {
		return "losswatch (no build information)"
	}
	v, rev, dirty, when := "(devel)", "", false, ""
	if bi.Main.Version != "" {
		v = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				when = t.UTC().Format("2006-01-02")
			}
		}
	}
	line := "losswatch " + v
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev != "":
		line += " " + rev
		if when != "" {
			line += " " + when
		}
		if dirty {
			line += " (modified)"
		}
	case v == "(devel)":
		line += " (no VCS revision: go run, -buildvcs=false or a git worktree)"
	}
	return line + " " + bi.GoVersion
}
