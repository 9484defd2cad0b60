package monitor

// WithHindsight makes the pipeline's detector one for a front end that
// reports the judgement of the run once its input has ended (check), not
// the events raised along the way (see detect.WithHindsight): the detector
// skips its periodic whole-run judgements, most of its cost. State is the
// same as without it; the detections of updates and LiveState are not
// what a front end that follows the run must show.
func WithHindsight() PipelineOption { return func(p *Pipeline) { p.hindsight = true } }
