//go:build !unix

package main

import "os"

// dieBy exits with 128+N: a process cannot end itself by a signal here.
func dieBy(sig os.Signal) { os.Exit(signalStatus(sig)) }
