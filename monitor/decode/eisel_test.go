package decode

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// checkExact fails when exactFloat accepts in and disagrees with strconv
// by a single bit.
func checkExact(t *testing.T, in string) bool {
	t.Helper()
	f, ok := exactFloat([]byte(in))
	if !ok {
		return false
	}
	want, err := strconv.ParseFloat(in, 64)
	if err != nil || math.Float64bits(f) != math.Float64bits(want) {
		t.Errorf("exactFloat(%q) = %v; strconv %v, %v", in, f, want, err)
	}
	return true
}

func TestExactFloatRoundsLikeStrconvAcrossTheRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		f := math.Float64frombits(rng.Uint64())
		if !finite(f) {
			continue
		}
		checkExact(t, strconv.FormatFloat(f, 'g', -1, 64))
		checkExact(t, strconv.FormatFloat(f, 'e', rng.IntN(19), 64))
	}
	for range 200000 { // 19 digits at the limits of a uint64, any exponent
		m := rng.Uint64N(1e19)
		s := strconv.FormatUint(m, 10) + "e" + strconv.Itoa(rng.IntN(240)-120)
		checkExact(t, s)
		checkExact(t, "-0."+strconv.FormatUint(m, 10))
	}
	// Halfway between two floats, and just either side of it.
	for _, s := range []string{"9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
		"1.00000000000000011102230246251565404236316680908203125", "2.2250738585072011e-308",
		"1.7976931348623157e308", "1.7976931348623159e308", "4.9406564584124654e-324", "0.30000000000000004"} {
		checkExact(t, s)
	}
}

func TestExactFloatTakesWhatPythonWritesInOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	missed := 0
	for range 10000 {
		f := rng.Float64() * math.Pow(10, float64(rng.IntN(30)-20))
		if !checkExact(t, strconv.FormatFloat(f, 'g', -1, 64)) {
			missed++
		}
	}
	// Eisel-Lemire leaves about one number in a billion undecided.
	if missed > 0 {
		t.Errorf("%d of 10000 shortest-repr floats left to strconv", missed)
	}
}

func FuzzExactFloat(f *testing.F) {
	for _, s := range []string{"0.6931471805599453", "1e-05", "-0.0", "12345678901234567890", "5e-324", "1.5E+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkExact(t, s)
		for i := 0; i <= len(s); i++ {
			checkReadDigits(t, []byte(s), i)
		}
	})
}

// BenchmarkExactFloat parses numbers as Python writes them (16-17
// significant digits) and as short ones ("0.6963").
func BenchmarkExactFloat(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"repr", "0.21034257113933563"}, {"repr-exp", "4.9999925000037504e-05"}, {"short", "0.6963"}, {"int", "1234567"},
	} {
		b.Run(c.name, func(b *testing.B) {
			in := []byte(c.s)
			for b.Loop() {
				if _, ok := exactFloat(in); !ok {
					b.Fatal("not parsed")
				}
			}
		})
	}
}

// checkReadDigits checks readDigits against reading the digits of b from i
// one by one.
func checkReadDigits(t *testing.T, b []byte, i int) {
	t.Helper()
	const mant = 12345
	want, j := uint64(mant), i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		want = want*10 + uint64(b[j]-'0')
		j++
	}
	if got, end := readDigits(b, i, mant); got != want || end != j {
		t.Errorf("readDigits(%q, %d) = %d, %d; one by one %d, %d", b, i, got, end, want, j)
	}
}

func TestReadDigitsReadsEveryRunLength(t *testing.T) {
	for n := 0; n <= 20; n++ {
		for _, tail := range []string{"", ",", "}", ".5", "e-05", "\x00", "/", ":", "\xff"} {
			s := strings.Repeat("7", n) + tail + "123456789"
			for i := 0; i <= len(s); i++ {
				checkReadDigits(t, []byte(s), i)
			}
		}
	}
}

// BenchmarkDecimalPrefixMixed parses numbers of the lengths and shapes a
// training log mixes on one line (a step, an epoch fraction with leading
// zeros, a loss, a learning rate with an exponent, a norm), one after
// another in one buffer as a decoder meets them, so that branches see the
// variety they see in a log. The time is per number.
func BenchmarkDecimalPrefixMixed(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	var buf []byte
	var starts []int
	for i := range 4096 / 5 {
		for _, f := range []float64{float64(i + 1), rng.Float64() * 0.01, 2 + rng.Float64(), rng.Float64() * 1e-6, rng.Float64() * 2} {
			starts = append(starts, len(buf))
			buf = strconv.AppendFloat(buf, f, 'g', -1, 64)
			buf = append(buf, ", "...)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range starts {
			if _, _, ok := decimalPrefix(buf, s); !ok {
				b.Fatal("not parsed")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(starts)), "ns/number")
}
