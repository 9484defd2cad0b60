package detect

import (
	"strings"
	"testing"
)

func primaryOf(names ...string) string {
	tr := New()
	for _, m := range names {
		tr.Observe(m, 1, 1)
	}
	return tr.State().Primary
}

func TestPrimaryPrefersThePlainTrainingLossOverAPartialOne(t *testing.T) {
	// Lightning writes its columns in alphabetical order: the partial loss comes first.
	if p := primaryOf("epoch", "step", "train_domain_loss", "train_loss", "val_loss"); p != "train_loss" {
		t.Errorf("primary %q, want train_loss", p)
	}
	if p := primaryOf("loss_cls", "loss_box_reg", "total_loss"); p != "total_loss" {
		t.Errorf("primary %q, want total_loss", p)
	}
}

func TestPrimaryOfAGANIsTheGeneratorsLossNeverACounter(t *testing.T) {
	// pix2pix: "(epoch: 1, iters: 100, time: 0.034, data: 0.168) G_GAN: 2.1 G_L1: 40.1 D_real: 0.6 D_fake: 0.5"
	if p := primaryOf("iters", "epoch", "time", "data", "G_GAN", "G_L1", "D_real", "D_fake"); p != "G_GAN" {
		t.Errorf("pix2pix primary %q, want G_GAN", p)
	}
	// CycleGAN
	if p := primaryOf("epoch", "time", "data", "D_A", "G_A", "cycle_A", "idt_A", "D_B", "G_B"); p != "G_A" {
		t.Errorf("CycleGAN primary %q, want G_A", p)
	}
	if p := primaryOf("errD", "errG", "D_x"); p != "errG" {
		t.Errorf("DCGAN primary %q, want errG", p)
	}
}

func TestCountersAndTimingsAreNeverPrimaryWhileAnythingElseIs(t *testing.T) {
	for _, c := range []string{"iters", "time", "data", "epoch", "step", "it/s", "eta", "eval_samples_per_second", "train_runtime"} {
		if p := primaryOf(c, "accuracy"); p != "accuracy" {
			t.Errorf("with %s and accuracy, primary %q", c, p)
		}
		if p := primaryOf(c, "lr"); p != "lr" {
			t.Errorf("with %s and lr, primary %q", c, p)
		}
	}
}

func TestPrimaryReasonNamesWhatCompeted(t *testing.T) {
	r := PrimaryReason("train_loss", []string{"train_domain_loss", "train_loss", "val_loss", "epoch"})
	if !strings.Contains(r, "plain training loss") || !strings.Contains(r, "train_domain_loss (a partial training loss)") ||
		strings.Contains(r, "val_loss") || strings.Contains(r, "epoch") {
		t.Errorf("reason %q", r)
	}
	if r := PrimaryReason("loss", []string{"loss", "lr", "val_loss"}); r != "" {
		t.Errorf("nothing competed, reason %q", r)
	}
	if r := PrimaryReason("val_loss", []string{"loss", "val_loss"}); !strings.Contains(r, "--metric") {
		t.Errorf("a primary worse than a candidate was asked for: reason %q", r)
	}
	if r := PrimaryReason("G_GAN", []string{"G_GAN", "G_L1", "D_real"}); !strings.Contains(r, "D_real (a discriminator loss of a GAN)") {
		t.Errorf("reason %q", r)
	}
}
