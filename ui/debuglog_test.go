package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/losswatch/losswatch/monitor"
)

// TestDebugLogWritesWhatTheMonitorDoes: --debug-log gets the monitor's
// batches; the keyboard quits once the first is logged.
func TestDebugLogWritesWhatTheMonitorDoes(t *testing.T) {
	dir := t.TempDir()
	logPath, debug := filepath.Join(dir, "train.jsonl"), filepath.Join(dir, "debug.log")
	if err := os.WriteFile(logPath, []byte("{\"step\": 1, \"loss\": 2}\n{\"step\": 2, \"loss\": 1.5}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	keys, typist := io.Pipe()
	go func() {
		defer typist.Close()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if data, _ := os.ReadFile(debug); bytes.Contains(data, []byte("msg=batch")) {
				break
			}
		}
		_, _ = typist.Write([]byte("q"))
	}()
	p := monitor.NewPipeline(monitor.Open(logPath), monitor.WithSnapshots(StateEvery))
	var screen bytes.Buffer
	if err := Run(context.Background(), p, WithDebugLog(debug), withInput(keys), withOutput(&screen)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(debug)
	if !strings.Contains(string(data), "level=DEBUG msg=batch records=2") {
		t.Errorf("debug log:\n%s", data)
	}
}
