package decode

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestExactFloatAgreesWithStrconv(t *testing.T) {
	inputs := []string{"0", "-0", "1", "1500", "0.6963165402412415", "0.6963", "1e-05", "5e-05", "3.125e-06",
		"6.0000e-04", "1.8562598821331036e-05", "123456789012345", "1234567890123456", ".5", "5.", "+2.5",
		"0.000001", "000.000", "0.0", "-0.0e5", "00012", "1.", ".", "-", "+.5", "0.0000000000000000000000001",
		"12345678901234567890", "0.12345678901234567", "1e", "1e+", "5e-324", "1.5E+3", "1.5e+03",
		"1E22", "1e23", "9007199254740993", "0.1", "0.2", "0.3", "2.2250738585072014e-308"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		f := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-6))
		prec := rng.IntN(17) + 1
		inputs = append(inputs, strconv.FormatFloat(f, 'g', prec, 64), strconv.FormatFloat(f, 'f', rng.IntN(10), 64))
	}
	for _, in := range inputs {
		want, werr := strconv.ParseFloat(in, 64)
		got, ok := parseNumber([]byte(in))
		if ok != (werr == nil) || (ok && math.Float64bits(got) != math.Float64bits(want)) {
			t.Errorf("parseNumber(%q) = %v, %v; strconv %v, %v", in, got, ok, want, werr)
		}
		if f, ok := exactFloat([]byte(in)); ok && math.Float64bits(f) != math.Float64bits(want) {
			t.Errorf("exactFloat(%q) = %v, strconv %v", in, f, want)
		}
	}
}

func TestParseNumberAcceptsWhatLogsWrite(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{`"5.123"`, 5.123, true}, {"'0.5'", 0.5, true}, {" 12 ", 12, true}, {"nan", math.NaN(), true},
		{"NaN", math.NaN(), true}, {"-inf", math.Inf(-1), true}, {"Infinity", math.Inf(1), true},
		{"1e999", math.Inf(1), true}, {"", 0, false}, {"abc", 0, false}, {"1.2.3", 0, false}, {"12ms", 0, false},
	}
	for _, tc := range tests {
		got, ok := parseNumber([]byte(tc.in))
		if ok != tc.ok || (ok && got != tc.want && !(math.IsNaN(got) && math.IsNaN(tc.want))) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
