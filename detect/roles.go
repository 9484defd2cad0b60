package detect

import "strings"

// Role says what a metric means to the detector.
type Role int

// The roles a metric name can have.
const (
	RoleOther Role = iota
	RoleTrainLoss
	RoleValLoss
	RoleLearningRate
	RoleGradNorm
)

// String names the role.
func (r Role) String() string {
	switch r {
	case RoleTrainLoss:
		return "train loss"
	case RoleValLoss:
		return "val loss"
	case RoleLearningRate:
		return "lr"
	case RoleGradNorm:
		return "grad norm"
	}
	return "other"
}

// RoleOf classifies a metric name as the parsers emit it: "loss",
// "train/loss", "loss_step" and "trl" are the training loss; "val_loss",
// "eval_loss", "valid loss", "tel" the validation loss; "lr", "lr/pg0",
// "learning_rate" the learning rate; "grad_norm", "total_norm" the gradient
// norm. A loss measured at evaluation time on the training set
// ("eval_train_loss") is neither: it is RoleOther. Partial losses with an
// explicit train prefix ("train/box_loss") count as training loss; a bare
// partial loss ("kl_loss") is RoleOther but loss-like (see LossLike).
func RoleOf(name string) Role {
	toks := tokens(name)
	joined := strings.Join(toks, "_")
	switch joined {
	case "trl":
		return RoleTrainLoss
	case "tel", "vl":
		return RoleValLoss
	}
	if strings.Contains(joined, "grad_norm") || strings.Contains(joined, "gradient_norm") ||
		strings.Contains(joined, "total_norm") || has(toks, "gnorm") {
		return RoleGradNorm
	}
	if strings.Contains(joined, "learning_rate") || hasFunc(toks, isLRToken) {
		return RoleLearningRate
	}
	if !LossLike(name) {
		return RoleOther
	}
	evalTime := has(toks, "val") || has(toks, "valid") || has(toks, "validation") || has(toks, "eval") ||
		has(toks, "test") || has(toks, "dev") || has(toks, "evaluation")
	train := has(toks, "train") || has(toks, "training")
	switch {
	case evalTime && train:
		return RoleOther
	case evalTime:
		return RoleValLoss
	case train:
		return RoleTrainLoss
	}
	rest := without(toks, "total", "step", "epoch", "avg", "mean", "running")
	if len(rest) == 1 && rest[0] == "loss" {
		return RoleTrainLoss
	}
	return RoleOther
}

// LossLike reports whether a metric name looks like a loss of some kind
// (a cross-entropy is one).
// fp16 training's dynamic loss scale ("loss_scale", fairseq's
// "train_loss_scale") is a multiplier, not a loss.
func LossLike(name string) bool {
	toks := tokens(name)
	if has(toks, "scale") || has(toks, "scaler") || has(toks, "lossscale") {
		return false
	}
	for i, t := range toks {
		switch {
		case strings.Contains(t, "loss") || t == "nll" || t == "trl" || t == "tel" || t == "xent" || t == "crossentropy":
			return true
		case t == "cross" && i+1 < len(toks) && toks[i+1] == "entropy": // MXNet's "cross-entropy"
			return true
		}
	}
	return false
}

// lossKey reduces a loss name to what identifies it apart from train/val, so
// that "val/box_loss" pairs with "train/box_loss".
func lossKey(name string) string {
	rest := without(tokens(name), "train", "training", "val", "valid", "validation", "eval", "evaluation",
		"test", "dev", "step", "epoch", "total", "avg", "mean")
	return strings.Join(rest, "_")
}

func isLRToken(t string) bool {
	if t == "lr" {
		return true
	}
	if strings.HasPrefix(t, "lr") && len(t) > 2 {
		for _, c := range t[2:] {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	return false
}

// tokens splits a lower-cased name at every character that is not a letter
// or digit.
func tokens(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

func has(toks []string, t string) bool {
	return hasFunc(toks, func(s string) bool { return s == t })
}

func hasFunc(toks []string, f func(string) bool) bool {
	for _, s := range toks {
		if f(s) {
			return true
		}
	}
	return false
}

func without(toks []string, drop ...string) []string {
	var out []string
	for _, t := range toks {
		if !has(drop, t) {
			out = append(out, t)
		}
	}
	return out
}

// primaryRank orders candidates for the primary metric: lower is better
// (see primaryClass for the order and why).
func primaryRank(name string) int { return int(primaryClassOf(name)) }

// IsAxis reports whether a metric name is a position in training — the
// epoch, "train/epoch" — rather than a measure of it: a log's x axis, not a
// curve to chart or judge.
func IsAxis(name string) bool {
	toks := without(tokens(name), "train", "training")
	return len(toks) == 1 && (toks[0] == "epoch" || toks[0] == "epochs")
}
