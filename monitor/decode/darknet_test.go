package decode

import (
	"math"
	"path/filepath"
	"testing"
)

var darknetFixtureTests = []fixtureTest{
	{"darknet.log", FormatDarknet, 64, 6, 58, "loss",
		// AlexeyAB's: the start-up banner names the format before the first
		// iteration (" 608 x 608 " after it would pass for nanoGPT's
		// "<step> <name> <value>"); a diverged batch prints -nan
		[]point{{1, 1186.106567}, {2, 1179.831299}, {1000, 2.201516}, {1001, 2.102516}, {1002, nan}},
		map[string]int64{"blank": 11, "config": 2, "detail": 7, "progress": 3}},
	{"darknet.log", FormatDarknet, 64, 6, 58, "avg_loss",
		[]point{{1, 1186.106567}, {2, 1185.479004}, {1000, 2.331929}, {1001, 2.301929}, {1002, nan}}, nil},
	{"darknet.log", FormatDarknet, 64, 6, 58, "lr", []point{{1, 0}, {2, 0}, {1000, 0.00261}, {1001, 0.00261}, {1002, 0.00261}}, nil},
	{"darknet.log", FormatDarknet, 64, 6, 58, "mAP@0.50",
		// -map: the calculation after iteration 1000 measures its weights;
		// per-class and per-threshold figures are its detail
		[]point{{1000, 0.635123}}, nil},
	{"darknet-pjreddie.log", FormatDarknet, 13, 2, 11, "avg_loss",
		// "avg", not "avg loss"; YOLOv2's "Region Avg IOU" lines are detail
		[]point{{9798, 0.451929}, {9799, 0.441857}}, map[string]int64{"config": 1, "detail": 3, "no metric": 7}},
}

func TestDarknetTitleGivesTheRunsLength(t *testing.T) {
	d, _ := decodeFile(t, filepath.Join("testdata", "formats", "darknet.log"))
	if st := d.Stats(); st.Horizon != 6000 || st.Unit != UnitStep {
		t.Errorf("horizon %v, unit %q; want 6000 iterations", st.Horizon, st.Unit)
	}
}

func TestDarknetIterationLines(t *testing.T) {
	tests := []struct {
		line          string
		ok            bool
		iter, epoch   float64
		loss, avg, lr float64
	}{
		{" 1: 6.939213, 6.939213 avg loss, 0.000000 rate, 2.345678 seconds, 64 images, 12.345678 hours left", true, 1, -1, 6.939213, 6.939213, 0},
		{"9798: 0.370096, 0.451929 avg, 0.001000 rate, 3.300000 seconds, 627072 images", true, 9798, -1, 0.370096, 0.451929, 0.001},
		{"1200, 3.072: 2.301000, 2.410000 avg, 0.100000 rate, 0.500000 seconds, 153600 images", true, 1200, 3.072, 2.301, 2.41, 0.1},
		{"52: -nan(ind), -nan(ind) avg loss, 0.001000 rate, 1.2 seconds, 3328 images", true, 52, -1, nan, nan, 0.001},
		{"7: inf, inf avg loss, 0.001000 rate", true, 7, -1, inf, inf, 0.001},
		{"1: 6.9, 6.9 avg loss, 0.001 speed, 2.3 seconds", false, 0, 0, 0, 0, 0},
		{"1: 6.9, 6.9 loss, 0.001 rate", false, 0, 0, 0, 0, 0},
		{"1: 6.9, 6.9, 0.001 rate", false, 0, 0, 0, 0, 0},
		{"1: 6.9, 6.9 avg loss, 0.001", false, 0, 0, 0, 0, 0},
		{"step 1: 6.9, 6.9 avg, 0.001 rate", false, 0, 0, 0, 0, 0},
		{"0 : compute_capability = 750, cudnn_half = 1, GPU: NVIDIA GeForce RTX 2070", false, 0, 0, 0, 0, 0},
		{"12:30:01, 0.5 avg, 1 rate", false, 0, 0, 0, 0, 0},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tc := range tests {
		it, ok := darknetLine(trimSpace([]byte(tc.line)))
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.line, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		epoch := -1.0
		if it.hasEpoch {
			epoch = it.epoch
		}
		if it.iter != tc.iter || epoch != tc.epoch || !same(it.loss, tc.loss) || !same(it.avg, tc.avg) || it.lr != tc.lr {
			t.Errorf("%q: %+v", tc.line, it)
		}
	}
}

// TestDarknetLogOfOnlyIterations: `darknet detector train ... | grep avg`
// keeps only the iteration lines.
func TestDarknetLogOfOnlyIterations(t *testing.T) {
	d := NewDecoder("", "train.log")
	recs := decodeWith(t, d, []byte("1: 6.9, 6.9 avg loss, 0.0 rate, 2.3 seconds, 64 images\n2: 6.8, 6.89 avg loss, 0.0 rate, 2.3 seconds, 128 images\n"), 7)
	if d.Format() != FormatDarknet || len(recs) != 2 || recs[1].Step != 2 || len(recs[1].Metrics) != 3 {
		t.Errorf("format %q, records %+v", d.Format(), recs)
	}
	if FormatDarknet.Framework() != "" {
		t.Errorf("framework %q", FormatDarknet.Framework())
	}
}
