/*
 * Unit tests for metric: (core/space_objective.c): one objective as a
 * mapping or several as a list, each in sp->objectives, the first also in
 * sp->metric, goal and summary; every name checked as the one objective's
 * is, and target refused with several; a list is the metric for what
 * needs one, and a file without metric: has no objective.
 */
#include "hps/error.h"
#include "hps/space.h"
#include "test.h"

#define INLINE HPS_TEST_DATA "/space/inline.yaml"

/* A space whose metric: is metric (from line 3 on); its result. */
static int
parse(const char *metric, struct hps_space **sp, char *err)
{
	char text[2048];

	snprintf(text, sizeof text, "name: t\ncommand: ./train {lr}\n"
	    "metric:%s\nparameters:\n  lr: {type: float, min: 0.001, max:"
	    " 0.1}\n", metric);
	return hps_space_parse(INLINE, text, strlen(text), sp, err,
	    HPS_ERRMAX);
}

static void
refused(const char *metric, const char *msg)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse(metric, &sp, err), HPS_EPARSE);
	ASSERT(sp == NULL);
	ASSERT_STR_CONTAINS(err, msg);
}

TEST(a_mapping_is_one_objective)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse(" {name: val_acc, goal: maximize, summary: best,"
	    " target: 0.9}", &sp, err), 0);
	ASSERT_EQ(sp->nobj, 1);
	ASSERT_STR_EQ(sp->objectives[0].metric, "val_acc");
	ASSERT_EQ(sp->objectives[0].goal, HPS_MAXIMIZE);
	ASSERT_EQ(sp->objectives[0].summary, HPS_SUM_BEST);
	ASSERT_EQ(sp->objectives[0].has_reference, 0);
	ASSERT_STR_EQ(sp->metric, "val_acc");
	ASSERT_EQ(sp->goal, HPS_MAXIMIZE);
	ASSERT_EQ(sp->summary, HPS_SUM_BEST);
	ASSERT_EQ(sp->has_target, 1);
	ASSERT_EQ_DBL(sp->target, 0.9, 0);
	hps_space_free(sp);
}

TEST(a_list_is_several_in_order)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse("\n"
	    "  - {name: val_loss, goal: minimize, reference: 2.5}\n"
	    "  - {name: val_acc, goal: maximize, summary: best}\n"
	    "  - name: params\n    goal: minimize\n    reference: 1e6\n",
	    &sp, err), 0);
	ASSERT_EQ(sp->nobj, 3);
	ASSERT_STR_EQ(sp->objectives[0].metric, "val_loss");
	ASSERT_EQ(sp->objectives[0].goal, HPS_MINIMIZE);
	ASSERT_EQ(sp->objectives[0].summary, HPS_SUM_LAST);
	ASSERT_EQ(sp->objectives[0].has_reference, 1);
	ASSERT_EQ_DBL(sp->objectives[0].reference, 2.5, 0);
	ASSERT_STR_EQ(sp->objectives[1].metric, "val_acc");
	ASSERT_EQ(sp->objectives[1].goal, HPS_MAXIMIZE);
	ASSERT_EQ(sp->objectives[1].summary, HPS_SUM_BEST);
	ASSERT_EQ(sp->objectives[1].has_reference, 0);
	ASSERT_STR_EQ(sp->objectives[2].metric, "params");
	ASSERT_EQ_DBL(sp->objectives[2].reference, 1e6, 0);
	/* The first objective is the one the rest of hpsd names. */
	ASSERT_STR_EQ(sp->metric, "val_loss");
	ASSERT_EQ(sp->goal, HPS_MINIMIZE);
	ASSERT_EQ(sp->summary, HPS_SUM_LAST);
	ASSERT_EQ(sp->has_target, 0);
	hps_space_free(sp);
}

TEST(a_list_of_one_is_one_objective_with_its_target)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse("\n  - {name: loss, goal: minimize, target: 0.1}\n",
	    &sp, err), 0);
	ASSERT_EQ(sp->nobj, 1);
	ASSERT_EQ(sp->has_target, 1);
	hps_space_free(sp);
}

TEST(names_checked_as_one_objective_is)
{
	refused("\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: test_acc, goal: maximize}\n",
	    "inline.yaml:5:12: metric 'test_acc' is a test metric");
	refused("\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: val_acc, goal: minimize}\n",
	    "inline.yaml:5:12: metric 'val_acc' is already objective 1;"
	    " name each objective once");
	refused("\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: epoch, goal: minimize}\n",
	    "inline.yaml:5:12: metric 'epoch' is the step");
	refused("\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: step, goal: minimize}\n",
	    "inline.yaml:5:12: metric 'step' is the step");
	refused(" {name: test_loss, goal: minimize}",
	    "inline.yaml:3:16: metric 'test_loss' is a test metric");
}

