package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkJSON runs check --json on a fixture of monitor/decode/testdata/issue15 (on
// standard input when stdin is true) and decodes the report.
func checkJSON(t *testing.T, fixture string, stdin bool) map[string]any {
	t.Helper()
	path := filepath.Join("monitor", "decode", "testdata", "issue15", fixture)
	var r result
	if stdin {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r = losswatch(t, data, "check", "--json", "-")
	} else {
		r = losswatch(t, nil, "check", "--json", path)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("check --json %s: %v\n%s%s", fixture, err, r.stdout, r.stderr)
	}
	return rep
}

func TestCheckJudgesThePlainTrainingLossAndSaysWhy(t *testing.T) {
	rep := checkJSON(t, "lightning-domain.csv", false)
	if rep["primary"] != "train_loss" {
		t.Errorf("primary %v, want train_loss", rep["primary"])
	}
	if why, _ := rep["primary_reason"].(string); !strings.Contains(why, "train_domain_loss") {
		t.Errorf("primary_reason %q does not name the loss it was preferred over", why)
	}
	r := losswatch(t, nil, "check", filepath.Join("monitor", "decode", "testdata", "issue15", "lightning-domain.csv"))
	if !strings.Contains(r.stdout, "judged: train_loss is the plain training loss") {
		t.Errorf("text report does not say why train_loss was judged:\n%s", r.stdout)
	}
}

func TestCheckJudgesAGANsGeneratorNotItsCounters(t *testing.T) {
	rep := checkJSON(t, "pix2pix-loss_log.txt", false)
	if rep["primary"] != "G_GAN" {
		t.Errorf("primary %v, want G_GAN", rep["primary"])
	}
	m, _ := rep["metrics"].(map[string]any)
	if _, ok := m["iters"]; ok {
		t.Errorf("iters is a metric; it is the step: %v", m)
	}
	g, _ := m["G_GAN"].(map[string]any)
	if g["first_step"] != 100.0 || g["last_step"] != 1200.0 {
		t.Errorf("G_GAN steps %v–%v, want 100–1200 (iters counts within the epoch)", g["first_step"], g["last_step"])
	}
	if rep := checkJSON(t, "cyclegan-loss_log.txt", false); rep["primary"] != "G_A" {
		t.Errorf("CycleGAN primary %v, want G_A", rep["primary"])
	}
}

func TestCheckReadsAnEventFileWithoutItsNameOnStandardInput(t *testing.T) {
	rep := checkJSON(t, "tbx-old-events.bin", true)
	if rep["format"] != "tfevents" || rep["records"] != 5.0 {
		t.Errorf("format %v, records %v; want tfevents, 5", rep["format"], rep["records"])
	}
}
