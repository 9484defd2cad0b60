package ui

import "github.com/losswatch/losswatch/detect"

// higherIsBetter reports whether a metric's name says higher values are
// better (accuracy, mAP, BLEU, F1, ...), so that the grid shows its best as
// its highest: detect's rule, the one the detector judges by.
func higherIsBetter(name string) bool { return detect.HigherIsBetter(name) }
