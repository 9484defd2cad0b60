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

// step returns the step of the line whose step-like pair is pairs[best].
func (e *epochSteps) step(pairs []kvPair, best int) float64 {
	s := pairs[best]
	epoch, ok := lineEpoch(pairs, best)
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
const epochRank = 9

// lineEpoch returns the epoch of a line whose step-like pair pairs[best]
// counts something finer than epochs.
func lineEpoch(pairs []kvPair, best int) (float64, bool) {
	if pairs[best].rank >= epochRank {
		return 0, false
	}
	for i, p := range pairs {
		if i != best && p.rank >= epochRank && p.rank < len(kvStepKeys) && finite(p.value) {
			return p.value, true
		}
	}
	return 0, false
}
