/*
 * Unit tests for outcome limits (core/limits.c): limits: read from a space
 * file with each mistake at file:line:column, and the feasibility test on
 * a trial's last values, a metric never reported included.
 */
#include <math.h>

#include "hps/error.h"
#include "hps/limits.h"
#include "hps/space.h"
#include "test.h"

#define INLINE HPS_TEST_DATA "/space/inline.yaml"

#define SPACE                                                                 \
	"name: t\n"                                                           \
	"command: ./train {lr}\n"                                             \
	"metric: {name: val_acc, goal: maximize}\n"                           \
	"parameters:\n"                                                       \
	"  lr: {type: float, min: 0.001, max: 0.1}\n"

/* SPACE with more lines; the parse's result, err on failure. */
static int
parse(const char *more, struct hps_space **sp, char *err)
{
	char text[2048];

	snprintf(text, sizeof text, "%s%s", SPACE, more);
	return hps_space_parse(INLINE, text, strlen(text), sp, err,
	    HPS_ERRMAX);
}

/* The message more gets, which must be a parse error. */
static void
refused(const char *more, const char *msg)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse(more, &sp, err), HPS_EPARSE);
	ASSERT(sp == NULL);
	ASSERT_STR_CONTAINS(err, msg);
}

TEST(read_in_file_order)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	ASSERT_EQ(parse("limits:\n"
	    "  epoch_seconds: {max: 5}\n"
	    "  val_loss: {min: 0.01, max: 0.6}\n"
	    "  params: {min: 1000}\n", &sp, err), 0);
	ASSERT_EQ(sp->nlimits, 3);
	ASSERT_STR_EQ(sp->limits[0].metric, "epoch_seconds");
	ASSERT(sp->limits[0].has_max && !sp->limits[0].has_min);
	ASSERT_EQ_DBL(sp->limits[0].max, 5.0, 0);
	ASSERT(sp->limits[1].has_max && sp->limits[1].has_min);
	ASSERT_EQ_DBL(sp->limits[1].min, 0.01, 0);
	ASSERT(!sp->limits[2].has_max && sp->limits[2].has_min);
	ASSERT_EQ(hps_limits_index(sp, "val_loss", 8), 1);
	ASSERT_EQ(hps_limits_index(sp, "val_loss_x", 10), -1);
	ASSERT_EQ(hps_limits_index(sp, "val", 3), -1);
	hps_space_free(sp);
	ASSERT_EQ(parse("", &sp, err), 0);
	ASSERT_EQ(sp->nlimits, 0);
	ASSERT_EQ(hps_limits_index(sp, "val_loss", 8), -1);
	hps_space_free(sp);
}

TEST(mistakes_at_their_place)
{
	refused("limits: [a, b]\n", "inline.yaml:6:9: limits must be a"
	    " mapping");
	refused("limits: {}\n", "inline.yaml:6:9: limits must be a mapping");
	refused("limits:\n  test_acc: {min: 0.9}\n", "inline.yaml:7:3: metric"
	    " 'test_acc' is a test metric; limit a validation metric");
	refused("limits:\n  epoch: {max: 3}\n", "inline.yaml:7:3: metric"
	    " 'epoch' is the step");
	refused("limits:\n  loss: {}\n", "inline.yaml:7:9: limits.loss gives"
	    " no bound");
	refused("limits:\n  loss: {maximum: 1}\n", "inline.yaml:7:10: unknown"
	    " key 'maximum' in limits.loss");
	refused("limits:\n  loss: {max: big}\n", "inline.yaml:7:15: max");
	refused("limits:\n  loss: 3\n", "inline.yaml:7:9: limits.loss must"
	    " be a mapping");
	refused("limits:\n  loss: {min: 2, max: 1}\n", "inline.yaml:7:15:"
	    " limits.loss: min 2 is above max 1");
}

TEST(feasible_when_every_limit_holds)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], why[128] = "";
	double last[2];

	ASSERT_EQ(parse("limits:\n"
	    "  epoch_seconds: {max: 5}\n"
	    "  val_loss: {min: 0.1, max: 0.6}\n", &sp, err), 0);
	last[0] = 5.0;
	last[1] = 0.1;
	ASSERT(hps_limits_hold(sp, last, why, sizeof why));
	ASSERT_STR_EQ(why, "");
	last[0] = 5.5;
	ASSERT(!hps_limits_hold(sp, last, why, sizeof why));
	ASSERT_STR_EQ(why, "infeasible: epoch_seconds was 5.5, above its"
	    " limit max 5");
	last[0] = 4;
	last[1] = 0.05;
	ASSERT(!hps_limits_hold(sp, last, why, sizeof why));
	ASSERT_STR_EQ(why, "infeasible: val_loss was 0.05, below its limit"
	    " min 0.1");
	last[1] = NAN;
	ASSERT(!hps_limits_hold(sp, last, why, sizeof why));
	ASSERT_STR_EQ(why, "infeasible: val_loss was never reported (limit"
	    " max 0.6)");
	hps_space_free(sp);
}

TEST(no_limits_always_feasible)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX], why[64] = "";

	ASSERT_EQ(parse("", &sp, err), 0);
	ASSERT(hps_limits_hold(sp, NULL, why, sizeof why));
	hps_space_free(sp);
}

TEST_MAIN(read_in_file_order, mistakes_at_their_place,
    feasible_when_every_limit_holds, no_limits_always_feasible)
