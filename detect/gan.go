package detect

// ganSideWords are the words of a GAN loss's name that say which side or
// which term it is, not which network: what is left pairs a generator's
// loss with its discriminator's ("A" of CycleGAN's G_A and D_A; nothing of
// pix2pix's G_GAN and D_real, nor of loss_G and loss_D).
var ganSideWords = []string{"gan", "adv", "real", "fake", "loss", "total", "err", "net"}

// IsGenerator reports whether a metric name is a GAN generator's loss
// ("G_GAN", "G_A", "loss_G", "gen_loss", "errG").
func IsGenerator(name string) bool {
	c := primaryClassOf(name)
	return c == classGeneratorAdv || c == classGenerator
}

// isDiscriminator reports whether a metric name is a GAN discriminator's
// loss ("D_real", "D_A", "loss_D", "disc_loss", "errD").
func isDiscriminator(name string) bool { return primaryClassOf(name) == classDiscriminator }

// ganKey is what names the network of a GAN loss: its name without the
// generator and discriminator words and without ganSideWords.
func ganKey(name string) string {
	k := ""
	for _, t := range splitGlued(tokens(name)) {
		if !has(generatorTokens, t) && !has(discriminatorTokens, t) && !has(ganSideWords, t) {
			k += t + "_"
		}
	}
	return k
}

// splitGlued splits DCGAN's glued names ("errG", "netD" lower-cased to
// "errg", "netd") into their parts, so that their side is found.
func splitGlued(toks []string) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		switch t {
		case "errg", "netg":
			out = append(out, t[:3], "g")
		case "errd", "netd":
			out = append(out, t[:3], "d")
		default:
			out = append(out, t)
		}
	}
	return out
}

// Discriminator returns the discriminator loss that a GAN's generator
// loss gen is trained against, among names (in the log's order): the first
// discriminator loss of the same network ("D_A" for "G_A", "D_real" for
// pix2pix's "G_GAN", "loss_D" for "loss_G", "disc_loss" for "gen_loss"),
// so that a view shows the two losses of the game side by side. It is ""
// when gen is not a generator's loss or no discriminator's matches it.
func Discriminator(gen string, names []string) string {
	if !IsGenerator(gen) {
		return ""
	}
	key := ganKey(gen)
	for _, n := range names {
		if isDiscriminator(n) && ganKey(n) == key {
			return n
		}
	}
	return ""
}
