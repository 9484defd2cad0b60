//go:build race

package ui

// underRace is true under the race detector, which slows the detector
// about thirtyfold: tests over the whole corpus then take a sample.
const underRace = true
