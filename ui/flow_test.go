package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/losswatch/losswatch/monitor"
)

// TestFlowFollowPauseResumeQuit runs the whole program: batches arrive over
// the channel while it runs, pause shows the badge, q ends it.
func TestFlowFollowPauseResumeQuit(t *testing.T) {
	batches := make(chan monitor.Update)
	errc := make(chan error, 1)
	m := New(batches, errc, WithPath("runs/exp3/train.log"))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	all := convergedRun.batches(100)
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	for _, b := range all[:3] {
		batches <- monitor.Update(b.(updateMsg))
	}
	wait("step 897")
	tm.Send(press("p"))
	wait("PAUSED +0 new")
	batches <- monitor.Update(all[3].(updateMsg))
	wait("PAUSED +100 new")
	tm.Send(press("p"))
	batches <- monitor.Update(all[4].(updateMsg))
	wait("CONVERGED")
	close(batches)
	errc <- nil
	tm.Send(press("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if final.view.paused {
		t.Error("final model still paused after resuming")
	}
	if got := final.data.series["loss"].Len(); got != 500 {
		t.Errorf("%d points read, want 500", got)
	}
	if !strings.Contains(plain(final), "CONVERGED") {
		t.Errorf("final screen:\n%s", plain(final))
	}
}
