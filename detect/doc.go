// Package detect is a streaming convergence detector: fed the points of a
// training run one at a time, it can say at any moment where the run stands
// (its verdict), where it converged, what is going wrong since when, how sure
// it is, why, and what to change. It does no I/O, starts no goroutines and
// draws nothing; monitor feeds it and ui shows what it says.
//
// # Method
//
// Every metric keeps a decimated history of its whole run: at most 1024
// buckets of 40 bytes, each summarising `width` consecutive points by their
// sum and count, first and last step, and one raw representative value. When the
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
//   - the curve (bucket means) is smoothed with a running median over 1/25
//     of the run;
//   - progress is the fall of the smoothed loss from its start, relative to
//     the start (losses have a floor near zero);
//   - the trend is the least-squares slope of the smoothed loss over the
//     last 30% of the run, expressed as the share of the progress it would
//     still remove;
//   - significance comes from the Mann–Kendall z statistic on the second
//     half (subsampled to at most 200 points, so its O(m²) cost is bounded;
//     a run of fewer than 20 points is tested whole);
//   - noise is the median absolute deviation of the raw points around the
//     smoothed curve in the second half, relative to the level there;
//   - periodic swings show up as a peak in the autocorrelation of those
//     residuals (class-sorted, unshuffled data);
//   - overfitting compares the validation loss's smoothed minimum with its
//     end, and the training loss at that step with its end.
//
// The verdict is decided in a fixed order — diverging (ends 2× above its
// best, or 1.5× and still rising), oscillating (noise ≥ 30% and not down to
// 15% of the start), overfitting (validation minimum before the last quarter,
// ended 25% above it, training loss lower than then), converged (fell by
// half, and the recent trend would remove < 5% of that), converging (fell
// by half, z < −3), slow (z < −3, fell ≥ 20%), plateau — and all thresholds are
// relative to the run's own start, progress and noise, never absolute.
// The convergence point is the first step after which the smoothed loss stays
// within 5% of the total progress of its final level. It is called only once
// the loss has held that band for at least 40% of the time it took to get
// there (and 10 points): a loss that flattens for a moment is converging,
// not converged.
//
// The judgement is re-run by Observe every 8·width points (its cost is
// bounded by the number of buckets, so it amortises to O(1) per point), at
// once when the fast per-point check sees the loss climbing far above its
// best, and by State whenever points arrived since the last one. State
// always reports the latest judgement; the events Observe returns — what a
// user watching the run is told — follow it with hysteresis, so that a run
// near a threshold does not flap:
//
//   - the verdict in force stands while its own rule still holds with its
//     thresholds relaxed by 20% (converged: while the trend removes less than
//     8% of the progress; diverging: while its rise also stands out of the
//     noise, see below); a verdict the rule order puts first replaces it
//     only once its rule holds with thresholds tightened by 25% (but
//     diverging, an alarm, see below; and the next stage of a healthy run);
//   - a new verdict is raised once two judgements in a row agree and it has
//     held for 10% of the run so far — 3% for the next stage of a run that is
//     getting somewhere (plateau → slow → converging → converged) reached
//     for the first time — and that hold grows by the same again for every
//     verdict raised a second time, so a run that keeps changing its mind
//     backs off;
//   - overfitting waits for 10 validation points;
//   - alarms come at once: NaN/Inf at the point, the streaming explosion
//     rule, and the judgement's diverging once the rise above the best
//     exceeds three times the run's own noise around its smoothed curve
//     (unshuffled data swing 2× above their best without diverging); a
//     diverging verdict within the noise waits like any other change.
//
// The convergence point is marked (a converged event, with the step where it
// became clear) when the converged verdict is raised, and withdrawn with it:
// the converged finding's cleared event says so, and State has no
// convergence point after a run that converged, then diverged. In between the
// mark moves only forward and only when the loss has broken out of the band
// it was declared in (above it, or more than one band below its level) and
// the judgement places the point more than 10% of the run later; a loss
// creeping down inside the band keeps its mark.
//
// Per point the detector only updates the metric's summary and history and
// a few exponential averages, without allocating:
//
//   - a NaN or Inf is reported at the very point it occurs (critical);
//   - an explosion — the loss and its fast average (α = 0.2) more than 4×
//     the lowest slow average (α = 0.05) for 20 points in a row — is raised
//     at once, without waiting for the smoothed whole-run judgement, whose
//     smoothing window grows with the run;
//   - spikes are flagged by a robust z-score: the jump above an
//     exponential average over the average absolute residual, both fed
//     winsorised values so that a spike does not drag them along. A
//     gradient-norm spike just before a loss spike is named as its cause.
//
// A metric whose steps go backwards (a resumed checkpoint, a second fit()
// in one log) starts again: the later segment wins, and Summary.Restarts
// counts the restarts.
//
// The primary metric is the training loss (RoleOf), else the first
// loss-like metric, else the first metric, unless WithPrimary names it; the
// validation loss judged against it is the one with the same name apart
// from train/val words ("val/box_loss" for "train/box_loss"), else the
// first. Findings carry remedies from a catalogue keyed by kind and
// framework (WithFramework), made concrete with the log's own numbers — the
// learning rate it logs, the step of the best weights.
//
// # Remedies that fit the run
//
// Which remedies a finding gets, and their snippets, depend on what the log
// shows of the run, read when the remedies are made (so a front end may
// tell the format after the first points, SetSource):
//
//   - the tool and framework: the format's (WithFormat, WithFramework), or
//     for TensorBoard files the metric names (Detectron2's fast_rcnn/*,
//     YOLO's x/lr0); snippets use the tool's own settings where it has
//     them (cfg.SOLVER.BASE_LR, lr0, nanoGPT's learning_rate, --lr);
//   - the model family (Family): told by WithFamily, else inferred from
//     the format and the metric names — a detector's losses or mAP, the
//     HuggingFace Trainer's formats, tokens, MFU or perplexity for a
//     language model — and said in the remedy's why. Small-network advice
//     (re-initialisation, LeakyReLU, more hidden units) goes only to a
//     small network or an unknown model; a loss at a few-class chance
//     level overrules a language-model guess;
//   - the optimiser (WithOptimizer, ParseOptimizer), else the family's
//     usual one: optimiser advice only where the run may be on plain SGD;
//   - the learning-rate schedule: values are the run's setting, the peak of
//     its schedule (or, for a blow-up during a warm-up, the rate reached at
//     the onset), never the tail of a decay; without a logged rate,
//     snippets scale the run's own rate rather than invent one;
//   - the metrics: early stopping watches the validation loss the log has,
//     else the training loss, and says so.
package detect
