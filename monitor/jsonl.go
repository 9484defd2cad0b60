package monitor

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// FormatJSONL is one JSON object per line.
const FormatJSONL Format = "jsonl"

var stepKeys = []string{"step", "global_step", "iteration", "iter", "epoch"}

// parseJSONLine parses one JSON-lines record. ok is false with a reason when
// the line carries no metric.
func parseJSONLine(line []byte, lineNo int64) (Record, string) {
	var obj map[string]any
	if err := json.Unmarshal(line, &obj); err != nil {
		return Record{}, "malformed"
	}
	rec := Record{Line: lineNo, Step: math.NaN()}
	stepKey := ""
	for _, k := range stepKeys {
		if v, ok := number(obj[k]); ok {
			rec.Step, stepKey = v, k
			break
		}
	}
	for k, v := range obj {
		if k == stepKey {
			continue
		}
		if f, ok := number(v); ok {
			rec.Metrics = append(rec.Metrics, Metric{Name: Sanitize(k), Value: f})
		}
	}
	if len(rec.Metrics) == 0 {
		return Record{}, "no metric"
	}
	return rec, ""
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil || (err != nil && isRangeErr(err))
	}
	return 0, false
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
