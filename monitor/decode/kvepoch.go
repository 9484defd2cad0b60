package decode

// epochSteps turns a counter that starts again at every epoch into a step
// through the run, for logs that print it without its total: pix2pix and
// CycleGAN write "(epoch: 2, iters: 100, ...)" where iters counts the
// images of the current epoch. When the epoch goes up and the counter does
// not, the counter started again: the steps of the epochs before are added
// (the last count of each, the nearest to its length the log shows). A log
// whose step runs through the run never goes back at an epoch change and
// is left as it is.
type epochSteps struct {
	seen      bool
	lastEpoch float64
	lastCount float64 // the counter at the latest line
	base      float64 // steps of the epochs before the current one
}

// step returns the step of the line whose best step-like pair is s
// (epochs its epoch-like pairs, see kvScan).
func (e *epochSteps) step(s kvPair, epochs []kvPair) float64 {
	epoch, ok := lineEpoch(s, epochs)
	if !ok {
		return s.value
	}
	switch {
	case !e.seen:
	case epoch < e.lastEpoch: // a new run: counted from the start
		e.base = 0
	case epoch > e.lastEpoch && s.value <= e.lastCount:
		e.base += e.lastCount
	}
	e.seen, e.lastEpoch, e.lastCount = true, epoch, s.value
	return e.base + s.value
}

// epochRank is the rank of "epoch" among kvStepKeys (kvStepKeys[epochRank]
// is "epoch"; a test holds it so): keys ranked below it count something
// finer than epochs.
const epochRank = 11

// lineEpoch returns the epoch of a line whose step-like pair s counts
// something finer than epochs: its first finite epoch-like pair.
func lineEpoch(s kvPair, epochs []kvPair) (float64, bool) {
	if s.rank >= epochRank {
		return 0, false
	}
	for _, e := range epochs {
		if finite(e.value) {
			return e.value, true
		}
	}
	return 0, false
}
