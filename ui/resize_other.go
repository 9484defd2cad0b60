//go:build !unix

package ui

import "os"

// notifyResize does nothing where no signal tells of a resize: the program
// keeps the size it started with.
func notifyResize(chan<- os.Signal) {}
