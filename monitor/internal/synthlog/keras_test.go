package synthlog

import (
	"bytes"
	"testing"

	"github.com/losswatch/losswatch/monitor/decode"
)

// TestKerasConsoleReadsAsKerasOutput writes a Keras log and expects
// losswatch to recognise it and read an epoch a record: the epochs as
// steps, the plan of "Epoch N/M" as the horizon, every progress state but
// the last of an epoch skipped, and the last's metrics.
func TestKerasConsoleReadsAsKerasOutput(t *testing.T) {
	const epochs = 30
	var b bytes.Buffer
	if err := Write(&b, "keras", epochs*(kerasBatches+1), 7); err != nil {
		t.Fatal(err)
	}
	d := decode.NewDecoder("", "train.log")
	recs := d.Flush(d.Feed(b.Bytes(), nil))
	st := d.Stats()
	if d.Format() != decode.FormatKerasStdout || len(recs) != epochs || st.Lines != epochs*(kerasBatches+1) {
		t.Fatalf("read as %q: %d records of %d lines, want %d of %d", d.Format(), len(recs), st.Lines, epochs, epochs*(kerasBatches+1))
	}
	if st.Horizon != epochs || st.Unit != decode.UnitEpoch || st.SkipReasons["progress"] != epochs*(kerasBatches-1) || st.SkipReasons["header"] != epochs {
		t.Errorf("stats %+v", st)
	}
	for i, r := range recs {
		names := map[string]bool{}
		for _, m := range r.Metrics {
			names[m.Name] = m.Value > 0 && m.Value < 3
		}
		if r.Step != float64(i+1) || len(r.Metrics) != 4 || !names["loss"] || !names["val_loss"] || !names["accuracy"] || !names["val_accuracy"] {
			t.Errorf("record %d: %+v", i, r)
		}
	}
}
