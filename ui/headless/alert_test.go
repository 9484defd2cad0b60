package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/losswatch/losswatch/detect"
	"github.com/losswatch/losswatch/monitor"
)

func alertFor(kind detect.Kind, sev detect.Severity) WatchEvent {
	f := NewFinding(detect.Finding{Kind: kind, Metric: "val/loss", Step: detect.IntStep(1200), SinceStep: detect.IntStep(1100), Severity: sev,
		Message: "validation loss rising since step 1100; it's time"})
	return WatchEvent{Event: "finding", File: "/runs/a b/train.log", Finding: &f}
}

func TestExecGetsTheFindingInItsEnvironment(t *testing.T) {
	out := filepath.Join(t.TempDir(), "env")
	a := NewAlerter(context.Background(), `env | grep '^LOSSWATCH_' | sort > "`+out+`"`, os.Stderr)
	e := alertFor("overfitting", detect.SeverityWarning)
	if d := a.Alert(e); d != nil {
		t.Fatalf("dropped: %s", d.Message)
	}
	a.Close()
	for err := range a.Errors() {
		t.Fatalf("the command failed: %s", err.Message)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		k, v, _ := strings.Cut(l, "=")
		env[k] = v
	}
	for k, v := range map[string]string{
		"LOSSWATCH_EVENT": "finding", "LOSSWATCH_KIND": "overfitting", "LOSSWATCH_SEVERITY": "warning",
		"LOSSWATCH_METRIC": "val/loss", "LOSSWATCH_STEP": "1200", "LOSSWATCH_SINCE_STEP": "1100",
		"LOSSWATCH_MESSAGE": "validation loss rising since step 1100; it's time", "LOSSWATCH_FILE": "/runs/a b/train.log",
	} {
		if env[k] != v {
			t.Errorf("%s=%q, want %q", k, env[k], v)
		}
	}
	var f Finding
	if err := json.Unmarshal([]byte(env["LOSSWATCH_JSON"]), &f); err != nil || f.Kind != "overfitting" || f.Step != detect.IntStep(1200) {
		t.Errorf("LOSSWATCH_JSON=%q does not hold the finding (%v)", env["LOSSWATCH_JSON"], err)
	}
}

func TestExecFailureBecomesAnErrorEvent(t *testing.T) {
	a := NewAlerter(context.Background(), "exit 3", os.Stderr)
	a.Alert(alertFor("diverging", detect.SeverityCritical))
	a.Close()
	var msgs []string
	for e := range a.Errors() {
		if e.Event != "error" {
			t.Fatalf("event %s, want error", e.Event)
		}
		msgs = append(msgs, e.Message)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "exit status 3") {
		t.Fatalf("errors %q, want one naming exit status 3", msgs)
	}
}

func TestExecNeverHoldsUpIngestion(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := NewAlerter(ctx, "exec sleep 30", os.Stderr)
	dropped := 0
	// One alert runs, alertQueue wait: the rest must be dropped at once.
	for i := 0; i < alertQueue+5; i++ {
		if d := a.Alert(alertFor("diverging", detect.SeverityCritical)); d != nil {
			dropped++
			if d.Event != "error" || !strings.Contains(d.Message, "dropped") {
				t.Fatalf("drop reported as %+v", d)
			}
		}
	}
	if dropped < 4 {
		t.Fatalf("%d of %d alerts dropped with a command that hangs, want at least 4", dropped, alertQueue+5)
	}
	cancel()
	a.Close()
	for range a.Errors() {
	}
}

// sure returns e with its finding's confidence set to c.
func sure(e WatchEvent, c float64) WatchEvent {
	f := *e.Finding
	f.Confidence = Num(c)
	e.Finding = &f
	return e
}

func TestAlertFilterPagesForConfidentWarningsAndCriticalsByDefault(t *testing.T) {
	def := DefaultAlertFilter()
	all := AlertFilter{MinSeverity: detect.SeverityInfo}
	critOnly := AlertFilter{MinSeverity: detect.SeverityCritical, MinConfidence: 0.9}
	for _, tc := range []struct {
		name   string
		filter AlertFilter
		e      WatchEvent
		want   bool
	}{
		{"critical, sure", def, sure(alertFor("diverging", detect.SeverityCritical), 1), true},
		{"warning at even odds", def, sure(alertFor("plateau", detect.SeverityWarning), 0.5), true},
		{"warning the detector doubts (lr-too-high's plateau at 0.22)", def, sure(alertFor("plateau", detect.SeverityWarning), 0.22), false},
		{"info however sure", def, sure(alertFor("converging", detect.SeverityInfo), 0.99), false},
		{"cleared is no new finding", def, WatchEvent{Event: "cleared", Finding: sure(alertFor("plateau", detect.SeverityWarning), 1).Finding}, false},
		{"not a finding", def, WatchEvent{Event: "truncated"}, false},
		{"--min-severity info --min-confidence 0 takes every finding", all, sure(alertFor("converging", detect.SeverityInfo), 0), true},
		{"--min-severity critical leaves warnings out", critOnly, sure(alertFor("plateau", detect.SeverityWarning), 1), false},
		{"--min-confidence 0.9 leaves a hesitant critical out", critOnly, sure(alertFor("diverging", detect.SeverityCritical), 0.8), false},
		{"critical at 0.95 passes 0.9", critOnly, sure(alertFor("diverging", detect.SeverityCritical), 0.95), true},
	} {
		if got := tc.filter.Wants(tc.e); got != tc.want {
			t.Errorf("%s: Wants = %v", tc.name, got)
		}
	}
}

func TestRunWatchRunsExecForEachNewWarningOrCritical(t *testing.T) {
	log := filepath.Join(t.TempDir(), "alerts")
	ctx := context.Background()
	alert := NewAlerter(ctx, `echo "$LOSSWATCH_SEVERITY $LOSSWATCH_KIND $LOSSWATCH_STEP" >> "`+log+`"`, os.Stderr)
	var buf bytes.Buffer
	src := stdinReplay(t, 2000)
	if err := RunWatch(ctx, monitor.NewPipeline(src), NewWatchWriter(&buf, true), alert); err != nil {
		t.Fatal(err)
	}
	// Every warning or critical finding line has its alert, in order.
	var want []string
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var e struct {
			Event, Kind, Severity string
			Step                  float64
		}
		var c struct{ Confidence float64 }
		json.Unmarshal(line, &e)
		json.Unmarshal(line, &c)
		if e.Event == "finding" && (e.Severity == "warning" || e.Severity == "critical") && c.Confidence >= DefaultMinConfidence {
			want = append(want, fmt.Sprintf("%s %s %v", e.Severity, e.Kind, e.Step))
		}
		if e.Event == "error" {
			t.Errorf("error event: %s", line)
		}
	}
	raw, _ := os.ReadFile(log)
	got := strings.Fields(strings.TrimSpace(string(raw)))
	if len(want) == 0 || strings.Join(got, " ") != strings.Join(strings.Fields(strings.Join(want, " ")), " ") {
		t.Fatalf("alerts ran for\n%s\nwant one per warning or critical finding:\n%s", raw, strings.Join(want, "\n"))
	}
}
