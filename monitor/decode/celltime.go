package decode

import "time"

// cellTime reads a whole cell as a date and time ("2020-02-03
// 14:08:30.980366", "2020-02-03T14:08:30", optionally followed by a zone
// "Z" or "+01:00" that is dropped): a wall-clock column of a CSV log. A
// number is not a date here; Unix times are read by unixTime.
func cellTime(c []byte) (time.Time, bool) {
	if len(c) < 19 || c[4] != '-' {
		return time.Time{}, false
	}
	ts, rest := leadingTime(c)
	if ts.IsZero() {
		return ts, false
	}
	if len(rest) == 0 || rest[0] == 'Z' || rest[0] == '+' || rest[0] == '-' {
		return ts, len(rest) <= 6
	}
	return time.Time{}, false
}
