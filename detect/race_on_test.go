//go:build race

package detect

// underRace is true under the race detector, which slows the tracker
// tenfold: the held-out evaluation then draws fewer runs.
const underRace = true
