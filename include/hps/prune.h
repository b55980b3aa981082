/*
 * Early stopping: a rule that watches each trial's objective metric, one
 * value at a time in arrival order, and says when a trial is hopeless.
 * The rule is a small state machine; the daemon feeds it, kills what it
 * names and records the trial as pruned. Pure C: no clock, no I/O.
 *
 * The space file chooses the rule:
 *
 *   early_stopping:
 *     rule: median          # median | asha | none
 *     min_trials: 5         # median: completed trials before it acts
 *     warmup_steps: 1       # median: steps <= this are never judged
 *     interval: 1           # median: judge every interval steps
 *
 *   early_stopping: {rule: asha, min_steps: 1, max_steps: 81, eta: 3}
 *
 *   early_stopping: {rule: hyperband, min_iter: 3, eta: 3, strict: true}
 *   early_stopping: {rule: hyperband, max_iter: 27, s: 2, eta: 3}
 *
 * Values are raw; the rule applies the study's goal. Non-finite values
 * are ignored (a diverged trial is the runner's business, not a ranking).
 *
 * Median rule. A trial is judged at step s when s > warmup_steps and s is
 * its first report at or past a checkpoint warmup_steps + 1 + k*interval
 * (so a curve that skips steps is still judged once per interval), and
 * only once min_trials trials of the study have completed. It is stopped
 * when its best value so far is strictly worse than the median of the
 * other trials' values at step s. "The other trials" are every other trial
 * whose curve reached s, whatever its state: completed, pruned, failed or
 * still running. Running trials count because a value at step s never
 * changes once reported, and an asynchronous sweep would otherwise ignore
 * half of what it knows; pruned trials count because leaving them out
 * compares each newcomer with survivors only, a bar that rises as the
 * study goes on. The min_trials gate on completed trials keeps a first
 * wave of trials running in lockstep from halving itself at every step.
 * A curve that skipped step s contributes its last value before s (a less
 * trained value, so the median errs toward keeping trials); a curve that
 * never reached s contributes nothing. The median of an even count is the
 * mean of the two middle values. A trial as good as every other trial at s
 * is never stopped, and a tie with the median is not "worse".
 *
 * ASHA (asynchronous successive halving, Li et al. 2020, in its stopping
 * form). Rungs lie at steps ceil(min_steps * eta^k), k = 0, 1, ..., below
 * max_steps (a trial at max_steps has had its budget: stopping it there
 * saves nothing); without max_steps the rungs go on as far as trials do
 * (64 rungs at most).
 * A trial reaches a rung at its first report at or past the rung's step and
 * is recorded there with its objective so far: the current value when the
 * study ranks by the last value, its best so far when it ranks by the best
 * (space file summary). Among the n trials recorded at the rung, itself
 * included, it continues when its rank (1 + the number strictly better) is
 * at most max(1, floor(n / eta)): the first trial at a rung and the best at
 * a rung always continue, and ties continue together. Nothing waits for a
 * rung to fill: decisions are made against the trials that reached the
 * rung so far, so the order of arrival matters for decisions, not for the
 * recorded state.
 *
 * ASHA with several objectives (multi-objective ASHA, Schmucker et al.
 * 2021). The rungs are those above, reached by the first objective's
 * steps. A trial reaching a rung is recorded there with one value per
 * objective: each objective's value so far at the rung's step (its last
 * at or before the step, or its best up to it, by that objective's
 * summary). The recorded vectors are ordered by non-dominated rank, then
 * within a rank by hypervolume contribution, largest first, then by
 * arrival (hps_pareto_order), against a reference point of the
 * objectives' reference: where given and the rung's worst values plus a
 * tenth of their spread elsewhere (hps_pareto_reference). The trial
 * continues when its place in that order is within max(1, floor(n /
 * eta)). A trial that has not reported every objective by a rung's step
 * is not judged there and is not recorded, so it counts for no other.
 * The median rule and hyperband compare single values and are refused
 * with several objectives.
 *
 * Hyperband is W&B's rule (wandb/sweeps hyperband_stop_runs), decision for
 * decision, so a W&B sweep's early_terminate keeps its meaning. Its
 * bands are counts of values: the b-th value a trial reported, whatever
 * its step. From min_iter the bands are int(min_iter * eta^k), k < 100;
 * from max_iter and s, int(max_iter / eta^i) for i = 1..s while that is
 * at least 1. A trial is judged at each report, at the last band it has
 * reached: the threshold there is sorted(values)[int(n / eta)], the b-th
 * value of each of the n trials that reported b values (running or
 * ended, itself included), and the trial stops when its value at the band
 * (strict, the default) or its best value so far (strict: false) is
 * strictly worse. Ties go on. W&B's controller judges every running run
 * whenever it runs; hpsd judges a trial when it reports, so a trial that
 * later runs push below a threshold stops at its next report.
 *
 * Restart. The state is only the stored data: each trial's curve, the
 * rung records derived from its own curve, and which trials ended how. The
 * daemon rebuilds it by replaying every stored value (trials in number
 * order, steps ascending) through hps_pruner_report and hps_pruner_end
 * (the further objectives' values first, through hps_pruner_report_more),
 * ignoring the decisions; the state is then the one before the restart,
 * given that each trial's steps arrived in ascending order (a trial that
 * went back in steps may get another rung value after a restart).
 *
 * Cost: memory O(values reported), none under rule none; a report costs
 * O(log trials) to find the trial, plus for the median rule
 * O(trials * log steps) on judged steps, for ASHA O(trials) per rung
 * reached, and for hyperband O(trials) per report past its first band.
 */
