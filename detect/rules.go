package detect

import "math"

// decide applies the verdict rules in their fixed order.
func (j *judgement) decide() Verdict {
	if j.rule(KindDiverging, 1) {
		return VerdictDiverging
	}
	if j.noise >= oscillateNoise && j.end > oscillateProgress*j.start {
		return VerdictOscillating
	}
	if j.hasVal && j.valMinFrac < overfitLastQuart && j.valRatio >= overfitRise && j.end < j.trainAtValMin && j.valRiseZ >= overfitZ {
		return VerdictOverfitting
	}
	if j.big(1) {
		if j.trendShare < settledShare {
			if j.settled {
				return VerdictConverged
			}
			return VerdictConverging // levelling off, not for long enough yet
		}
		// fell by half outright, or toward its floor and still falling:
		// the floor is an extrapolation, which a stalled curve does not
		// bear out
		if j.progress >= bigProgress || j.z < -fallingZ {
			return VerdictConverging
		}
	}
	if j.falling(1) {
		return VerdictSlow
	}
	return VerdictPlateau
}

// big reports whether the run made large progress, with the thresholds
// scaled by f: at least slowProgress of its start (it learned something,
// not a plateau a little below where it began) and bigProgress of the
// achievable drop, down to its floor.
func (j *judgement) big(f float64) bool {
	return j.progress >= f*slowProgress && j.floorProgress >= f*bigProgress
}

// falling reports whether the loss is still coming down, with the
// threshold scaled by f: a significant fall of the raw points in the
// second half.
func (j *judgement) falling(f float64) bool {
	return j.z < -f*significantZ
}

// stayShare is the hysteresis of the live verdict (see rule): the verdict
// in force stands while its rule holds with thresholds relaxed by this
// factor, and a verdict the order puts first replaces it only once its
// rule holds with thresholds tightened by its inverse.
const stayShare = 0.8

// rule reports whether the rule of verdict kind k holds with its
// thresholds scaled by f: below 1 relaxed, above 1 tightened (a threshold a
// value must reach is multiplied by f, one it must stay under divided).
func (j *judgement) rule(k string, f float64) bool {
	if j.verdict == VerdictInsufficientData && j.n < minJudgePoints {
		return false
	}
	switch k {
	case KindDiverging:
		// a loss whose raw points still fall significantly over the last
		// 30% of the run is not diverging, whatever swing its smoothed end
		// caught
		return j.end-j.best > f*divergeMinRise*math.Abs(j.start) && j.zRecent > -significantZ/f &&
			(j.endOverBest >= 1+f*(divergeRatio-1) || j.endOverBest >= 1+f*(divergeRisingRate-1) && j.zClimb > f*significantZ)
	case KindOscillating:
		return j.noise >= f*oscillateNoise && j.end > f*oscillateProgress*j.start
	case KindOverfitting:
		return j.hasVal && j.valMinFrac < overfitLastQuart && j.valRatio >= 1+f*(overfitRise-1) && j.end < j.trainAtValMin &&
			j.valRiseZ >= f*overfitZ
	case KindConverged:
		return j.big(f) && j.trendShare < settledShare/(f*f) && (f < 1 || j.settled)
	case KindConverging:
		return j.big(f) && (j.trendShare < settledShare/f || j.progress >= f*bigProgress || j.z < -f*fallingZ)
	case KindSlow:
		return j.falling(f * f) // z wanders by ±1 from judgement to judgement
	case KindPlateau:
		return !j.rule(KindSlow, 1/f) && !j.rule(KindConverging, 1/f)
	}
	return false
}

// verdictOrder is the position of a verdict kind in the order decide
// applies the rules; -1 for none.
func verdictOrder(k string) int {
	for i, v := range verdictKinds() {
		if v == k {
			return i
		}
	}
	return -1
}

// alarmNoise is how many times the typical deviation around the smoothed
// curve the loss must have risen above its best for the judgement's
// diverging verdict to be raised at once (swinging unshuffled data reaches
// 2× its best in a trough-to-peak swing without diverging).
const alarmNoise = 3

// riseBeyondNoise reports whether the smoothed loss has risen above its
// best by more than alarmNoise typical deviations.
func (j *judgement) riseBeyondNoise() bool {
	return j.end-j.best > alarmNoise*j.noise*math.Abs(j.levelHalf)
}
