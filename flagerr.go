package main

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// flagErrorRE matches the flag package's wording of a bad value: `invalid
// value "x" for flag -seed: parse error`, and for a flag that may stand
// alone `invalid boolean value "abc" for -poll: …`.
var flagErrorRE = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]+): (.*)$`)

// flagError rewords the flag package's errors for a user who writes
// --flags: "unknown flag --version", "--metric needs a value",
// "--from-end takes no value, got "abc"", "--seed wants a whole number, got
// "x"", and a flag's own message (--poll's) as it is.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Errorf("unknown flag --%s", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("--%s needs a value", name)
	}
	sub := flagErrorRE.FindStringSubmatch(msg)
	if sub == nil {
		return err
	}
	value, name, inner := sub[1], sub[2], sub[3]
	if strings.HasPrefix(inner, "--") { // the flag's own words
		return errors.New(inner)
	}
	want := "a valid value"
	if f := fs.Lookup(name); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			switch g.Get().(type) {
			case bool:
				return fmt.Errorf("--%s takes no value (or =true, =false), got %q", name, value)
			case int, int64, uint, uint64:
				want = "a whole number"
			case float64:
				want = "a number"
			case time.Duration:
				want = "a duration such as 500ms"
			}
		}
	}
	return fmt.Errorf("--%s wants %s, got %q", name, want, value)
}
