package detect

import (
	"fmt"
	"sort"
	"strings"
)

// primaryClass is what a metric is as a candidate for the primary metric.
// The classes are in order of preference: the lowest present is judged.
type primaryClass int

const (
	classPlainTrainLoss   primaryClass = iota // "loss", "train_loss", "total_loss"
	classPartialTrainLoss                     // "train_domain_loss", "train/box_loss"
	classGeneratorAdv                         // a GAN generator's adversarial loss: "G_GAN"
	classGenerator                            // another generator loss: "G_A", "loss_G"
	classOtherLoss                            // loss-like: "kl_loss", "nll"
	classDiscriminator                        // a GAN discriminator's loss: "D_real", "loss_D"
	classValLoss                              // "val_loss", "eval_loss"
	classOther                                // "accuracy", unknown names
	classOptimizer                            // the learning rate, the gradient norm
	classCounter                              // counters and timings: x axes or context
)

// classWhy says, for the report, what a metric of each class is.
var classWhy = [...]string{
	classPlainTrainLoss:   "the plain training loss",
	classPartialTrainLoss: "a partial training loss",
	classGeneratorAdv:     "the generator's adversarial loss of a GAN",
	classGenerator:        "a generator loss of a GAN",
	classOtherLoss:        "a loss",
	classDiscriminator:    "a discriminator loss of a GAN",
	classValLoss:          "a validation loss",
	classOther:            "a metric that is not a loss",
	classOptimizer:        "an optimizer setting",
	classCounter:          "a counter or timing",
}

// counterNames are counters and timings: an x axis or context of a log
// (pix2pix's "(epoch: 1, iters: 100, time: 0.034, data: 0.168)", the
// Trainer's runtimes and rates), never what training minimises.
var counterNames = map[string]bool{
	"iters": true, "iter": true, "iteration": true, "it": true, "step": true, "steps": true, "global_step": true,
	"epoch": true, "ep": true, "batch": true, "num_updates": true, "updates": true, "time": true, "data": true,
	"data_time": true, "iter_time": true, "batch_time": true, "eta": true, "it_s": true, "s_it": true,
	"elapsed": true, "runtime": true, "train_runtime": true, "eval_runtime": true, "wall_time": true,
	"timestamp": true, "ms": true, "dt": true,
}

var (
	generatorTokens     = []string{"g", "gen", "generator", "netg", "errg"}
	discriminatorTokens = []string{"d", "disc", "discriminator", "netd", "errd"}
)

// primaryClassOf classifies a metric name as a candidate for the primary.
func primaryClassOf(name string) primaryClass {
	toks := tokens(name)
	joined := strings.Join(toks, "_")
	if counterNames[joined] || strings.HasSuffix(joined, "_per_second") {
		return classCounter
	}
	switch role := RoleOf(name); {
	case role == RoleTrainLoss:
		rest := without(toks, "train", "training", "total", "step", "epoch", "avg", "mean", "running")
		if len(rest) == 1 && (rest[0] == "loss" || rest[0] == "trl") {
			return classPlainTrainLoss
		}
		return classPartialTrainLoss
	case role == RoleValLoss:
		return classValLoss
	case role == RoleLearningRate || role == RoleGradNorm:
		return classOptimizer
	}
	switch {
	case hasAny(toks, generatorTokens) && (has(toks, "gan") || has(toks, "adv")):
		return classGeneratorAdv
	case hasAny(toks, generatorTokens):
		return classGenerator
	case hasAny(toks, discriminatorTokens):
		return classDiscriminator
	case LossLike(name):
		return classOtherLoss
	}
	return classOther
}

func hasAny(toks, want []string) bool {
	for _, w := range want {
		if has(toks, w) {
			return true
		}
	}
	return false
}

// PrimaryReason says why primary is the metric judged among the metrics
// names, for check's report: "" when no other loss competed with it.
// A primary that is not the best candidate was named by the user.
func PrimaryReason(primary string, names []string) string {
	if primary == "" {
		return ""
	}
	pc := primaryClassOf(primary)
	var passed []string
	best := pc
	for _, n := range names {
		c := primaryClassOf(n)
		if n == primary || c >= classValLoss {
			continue
		}
		best = min(best, c)
		why := classWhy[c]
		if c == pc {
			why += " too, seen later"
		}
		passed = append(passed, fmt.Sprintf("%s (%s)", n, why))
	}
	sort.Strings(passed)
	switch {
	case best < pc:
		return fmt.Sprintf("%s was asked for (--metric)", primary)
	case len(passed) == 0:
		return ""
	}
	return fmt.Sprintf("%s is %s; preferred over %s", primary, classWhy[pc], strings.Join(passed, ", "))
}
