//go:build !race

package headless_test

// evalUnderRace is true under the race detector, which slows the demo
// trainer's arithmetic tenfold: the demo evaluation then skips.
const evalUnderRace = false
