package detect

// Summary describes the points seen of one metric (of its latest segment,
// when its steps went backwards).
type Summary struct {
	Points    int64   `json:"points"`
	FirstStep Step    `json:"first_step"`
	LastStep  Step    `json:"last_step"`
	Last      float64 `json:"last"`
	Min       float64 `json:"min"`
	MinStep   Step    `json:"min_step"`
	// Restarts counts how often the metric's steps went backwards (a resumed
	// checkpoint, another fit() in the same log); each restart begins anew.
	Restarts int `json:"restarts"`
	// Nonfinite counts NaN and Inf values.
	Nonfinite int64 `json:"nonfinite"`
	// Whole is the same summary over the whole log, every segment counted;
	// it equals the fields above while Restarts is 0.
	Whole Extent `json:"whole"`
	// Max is the highest finite value, at MaxStep: the best of a metric
	// whose HigherIsBetter is set (accuracy, mAP, BLEU, ...), kept for
	// such a metric only (−Inf for another).
	Max            float64 `json:"max"`
	MaxStep        Step    `json:"max_step"`
	HigherIsBetter bool    `json:"higher_is_better"`
}

// Best is the metric's best finite value of the segment and its step: its
// highest when higher is better, else its lowest (±Inf before any).
func (s Summary) Best() (value float64, step Step) {
	if s.HigherIsBetter {
		return s.Max, s.MaxStep
	}
	return s.Min, s.MinStep
}

// Extent is what a metric covered over the whole log.
type Extent struct {
	Points    int64   `json:"points"`
	FirstStep Step    `json:"first_step"`
	Min       float64 `json:"min"`
	MinStep   Step    `json:"min_step"`
	Max       float64 `json:"max"`
	MaxStep   Step    `json:"max_step"`
}

// Best is the best finite value over the whole log and its step, the
// metric's direction given by higher (see Summary.Best).
func (e Extent) Best(higher bool) (value float64, step Step) {
	if higher {
		return e.Max, e.MaxStep
	}
	return e.Min, e.MinStep
}

// tally is a Summary as the tracker keeps it, point by point: its steps
// are offsets from the tracker's origin (see Step), which the judgement
// works with, and the same steps as they were given (the ...At fields),
// which are what the summary shows: exact even for a log whose steps lie
// further apart than float64 holds integers exactly (5, then 2^53+1).
type tally struct {
	Points              int64
	FirstStep, LastStep float64
	LastAt              Step // beside what every point writes
	Last, Min, MinStep  float64
	Restarts            int
	Nonfinite           int64
	Whole               extentTally
	Max, MaxStep        float64
	HigherIsBetter      bool
	FirstAt, MinAt      Step
	MaxAt               Step
}

// extentTally is an Extent as the tracker keeps it.
type extentTally struct {
	Points                  int64
	FirstStep, Min, MinStep float64
	Max, MaxStep            float64
	FirstAt, MinAt, MaxAt   Step
}

// Best is the segment's best finite value and its offset (see Summary.Best).
func (s *tally) Best() (value, step float64) {
	if s.HigherIsBetter {
		return s.Max, s.MaxStep
	}
	return s.Min, s.MinStep
}

// bestAt is Best with the step as it was given.
func (s *tally) bestAt() (value float64, step Step) {
	if s.HigherIsBetter {
		return s.Max, s.MaxAt.norm()
	}
	return s.Min, s.MinAt.norm()
}

// summary returns the tally as the tracker shows it.
func (s *tally) summary() Summary {
	w := &s.Whole
	return Summary{Points: s.Points, FirstStep: s.FirstAt.norm(), LastStep: s.LastAt.norm(), Last: s.Last,
		Min: s.Min, MinStep: s.MinAt.norm(), Restarts: s.Restarts, Nonfinite: s.Nonfinite,
		Whole: Extent{Points: w.Points, FirstStep: w.FirstAt.norm(), Min: w.Min, MinStep: w.MinAt.norm(), Max: w.Max, MaxStep: w.MaxAt.norm()},
		Max:   s.Max, MaxStep: s.MaxAt.norm(), HigherIsBetter: s.HigherIsBetter}
}
