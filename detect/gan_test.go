package detect

import "testing"

func TestDiscriminatorPairsEachGeneratorWithItsOpponent(t *testing.T) {
	pix2pix := []string{"G_GAN", "G_L1", "D_real", "D_fake"}
	cyclegan := []string{"D_A", "G_A", "cycle_A", "idt_A", "D_B", "G_B", "cycle_B", "idt_B"}
	for _, tc := range []struct {
		name  string
		gen   string
		names []string
		want  string
	}{
		{"pix2pix's adversarial loss against the first discriminator term", "G_GAN", pix2pix, "D_real"},
		{"pix2pix's L1 term has no opponent", "G_L1", pix2pix, ""},
		{"CycleGAN's G_A against D_A", "G_A", cyclegan, "D_A"},
		{"CycleGAN's G_B against D_B, not D_A", "G_B", cyclegan, "D_B"},
		{"loss_G against loss_D", "loss_G", []string{"loss_D", "loss_G"}, "loss_D"},
		{"gen_loss against disc_loss", "gen_loss", []string{"gen_loss", "disc_loss", "lr"}, "disc_loss"},
		{"DCGAN's errG against errD", "errG", []string{"errD", "errG", "D_x"}, "errD"},
		{"a discriminator is no generator", "D_A", cyclegan, ""},
		{"a plain loss has no opponent", "loss", []string{"loss", "loss_D"}, ""},
		{"a generator without a discriminator", "G_A", []string{"G_A", "cycle_A"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Discriminator(tc.gen, tc.names); got != tc.want {
				t.Errorf("Discriminator(%q, %v) = %q, want %q", tc.gen, tc.names, got, tc.want)
			}
		})
	}
}
