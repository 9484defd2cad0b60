package headless

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/losswatch/losswatch/detect"
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

// Evidence is a finding's evidence as a report shows it: its measures and
// its steps in one JSON object.
type Evidence map[string]EvidenceValue

// EvidenceValue is one number of a finding's evidence: a measure, or (when
// IsStep) a step, written exactly.
type EvidenceValue struct {
	Num    Num
	Step   detect.Step
	IsStep bool
}

// MarshalJSON encodes the value as a JSON number (null when not finite).
func (v EvidenceValue) MarshalJSON() ([]byte, error) {
	if v.IsStep {
		return v.Step.MarshalJSON()
	}
	return v.Num.MarshalJSON()
}

// UnmarshalJSON reads a number (a measure; null is NaN).
func (v *EvidenceValue) UnmarshalJSON(b []byte) error {
	var f *float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*v = EvidenceValue{Num: Num(math.NaN())}
	if f != nil {
		v.Num = Num(*f)
	}
	return nil
}
