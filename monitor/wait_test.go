package monitor

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/fsnotify/fsnotify"

	"github.com/losswatch/losswatch/monitor/decode"
)

func TestLostEventsMakeTheFollowerLookAgain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	out := make(chan Batch, 4)
	b := newBatcher(ctx, out, defaultBatchLimit, decode.NewDecoder("", "x"))
	w, err := Open(filepath.Join(dir, "train.log")).newWaiter(ctx, b, dir, filepath.Join(dir, "train.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	own, ok := w.watch.(ownWatch)
	if !ok {
		t.Skip("no file events on this system")
	}
	go func() { own.w.Errors <- fsnotify.ErrEventOverflow }()
	others, err := w.wait(b)
	if err != nil || !others {
		t.Fatalf("wait after an overflow = %v, %v; want a look at everything", others, err)
	}
	go func() {
		own.w.Errors <- errors.New("something odd")
		own.w.Errors <- fsnotify.ErrEventOverflow
	}()
	if _, err := w.wait(b); err != nil {
		t.Fatal(err)
	}
	if b.pending() {
		b.send()
	}
	got := <-out
	if len(got.Events) != 1 || got.Events[0].Kind != EventError {
		t.Fatalf("a watch error gave %+v, want one error event", got.Events)
	}
}
