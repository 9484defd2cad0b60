// Package detect is a streaming convergence detector: fed the points of a
// training run one at a time, it can say at any moment where the run stands
// (its verdict), where it converged, what is going wrong since when, how sure
// it is, why, and what to change. It does no I/O, starts no goroutines and
// draws nothing; monitor feeds it and ui shows what it says.
//
// # Method
//
// Every metric keeps a decimated history of its whole run: at most 1024
// buckets, each summarising `width` consecutive points by their mean, min,
// max, first and last step, and one raw representative value. When the
// buckets are full, neighbouring pairs merge and the width doubles, so the
// history always holds the whole curve at a resolution of 512 to 1024
// buckets, in bounded memory, at O(1) amortised cost per point — the same
// for a 30-epoch Keras run and for ten million steps. The bucket means carry
// the shape (smoothing without losing the level), the raw representatives
// keep the point-to-point noise that averaging would hide.
//
// The judgement of the whole run is computed from that history with
// hindsight statistics, as a person looking at the plot would:
//
//   - the curve is smoothed with a running median over 1/25 of the run;
//   - progress is the fall of the smoothed loss from its start, relative to
//     the start (losses have a floor near zero);
//   - the trend is the least-squares slope of the smoothed loss over the
//     last 30% of the run, expressed as the share of the progress it would
//     still remove;
//   - significance comes from the Mann–Kendall z statistic on the second
//     half (subsampled to at most 200 points, so its O(m²) cost is bounded);
//   - noise is the median absolute deviation of the raw points around the
//     smoothed curve in the second half, relative to the level there;
//   - periodic swings show up as a peak in the autocorrelation of those
//     residuals (class-sorted, unshuffled data);
//   - overfitting compares the validation loss's smoothed minimum with its
//     end, and the training loss at that step with its end.
//
// The verdict is decided in a fixed order — diverging, oscillating,
// overfitting, converged, converging, slow, plateau — and all thresholds are
// relative to the run's own start, progress and noise, never absolute.
// The convergence point is the first step after which the smoothed loss stays
// within 5% of the total progress of its final level; it is marked when the
// verdict first becomes converged (AtStep) and moves if the loss later leaves
// the band.
//
// The judgement is re-run every 8·width points (so its cost, bounded by
// the number of buckets, is amortised to O(1) per point), at once when the
// fast per-point check sees the loss climbing far above its best, and
// whenever State is asked for after new points. Per point, the detector only
// updates summaries, the history, and two exponential averages that flag
// spikes by a robust z-score (|residual| over the mean absolute deviation)
// and non-finite values, which are reported at the very point they occur.
package detect
