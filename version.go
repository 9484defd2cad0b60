package main

import (
	"fmt"
	"runtime/debug"
	"time"
)

// version is `losswatch version`: the module version, or the VCS revision
// of a build from a checkout.
func version(args []string) int {
	if len(args) > 0 {
		return fail(fmt.Errorf("version takes no arguments"))
	}
	v, rev, dirty, when := "(devel)", "", false, ""
	bi, ok := debug.ReadBuildInfo()
	if ok {
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
	}
	line := "losswatch " + v
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		line += " " + rev
		if when != "" {
			line += " " + when
		}
		if dirty {
			line += " (modified)"
		}
	}
	if ok {
		line += " " + bi.GoVersion
	}
	fmt.Println(line)
	return 0
}
