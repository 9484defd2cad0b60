package detect

import "fmt"

// AtLeast reports whether s is as severe as min or more: critical is at
// least warning, which is at least info.
func (s Severity) AtLeast(min Severity) bool { return s.rank() >= min.rank() }

// ParseSeverity returns the severity named s: info, warning or critical.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(s); v {
	case SeverityInfo, SeverityWarning, SeverityCritical:
		return v, nil
	}
	return "", fmt.Errorf("unknown severity %q (known: info, warning, critical)", s)
}
