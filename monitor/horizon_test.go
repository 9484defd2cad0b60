package monitor

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/losswatch/losswatch/monitor/decode"
)

func TestPipelineHorizonIsTheLogsPlannedEnd(t *testing.T) {
	log := "Epoch 1/12\n380/380 [==============================] - 12s 31ms/step - loss: 0.90 - val_loss: 0.95\n" +
		"Epoch 2/12\n380/380 [==============================] - 11s 30ms/step - loss: 0.70 - val_loss: 0.80\n"
	path := filepath.Join(t.TempDir(), "fit.log")
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	p := NewPipeline(Open(path))
	if p.Horizon() != 0 || p.Unit() != "" {
		t.Errorf("before reading: horizon %v %q, want unknown", p.Horizon(), p.Unit())
	}
	out := make(chan Update)
	errc := make(chan error, 1)
	go func() { errc <- p.Run(context.Background(), out) }()
	for range out {
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if p.Horizon() != 12 || p.Unit() != decode.UnitEpoch {
		t.Errorf("horizon %v %q, want 12 epochs", p.Horizon(), p.Unit())
	}
}
