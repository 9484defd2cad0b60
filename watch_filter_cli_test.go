package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWatchExecFollowsMinSeverityAndMinConfidence(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(demoLog(t, dir, "lr-too-high", 2))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		flags []string
		wants func(sev string, conf float64) bool
	}{
		{"every finding", []string{"--min-severity", "info", "--min-confidence", "0"},
			func(string, float64) bool { return true }},
		{"criticals only", []string{"--min-severity", "critical", "--min-confidence", "0"},
			func(sev string, _ float64) bool { return sev == "critical" }},
		{"sure warnings", []string{"--min-confidence", "0.9"},
			func(sev string, c float64) bool { return sev != "info" && c >= 0.9 }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alerts := filepath.Join(dir, fmt.Sprint("alerts", i))
			args := append([]string{"watch", "--json", "--exec", `echo "$LOSSWATCH_SEVERITY $LOSSWATCH_KIND" >> "` + alerts + `"`}, tt.flags...)
			r := losswatch(t, data, append(args, "-")...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			var want []string
			for _, e := range watchLines(t, r.stdout) {
				sev, _ := e["severity"].(string)
				conf, _ := e["confidence"].(float64)
				if e["event"] == "finding" && tt.wants(sev, conf) {
					want = append(want, sev+" "+e["kind"].(string))
				}
			}
			raw, _ := os.ReadFile(alerts)
			if got := strings.TrimSpace(string(raw)); got != strings.Join(want, "\n") {
				t.Fatalf("--exec ran for\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}