TEST(each_objective_needs_its_keys)
{
	refused("\n  - {name: val_acc, goal: maximize}\n  - {name: params}\n",
	    "inline.yaml:5:5: missing required key 'goal' in metric");
	refused("\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: params, goal: less}\n", "inline.yaml:5:26: unknown goal 'less'");
	refused("\n  - {name: a, goal: maximize}\n"
	    "  - {name: b, goal: minimize, referense: 3}\n",
	    "did you mean 'reference'");
	refused("\n  - {name: a, goal: maximize, reference: high}\n",
	    "inline.yaml:4:42: reference must be a number");
	refused("\n  - val_acc\n", "inline.yaml:4:5: metric must be a mapping");
	refused(" []", "inline.yaml:3:9: metric lists no objective");
}

TEST(target_refused_with_several)
{
	refused("\n  - {name: val_acc, goal: maximize, target: 0.9}\n"
	    "  - {name: params, goal: minimize}\n",
	    "inline.yaml:4:45: target ends a study at one objective's value");
}

TEST(at_most_objectives_max)
{
	refused("\n  - {name: a, goal: minimize}\n  - {name: b, goal: minimize}\n"
	    "  - {name: c, goal: minimize}\n  - {name: d, goal: minimize}\n"
	    "  - {name: e, goal: minimize}\n",
	    "inline.yaml:8:5: more than 4 objectives");
}

TEST(outcomes_read_back_without_the_rest)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];
	/* A stored study whose workdir is gone, and whose method's section
	 * this build does not know: its outcomes still read. */
	const char *text = "name: t\ncommand: ./train {lr}\nworkdir:"
	    " /nonexistent/gone\nmethod: future\nfuture: {x: 1}\nmetric:\n"
	    "  - {name: val_acc, goal: maximize}\n"
	    "  - {name: params, goal: minimize, reference: 1e6}\n"
	    "limits: {epoch_seconds: {max: 5}}\nparameters:\n  lr: {type:"
	    " float, min: 0.001, max: 0.1}\n";

	ASSERT_EQ(hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err), HPS_EPARSE);
	ASSERT_EQ(hps_space_parse_outcomes(INLINE, text, strlen(text), &sp,
	    err, sizeof err), 0);
	ASSERT_EQ(sp->nobj, 2);
	ASSERT_STR_EQ(sp->metric, "val_acc");
	ASSERT_STR_EQ(sp->objectives[1].metric, "params");
	ASSERT_EQ_DBL(sp->objectives[1].reference, 1e6, 0);
	ASSERT_EQ(sp->nlimits, 1);
	ASSERT_STR_EQ(sp->limits[0].metric, "epoch_seconds");
	ASSERT_EQ(hps_space_objective_index(sp, "params", 6), 1);
	ASSERT_EQ(hps_space_objective_index(sp, "param", 5), -1);
	hps_space_free(sp);
}

/* What compares trials needs a metric, and a list of objectives is one;
 * without metric: there is none (and no objective). */
TEST(a_list_is_the_metric_what_needs_one_asks_for)
{
	static const char several[] = "name: t\ncommand: ./train {lr}\n"
	    "method: bayes\nmetric:\n  - {name: val_acc, goal: maximize}\n"
	    "  - {name: params, goal: minimize}\nlimits: {epoch_seconds: {max:"
	    " 5}}\nearly_stopping: {rule: asha, max_steps: 9}\nbudget:"
	    " {trials: 20, patience: 5}\nparameters:\n  lr: {type: float,"
	    " min: 0.001, max: 0.1}\n";
	static const char none[] = "name: t\ncommand: ./train {lr}\n"
	    "method: grid\nparameters:\n  lr: {values: [0.1, 0.2]}\n";
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(hps_space_parse(INLINE, several, strlen(several), &sp, err,
	    sizeof err), 0);
	ASSERT_EQ(sp->nobj, 2);
	ASSERT_STR_EQ(sp->metric, "val_acc");
	hps_space_free(sp);
	sp = NULL;
	ASSERT_EQ(hps_space_parse(INLINE, none, strlen(none), &sp, err,
	    sizeof err), 0);
	ASSERT_EQ(sp->nobj, 0);
	ASSERT(sp->metric == NULL && sp->objectives == NULL);
	hps_space_free(sp);
}

TEST_MAIN(a_mapping_is_one_objective, a_list_is_several_in_order,
    a_list_of_one_is_one_objective_with_its_target,
    names_checked_as_one_objective_is, each_objective_needs_its_keys,
    target_refused_with_several, at_most_objectives_max,
    outcomes_read_back_without_the_rest,
    a_list_is_the_metric_what_needs_one_asks_for)
