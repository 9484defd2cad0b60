package headless

import (
	"math"
	"strconv"
)

// Num is a float that encodes NaN and ±Inf as JSON null, which JSON has no
// number for, instead of failing the whole report.
type Num float64

// MarshalJSON encodes n, or null when n is not finite.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}
