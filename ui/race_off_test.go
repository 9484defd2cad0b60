//go:build !race

package ui

// underRace is true under the race detector (see race_on_test.go).
const underRace = false
