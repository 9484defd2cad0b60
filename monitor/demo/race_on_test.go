//go:build race

package demo

// raceEnabled is true when the tests run under the race detector, which
// slows the training arithmetic tenfold: full-length runs are then skipped.
const raceEnabled = true
