package decode

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// eiselLemire returns man * 10^exp10 correctly rounded to a float64, the
// result strconv.ParseFloat gives for the same digits, by the Eisel-Lemire
// algorithm (https://nigeltao.github.io/blog/2020/eisel-lemire.html; this
// follows Go's internal/strconv). It reports false in the rare cases it
// cannot decide (a value halfway between two floats to 128 bits, an
// exponent outside the table, a result that overflows or is subnormal): the
// caller then asks strconv. man must hold every significant digit.
func eiselLemire(man uint64, exp10 int, neg bool) (float64, bool) {
	if man == 0 {
		if neg {
			return math.Copysign(0, -1), true
		}
		return 0, true
	}
	if exp10 < pow10Min || exp10 > pow10Max {
		return 0, false
	}
	pow := pow10Tab[exp10-pow10Min]
	exp2 := 1 + (exp10*108853)>>15 // floor(exp10 * log2(10)); exact for |exp10| <= 500

	clz := bits.LeadingZeros64(man)
	man <<= uint(clz)
	retExp2 := uint64(exp2+63+1023) - uint64(clz) // biased exponent

	xHi, xLo := bits.Mul64(man, pow[0])
	if xHi&0x1FF == 0x1FF && xLo+man < man { // the wider approximation
		yHi, yLo := bits.Mul64(man, pow[1])
		mergedHi, mergedLo := xHi, xLo+yHi
		if mergedLo < xLo {
			mergedHi++
		}
		if mergedHi&0x1FF == 0x1FF && mergedLo+1 == 0 && yLo+man < man {
			return 0, false
		}
		xHi, xLo = mergedHi, mergedLo
	}

	msb := xHi >> 63 // shift to 54 bits
	mant := xHi >> (msb + 9)
	retExp2 -= 1 ^ msb
	if xLo == 0 && xHi&0x1FF == 0 && mant&3 == 1 { // halfway: ambiguous
		return 0, false
	}
	mant += mant & 1 // round to 53 bits
	mant >>= 1
	if mant>>53 > 0 {
		mant >>= 1
		retExp2++
	}
	if retExp2-1 >= 0x7FF-1 { // subnormal, or overflow to Inf
		return 0, false
	}
	b := retExp2<<52 | mant&(1<<52-1)
	if neg {
		b |= 1 << 63
	}
	return math.Float64frombits(b), true
}

// readDigits reads the run of decimal digits at b[i:] into mant (which wraps
// past 19 digits: the caller counts them) and returns the index after it.
// Eight bytes at a time where eight can be loaded: a run of eight digits at
// once, and the digits that start a word up to its first other byte
// (Python writes 16 or 17 digits: one word and the start of the next).
func readDigits(b []byte, i int, mant uint64) (uint64, int) {
	for i+8 <= len(b) {
		w := binary.LittleEndian.Uint64(b[i:])
		n := leadingDigits(w)
		if n == 0 {
			return mant, i
		}
		mant = mant*pow10u[n] + combineDigits((w-0x3030303030303030)<<(8*(8-n)))
		i += n
		if n < 8 {
			return mant, i
		}
	}
	for i < len(b) && b[i]-'0' <= 9 {
		mant = mant*10 + uint64(b[i]-'0')
		i++
	}
	return mant, i
}

// pow10u holds 10^0 to 10^8.
var pow10u = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// leadingDigits returns how many of the eight bytes in w, the first in its
// low byte, are ASCII digits before the first that is not (SWAR, as in
// Lemire's fast_float). Adding 6 to a byte can carry into the next one up,
// but only from a byte that is not a digit, past which nothing is counted.
func leadingDigits(w uint64) int {
	t := (w&0xF0F0F0F0F0F0F0F0 | ((w+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4) ^ 0x3333333333333333
	return bits.TrailingZeros64(t) / 8 // 64 / 8 when all eight are
}

// combineDigits returns the value of the eight digit values (0 to 9) in
// v's bytes, the most significant in its low byte.
func combineDigits(v uint64) uint64 {
	v = v*10 + v>>8
	const mask = 0x000000FF000000FF
	return ((v&mask)*0x000F424000000064 + ((v>>16)&mask)*0x0000271000000001) >> 32
}