#ifndef HPS_PRUNE_H
#define HPS_PRUNE_H

#include <stddef.h>

#include "hps/space.h"
#include "hps/trial.h"

struct hps_pruner;

/*
 * Read and validate sp's early_stopping: section: unknown keys (with a
 * "did you mean"), types, ranges, an option of the other rule. With no
 * section or rule none, a pruner that never prunes. sp must outlive the
 * pruner. HPS_EPARSE with "file:line:column: ..." in err, or HPS_ENOMEM.
 */
int hps_pruner_new(const struct hps_space *sp, struct hps_pruner **out,
    char *err, size_t errlen);
void hps_pruner_free(struct hps_pruner *p);

/*
 * Trial reported its objective metric at step. Returns 1 when the trial
 * should be stopped now, 0 when it continues, HPS_ENOMEM when the value
 * could not be recorded (the trial continues). A report for a trial that
 * has ended is ignored. A second value for a step replaces the first.
 */
int hps_pruner_report(struct hps_pruner *p, long trial, double step,
    double value);

/*
 * With several objectives (metric: a list), trial reported objective k
 * (1 .. nobj - 1; the first goes to hps_pruner_report) at step: kept, not
 * judged. Report a line's further objectives before its first, so a
 * rung reached on that line sees them. 0, or HPS_ENOMEM.
 */
int hps_pruner_report_more(struct hps_pruner *p, long trial, size_t k,
    double step, double value);

/*
 * Trial ended: completed, failed, timeout or pruned. Its curve stays
 * (see above); a completed trial counts toward min_trials. Other states
 * (queued, running, lost) are not endings and are ignored: a lost trial
 * runs again and its new values replace the old ones step by step.
 */
void hps_pruner_end(struct hps_pruner *p, long trial, enum hps_tstate state);

/*
 * Whether a pruned trial's last value may stand as its objective for the
 * model-based strategies (genetic, bayes). Median: no, since a trial is
 * stopped at whatever step it first fell behind, its value's fidelity
 * varies from trial to trial; bayes should not read it as final. ASHA:
 * yes, since every pruned trial was measured at a rung step shared with
 * the trials it was ranked against, ASHA's premise is that such rankings
 * carry over to full training, and most trials end pruned (all but 1/eta
 * at each rung), so leaving them out would leave a model almost no data.
 * Hyperband: yes, for the same reasons; a trial is stopped at its first
 * report that falls behind at a band, so at or just past a band.
 */
int hps_pruner_pruned_counts(const struct hps_pruner *p);

/* "median", "asha", "hyperband" or "none". */
const char *hps_pruner_name(const struct hps_pruner *p);
/*
 * Why the last stop happened, one line ("step 4: best 0.61 worse than the
 * median 0.74 of 6 trials"); "" before any. Valid until the next report.
 */
const char *hps_pruner_reason(const struct hps_pruner *p);

#endif
