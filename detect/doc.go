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
// keep the point-to-point noise that averaging would hide: they are a
// subsample of the raw points at an even stride.
//
// The judgement of the whole run is computed from that history with
// hindsight statistics, as a person looking at the plot would:
//
//   - the curve (bucket means) is smoothed with a running median over 1/25
//     of the run;
//   - the trend tests are Mann–Kendall z statistics on the raw points (at
//     most 200, at an even stride), not on the smoothed curve, whose
//     neighbours share their window and would make any drift look
//     significant: z then measures a fall against the run's own noise, the
//     same for 30 points and for a million. Three are taken: over the
//     second half (is the loss still falling?), over the last 30% (is it
//     falling now, whatever swing the smoothed end caught?) and since the
//     smoothed best (is a climb still rising?);
//   - progress is measured twice: from zero, (start − end)/start, which
//     says whether the run learned anything at all; and toward the floor
//     the curve is heading for, (start − end)/(start − floor), which says
//     how much of the achievable drop it made. A language model cannot
//     fall below the entropy of its text, a detector's loss is a sum of
//     terms with floors of their own: an LM that went from 11 to 3.3 and
//     flattened has made its progress. The floor is extrapolated from the
//     curve's own bend with an exponential approach (see floor.go): if the
//     rate of fall over the last 30% is at most half the average rate since
//     the curve's high point, x = T/τ solves r = x/(eˣ − 1) and what remains
//     to fall is the drop times r/x; a curve that does not bend that much,
//     or whose shape is lost in its noise, shows no floor, and the floor is
//     zero. A loss that fell beyond its noise (3·√2 standard errors of the
//     smoothed level) and stopped falling is at its floor: that needs no
//     extrapolation, so no resolved bend;
//   - the recent trend is the least-squares slope of the smoothed loss over
//     the last 30% of the run, expressed as the share of the drop so far it
//     would still remove;
//   - noise is the median absolute deviation of the raw points around the
//     smoothed curve in the second half, relative to the level there;
//   - periodic swings show up as a peak in the autocorrelation of those
//     residuals (class-sorted, unshuffled data);
//   - overfitting compares the validation loss's smoothed minimum with its
//     end, and the training loss at that step with its end.
//
// The verdict is decided in a fixed order:
//
//   - diverging: ends 2× above its smoothed best, or 1.5× and the raw
//     points since the best still rising (z > 3), by at least 2% of the
//     start, and not significantly falling over the last 30% (a swing is
//     not a divergence); also any NaN or Inf in the training loss, a
//     validation loss whose latest value is non-finite (one bad evaluation
//     that recovers is not a divergence), a gradient norm non-finite at its
//     last two values (HF's Trainer logs loss 0.0 beside grad_norm NaN once
//     its NaN filter hides the loss), and the streaming explosion rule;
//   - oscillating: noise ≥ 30% and not down to 15% of the start;
//   - overfitting: validation minimum before the last quarter, ended 25%
//     above it, training loss lower than then, and, where there are 8 or
//     more validation points from the minimum on, those rising
//     significantly (Mann–Kendall z ≥ 3): a flat validation curve noisy
//     enough for its end to sit 25% above its lowest point is not
//     overfitting;
//   - converged: big progress — 20% from zero and half of the achievable
//     drop — the recent trend would remove < 5% of it, and the loss has
//     held its band long enough (below);
//   - converging: big progress, and levelling off but not for long enough,
//     or fell by half outright, or still falling (z < −2: a run that made
//     big progress needs less evidence to be called healthy than to be
//     called stalled);
//   - slow: still clearly falling (z < −3 over the second half) but not
//     halfway to its floor;
//   - plateau: none of these — no significant fall.
//
// All thresholds are relative to the run's own start, floor, progress and
// noise, never absolute. The convergence point is the first step after
// which the smoothed loss stays within 5% of the total drop of its final
// level. It is called only once the loss has held that band for at least
// 40% of the time it took to get there (and 10 points): a loss that
// flattens for a moment is converging, not converged; and only while the
// band is at least twice as wide as the uncertainty of the level it is
// held around (the smoothed end, √2 times the standard error of a smoothed
// value): a band the noise could cross by itself shows nothing held — a
// loss whose huge first fall makes the band wide, still falling in heavy
// noise, is converging. A run needs 8 points
// to be judged at all; a segment after a restart (a resumed checkpoint, a
// second fit()) with fewer keeps the judgement of the segment before it.
//
// # Live and hindsight
//
// The judgement is re-run by Observe every 8·width points (32·width past
// ~64k points; its cost is bounded by the number of buckets, so it
// amortises to O(1) per point), at once when the fast per-point check sees
// the loss climbing far above its best, and by State whenever points
// arrived since the last one. State always reports the latest judgement:
// what check reports. The events Observe returns — what a user watching
// the run is told, and LiveState — follow it with hysteresis, so that a run
// near a threshold does not flap:
//
//   - the verdict in force stands while its own rule still holds with its
//     thresholds relaxed by 20% (a z threshold by 36%: z wanders by about
//     one from judgement to judgement); a verdict the rule order puts first
//     replaces it only once its rule holds with thresholds tightened by 25%
//     (but a climb that stands out of the noise, below, and the next stage
//     of a healthy run);
//   - a new verdict is raised once two judgements in a row agree and it has
//     held for 10% of the run so far — 3% for the next stage of a run that is
//     getting somewhere (plateau → slow → converging → converged) reached
//     for the first time — and that hold grows by the same again for every
//     verdict raised a second time, so a run that keeps changing its mind
//     backs off;
//   - overfitting waits for 8 validation points;
//   - alarms come at once: NaN/Inf at the point, the streaming explosion
//     rule, and the judgement's diverging once its climb is strong (see
//     live.go: it stands three times the run's own noise above a best held
//     after the first smoothing window, for longer than that window, after
//     50 points).
//
// Hysteresis may delay a verdict, never contradict how the run ended: when
// the input ends (standard input closed, a log read to its end) the front
// end calls Finish, which brings the live verdict to the judgement at once.
// After it, LiveState says what State says.
//
// The convergence point is marked (a converged event, with the step where it
// became clear) when the converged verdict is raised, once per converged
// verdict, and withdrawn with it: the converged finding's cleared event
// says so, and State has no convergence point after a run that converged,
// then diverged. In between the mark moves only forward (read from the
// state, without another event) and only when the loss has broken out of
// the band it was declared in (above it, or more than one band below its
// level) and the judgement places the point more than 10% of the run
// later; a loss creeping down inside the band keeps its mark.
//
// # Severity and confidence
//
// Severity says how loudly a finding should be told: critical for a
// divergence (a NaN, an explosion, a strong climb), warning for the other
// failures (oscillating, overfitting, slow, plateau, and a run of three
// spikes), info for the rest. Live, a failure finding is first raised at
// info severity and raised again at its full severity only once its
// evidence does not depend on how far the run happens to be: at the end of
// input, past half of the horizon the log announced (SetHorizon), or once
// the verdict has stood for as long as the run before it and for 500
// points — a stage a healthy run passes through (flat before it starts to
// fall, slow before it speeds up) is over by then. Swings around a loss
// still falling significantly are not complete evidence either, nor is a
// slow fall that is slow only for now: one that at its recent rate gets
// halfway down within twice the run so far, one bending toward a floor it
// gets halfway to as soon (an exponential approach past ln 2/3 of its time
// constants: a recent rate below 0.89 of its average), or one speeding up
// (a recent rate above 1/0.89 of its average).
// A climb within the noise is never raised critical. What no rule can do
// without a horizon: a healthy run flat from its first point for more than
// 500 points (a long warm-up plateau, or a fall lost in heavy noise) looks
// like a dead one until it falls, and is warned as a plateau (the held-out
// synthetic set in heldout_test.go measures how often: 3 of 60 healthy runs).
//
// Confidence, in (0, 1), says how sure the finding is: how far its
// statistic is past the rule's threshold, scaled to 0.5 at the threshold
// and approaching 1 well beyond it, times 1 − e^(−points/30) for how much
// of the run supports it (a NaN is certain: 1). It is for ranking and for
// filtering (watch --min-confidence), not a calibrated probability.
//
// # Per point
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
// # Steps
//
// Every step the tracker shows is a Step: the integer the log wrote,
// exactly — beyond 2^53 too, where float64 reads 2^53+1 as 2^53 — or a
// fraction (an epoch of 0.25). The tracker keeps an origin, the integer
// part of the first step it is fed (exactly with ObserveStep; Observe takes
// float64 steps), and judges on float64 offsets from it, which are exact
// for any run shorter than 2^53 steps, so a run is judged the same wherever
// its steps lie. The steps of findings, their messages and evidence, the
// convergence point and State are origin + offset; a metric's summary keeps
// its steps as they were given, exact even in a log whose steps lie further
// apart than float64 holds every integer.
//
// # Metrics better when higher
//
// A primary whose name says higher is better (HigherIsBetter: accuracy,
// mAP, BLEU, F1, ...) — a log with no loss, or --metric accuracy — is
// judged by its shortfall below its ceiling, ceiling − v: 1 for a share
// (its first value at most 1), 100 for a percentage, else the next power
// of ten (0 for one that starts at or below zero, an RL return). The
// shortfall of an accuracy is its error rate, a quantity that falls toward
// zero as the run learns, so every rule above applies to it unchanged: an
// accuracy that falls from 0.92 to 0.31 has an error 8.6× its best and is
// diverging; one flat at chance is a plateau. Only the history, the
// streaming state and the judgement hold the shortfall; what people are
// shown is in the metric's own terms: the summary keeps its raw values and
// its highest (Summary.Max, Summary.Best), State's best, level, trend and
// convergence level are its own, and findings say "rose", "has fallen to
// 0.31 from its smoothed best 0.92", "closed 94% of its gap to 1", with
// their evidence's levels turned back (messages_higher.go). A loss is
// judged and told exactly as before.
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
