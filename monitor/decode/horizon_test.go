package decode

import (
	"os"
	"path/filepath"
	"testing"
)

// decodeFixture decodes a file of testdata/horizon with the format
// recognised, fed in small chunks.
func decodeFixture(t *testing.T, name string) (Decoder, []Record) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "horizon", name))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder("", name)
	return d, d.Flush(feedChunks(d, data, 37, nil))
}

func TestHorizonIsReadWhereTheLogSaysIt(t *testing.T) {
	tests := []struct {
		file    string
		format  Format
		horizon float64
		unit    Unit
		why     string
	}{
		{"keras.log", FormatKerasStdout, 10, UnitEpoch, `"Epoch 2/10": steps are epochs`},
		{"llmc.log", FormatNanoGPT, 19552, UnitStep, `llm.c's "step 1/19552"`},
		{"nanogpt.log", FormatNanoGPT, 5000, UnitStep, `nanoGPT's "Overriding: max_iters = 5000", before any record`},
		{"iteration-total.log", FormatKVText, 5000, UnitStep, `"iteration=100/5000"`},
		{"epoch-step-total.log", FormatKVText, 3000, UnitStep, `"Epoch [1/5], Step [100/600]": 5 epochs of 600 steps`},
		{"epoch-total.log", FormatKVText, 20, UnitEpoch, `"epoch: 3/20" and the step is the epoch`},
		{"batch-total.log", FormatKVText, 0, UnitStep, `a batch count's total is the epoch's length, not the run's`},
		{"fairseq.log", FormatFairseq, 400000, UnitStep, `fairseq's 'max_update': 400000, in updates like num_updates`},
		{"hf-tty.log", FormatHFStdout, 3, UnitEpoch, `the bar drawn after each dict: 300 steps, 100 a epoch`},
		{"hf-banner.log", FormatHFStdout, 3, UnitEpoch, `"Num Epochs = 3" agrees with "Total optimization steps = 375"`},
		{"hf-maxsteps.log", FormatHFStdout, 0, UnitEpoch, `250 steps in "3" epochs: max_steps cut the run, its end in epochs is unknown`},
		{"trainer_state.json", FormatTrainerState, 96, UnitStep, `max_steps`},
		{"keras-csvlogger.csv", FormatKerasCSV, 0, UnitEpoch, `CSVLogger does not write the run's length`},
		{"pix2pix.txt", FormatKVText, 0, UnitStep, `no total`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, recs := decodeFixture(t, tt.file)
			st := d.Stats()
			if d.Format() != tt.format || len(recs) == 0 {
				t.Fatalf("format %q with %d records, want %q", d.Format(), len(recs), tt.format)
			}
			if st.Horizon != tt.horizon || st.Unit != tt.unit {
				t.Errorf("horizon %v %s, want %v %s (%s)", st.Horizon, st.Unit, tt.horizon, tt.unit, tt.why)
			}
		})
	}
}

func TestHorizonIsForgottenWhenTheLogStartsAgain(t *testing.T) {
	d, _ := decodeFixture(t, "llmc.log")
	d.Restart()
	if h := d.Stats().Horizon; h != 0 {
		t.Errorf("horizon %v after the log was truncated, want unknown", h)
	}
}

func TestCountersAndTimingsAreNeverMetrics(t *testing.T) {
	want := map[string][]string{ // the metrics each fixture keeps
		"llmc.log":            {"loss", "norm", "lr"},
		"nanogpt.log":         {"eval_train_loss", "val_loss", "loss", "mfu"},
		"iteration-total.log": {"loss", "lr"},
		"batch-total.log":     {"loss"},
		"fairseq.log":         {"loss", "lr"},
		"hf-banner.log":       {"loss", "learning_rate", "eval_loss"},
		"trainer_state.json":  {"grad_norm", "learning_rate", "loss", "eval_loss"},
		"keras-csvlogger.csv": {"accuracy", "loss", "val_accuracy", "val_loss"},
		"pix2pix.txt":         {"G_GAN", "G_L1", "D_real", "D_fake"},
	}
	for file, names := range want {
		t.Run(file, func(t *testing.T) {
			_, recs := decodeFixture(t, file)
			got := map[string]bool{}
			for _, r := range recs {
				for _, m := range r.Metrics {
					got[m.Name] = true
				}
			}
			if len(got) != len(names) {
				t.Errorf("metrics %v, want %v", got, names)
			}
			for _, n := range names {
				if !got[n] {
					t.Errorf("metric %q missing from %v", n, got)
				}
			}
		})
	}
}

func TestRecordsCarryTheirEpoch(t *testing.T) {
	tests := []struct {
		file   string
		epochs []float64 // of the records, in order
	}{
		{"keras.log", []float64{1, 2}},
		{"hf-banner.log", []float64{0.4, 1}},
		{"trainer_state.json", []float64{0.3125, 0.625, 0.625}},
		{"keras-csvlogger.csv", []float64{0, 1}},
		{"pix2pix.txt", []float64{1, 1}},
		{"epoch-total.log", []float64{3, 4}},
		{"fairseq.log", []float64{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, recs := decodeFixture(t, tt.file)
			if len(recs) != len(tt.epochs) {
				t.Fatalf("%d records, want %d", len(recs), len(tt.epochs))
			}
			for i, r := range recs {
				if !r.HasEpoch || r.Epoch != tt.epochs[i] {
					t.Errorf("record %d: epoch %v (known %v), want %v", i, r.Epoch, r.HasEpoch, tt.epochs[i])
				}
			}
		})
	}
}

func TestRolesOfFieldNames(t *testing.T) {
	tests := []struct {
		name string
		role fieldRole
	}{
		{"loss", roleMetric}, {"lr", roleMetric}, {"learning_rate", roleMetric}, {"grad_norm", roleMetric},
		{"mfu", roleMetric}, {"train_loss_epoch", roleMetric}, {"epoch_loss", roleMetric}, {"loss_scale", roleMetric},
		{"epoch", roleEpoch}, {"ep", roleEpoch}, {"train/epoch", roleEpoch}, {"Epoch", roleEpoch},
		{"iters", roleCounter}, {"time", roleCounter}, {"data", roleCounter}, {"data_time", roleCounter},
		{"eta_seconds", roleCounter}, {"eval_runtime", roleCounter}, {"train_samples_per_second", roleCounter},
		{"num_input_tokens_seen", roleCounter}, {"tok/s", roleCounter}, {"it/s", roleCounter}, {"step", roleCounter},
		{"valid_num_updates", roleCounter}, {"epoch_time", roleCounter}, {"total_flos", roleCounter}, {"ntokens", roleCounter},
	}
	for _, tt := range tests {
		if got := roleOfString(tt.name); got != tt.role {
			t.Errorf("role of %q = %d, want %d", tt.name, got, tt.role)
		}
	}
}
