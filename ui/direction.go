package ui

import (
	"strings"

	"github.com/losswatch/losswatch/detect"
)

// higherWords are the metric names (or their first letters, followed by
// digits: map50, top1, rouge2) whose values are better when higher.
var higherWords = [...]string{"acc", "accuracy", "map", "ap", "bleu", "f1", "fscore", "precision", "recall",
	"auc", "auroc", "iou", "miou", "dice", "rouge", "psnr", "ssim", "reward", "return", "top1", "top5", "r2", "ndcg", "mrr"}

// higherIsBetter reports whether a metric's name says higher values are
// better (accuracy, mAP, BLEU, F1, ...), so that the grid shows its best as
// its highest. A loss never is, whatever else its name says.
func higherIsBetter(name string) bool {
	if detect.LossLike(name) {
		return false
	}
	for _, t := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
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
