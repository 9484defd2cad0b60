package detect

import (
	"math"
	"strings"
)

// higherWords are the metric names (or their first letters, followed by
// digits: map50, top1, rouge2) whose values are better when higher.
var higherWords = [...]string{"acc", "accuracy", "map", "ap", "bleu", "f1", "fscore", "precision", "recall",
	"auc", "auroc", "iou", "miou", "dice", "rouge", "psnr", "ssim", "reward", "return", "top1", "top5", "r2", "ndcg", "mrr"}

// HigherIsBetter reports whether a metric's name says higher values are
// better (accuracy, mAP, BLEU, F1, ...): the grid shows its best as its
// highest, and the tracker judges it by its shortfall (see ceilingFor). A
// loss never is, whatever else its name says.
func HigherIsBetter(name string) bool {
	if LossLike(name) {
		return false
	}
	for _, t := range tokens(name) {
		for _, w := range higherWords {
			if t == w || strings.HasPrefix(t, w) && allDigits(t[len(w):]) {
				return true
			}
		}
	}
	return false
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ceilingFor is the best value a higher-is-better metric can reach, told
// from its first value: 1 for a share (accuracy 0.62), 100 for a
// percentage (BLEU 12.4, accuracy 62), else the next power of ten. The
// detector judges the shortfall ceiling − v, a quantity that falls toward
// zero as the run learns — an error rate for an accuracy — so every rule
// written for a loss (its ratios to the start and the best, its floor)
// applies unchanged. A metric that starts at or below zero (an RL return)
// has ceiling 0: its shortfall is −v.
func ceilingFor(first float64) float64 {
	switch {
	case first <= 0:
		return 0
	case first <= 1:
		return 1
	case first <= 100:
		return 100
	}
	return math.Pow(10, math.Ceil(math.Log10(first)))
}

// judged is the value the rules judge for v: v itself, or for a
// higher-is-better metric its shortfall below its ceiling.
func (s *series) judged(v float64) float64 {
	if !s.higher {
		return v
	}
	if !s.hasCeiling {
		s.ceiling, s.hasCeiling = ceilingFor(v), true
	}
	return s.ceiling - v
}

// shown is the value people are shown for a judged value jv: the
// inverse of judged.
func (s *series) shown(jv float64) float64 {
	if !s.higher {
		return jv
	}
	return s.ceiling - jv
}
