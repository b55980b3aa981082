/*
 * Unit tests for core/diagnose.c: overfitting found on hand-made learning
 * curves, metric pairing by name, and the text chart's geometry.
 */
#include "hps/diagnose.h"
#include "hps/error.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Curve points at steps 1..n from values; NAN makes a missing point. */
static void
curve(struct hps_curve_point *p, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].step = (long)i + 1;
		p[i].value = isnan(v[i]) ? 0 : v[i];
		p[i].present = !isnan(v[i]);
	}
}

/* val_loss falls to 0.45 at step 5, then rises; loss keeps falling. */
static const double turn_val[] = {1.0, 0.8, 0.6, 0.5, 0.45, 0.47, 0.5,
    0.55, 0.6, 0.65};
static const double turn_train[] = {0.9, 0.7, 0.5, 0.4, 0.35, 0.3, 0.25,
    0.2, 0.15, 0.1};

TEST(curve_that_turns_up_is_flagged)
{
	struct hps_curve_point v[10], t[10];
	struct hps_diagnosis d;

	curve(v, turn_val, 10);
	curve(t, turn_train, 10);
	ASSERT_EQ(hps_diagnose(v, 10, t, 10, 0, 3, &d), 0);
	ASSERT_EQ(d.best_step, 5);
	ASSERT_EQ_DBL(d.best_value, 0.45, 1e-12);
	ASSERT_EQ_DBL(d.final_value, 0.65, 1e-12);
	ASSERT_EQ_DBL(d.final_drop, 0.20, 1e-12);
	ASSERT(d.has_gap);
	ASSERT_EQ_DBL(d.gap, 0.10, 1e-12);
	ASSERT(d.overfit);
	ASSERT_EQ(d.overfit_step, 6);
}

TEST(patience_longer_than_the_stretch_is_not_flagged)
{
	struct hps_curve_point v[10], t[10];
	struct hps_diagnosis d;

	curve(v, turn_val, 10);
	curve(t, turn_train, 10);
	/* Five values after the best: patience 5 flags, 6 does not. */
	ASSERT_EQ(hps_diagnose(v, 10, t, 10, 0, 5, &d), 0);
	ASSERT(d.overfit);
	ASSERT_EQ(d.overfit_step, 6);
	ASSERT_EQ(hps_diagnose(v, 10, t, 10, 0, 6, &d), 0);
	ASSERT(!d.overfit);
	ASSERT_EQ(d.overfit_step, 0);
	/* Without a training curve there is no gap and no flag. */
	ASSERT_EQ(hps_diagnose(v, 10, NULL, 0, 0, 3, &d), 0);
	ASSERT(!d.has_gap);
	ASSERT(!d.overfit);
	ASSERT_EQ(d.best_step, 5);
}

TEST(monotone_curve_is_not_flagged)
{
	static const double val[] = {1.0, 0.8, 0.7, 0.65, 0.62, 0.61};
	static const double train[] = {0.9, 0.7, 0.6, 0.5, 0.45, 0.4};
	struct hps_curve_point v[6], t[6];
	struct hps_diagnosis d;

	curve(v, val, 6);
	curve(t, train, 6);
	ASSERT_EQ(hps_diagnose(v, 6, t, 6, 0, 1, &d), 0);
	ASSERT_EQ(d.best_step, 6);
	ASSERT_EQ_DBL(d.final_drop, 0, 0);
	ASSERT_EQ_DBL(d.gap, 0.21, 1e-12);
	ASSERT(!d.overfit);
}

TEST(maximize_accuracy)
{
	static const double val[] = {0.5, 0.7, 0.8, 0.78, 0.75, 0.74};
	static const double train[] = {0.55, 0.75, 0.85, 0.9, 0.93, 0.96};
	struct hps_curve_point v[6], t[6];
	struct hps_diagnosis d;

	curve(v, val, 6);
	curve(t, train, 6);
	ASSERT_EQ(hps_diagnose(v, 6, t, 6, 1, 2, &d), 0);
	ASSERT_EQ(d.best_step, 3);
	ASSERT_EQ_DBL(d.best_value, 0.8, 1e-12);
	ASSERT_EQ_DBL(d.final_drop, 0.06, 1e-12);
	ASSERT_EQ_DBL(d.gap, 0.05, 1e-12);
	ASSERT(d.overfit);
	ASSERT_EQ(d.overfit_step, 4);
	/* Read as a loss, the same numbers are a curve still improving. */
	ASSERT_EQ(hps_diagnose(v, 6, t, 6, 0, 2, &d), 0);
	ASSERT_EQ(d.best_step, 1);
	ASSERT(!d.overfit);
}

TEST(training_getting_worse_is_not_overfitting)
{
	static const double val[] = {1.0, 0.6, 0.7, 0.9, 1.5};
	static const double train[] = {0.9, 0.5, 0.6, 0.8, 1.4};
	struct hps_curve_point v[5], t[5];
	struct hps_diagnosis d;

	/* Both curves blow up (a learning rate too high): no flag. */
	curve(v, val, 5);
	curve(t, train, 5);
	ASSERT_EQ(hps_diagnose(v, 5, t, 5, 0, 2, &d), 0);
	ASSERT_EQ(d.best_step, 2);
	ASSERT_EQ_DBL(d.final_drop, 0.9, 1e-12);
	ASSERT(!d.overfit);
}

TEST(a_value_equal_to_the_best_breaks_the_stretch)
{
	static const double val[] = {0.5, 0.4, 0.45, 0.4, 0.45, 0.5};
	static const double train[] = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
	struct hps_curve_point v[6], t[6];
	struct hps_diagnosis d;

	/* Best 0.4 first at step 2; equal again at 4, so the stretch of
	 * three worse values never forms; two do (steps 5-6). */
	curve(v, val, 6);
	curve(t, train, 6);
	ASSERT_EQ(hps_diagnose(v, 6, t, 6, 0, 3, &d), 0);
	ASSERT_EQ(d.best_step, 2);
	ASSERT(!d.overfit);
	ASSERT_EQ(hps_diagnose(v, 6, t, 6, 0, 2, &d), 0);
	ASSERT(d.overfit);
	ASSERT_EQ(d.overfit_step, 5);
}

TEST(missing_points)
{
	static const double val[] = {1.0, NAN, 0.5, 0.6, NAN, 0.7, 0.8, NAN};
	static const double train[] = {0.9, 0.6, NAN, 0.4, 0.3, 0.2, 0.1,
	    0.05};
	struct hps_curve_point v[8], t[8];
	struct hps_diagnosis d;

	curve(v, val, 8);
	curve(t, train, 8);
	/* A present NaN is as missing as an absent point. */
	v[1].present = 1;
	v[1].value = NAN;
	/* Best 0.5 at step 3 where training is missing: the gap uses the
	 * last training value before it (0.6 at step 2). The final value is
	 * the last present one; missing values do not break the stretch
	 * 4, 6, 7. */
	ASSERT_EQ(hps_diagnose(v, 8, t, 8, 0, 3, &d), 0);
	ASSERT_EQ(d.best_step, 3);
	ASSERT_EQ_DBL(d.final_value, 0.8, 1e-12);
	ASSERT_EQ_DBL(d.final_drop, 0.3, 1e-12);
	ASSERT(d.has_gap);
	ASSERT_EQ_DBL(d.gap, -0.1, 1e-12);
	ASSERT(d.overfit);
	ASSERT_EQ(d.overfit_step, 4);
}

TEST(nothing_to_diagnose)
{
	static const double val[] = {NAN, NAN};
	struct hps_curve_point v[2];
	struct hps_diagnosis d;

	curve(v, val, 2);
	ASSERT_EQ(hps_diagnose(v, 2, NULL, 0, 0, 3, &d), HPS_ENOTFOUND);
	ASSERT_EQ(hps_diagnose(NULL, 0, NULL, 0, 0, 3, &d), HPS_ENOTFOUND);
	v[0].value = 1;
	v[0].present = 1;
	ASSERT_EQ(hps_diagnose(v, 2, NULL, 0, 0, 0, &d), HPS_EINVAL);
	ASSERT_EQ(hps_diagnose(v, 2, NULL, 0, 0, 1, &d), 0);
	ASSERT_EQ(d.best_step, 1);
}

TEST(train_name_pairs)
{
	static const char *const keras[] = {"loss", "acc", "val_loss",
	    "val_acc", "accuracy"};
	static const char *const lightning[] = {"val/loss", "train/loss",
	    "train_loss", "epoch_loss"};

	ASSERT_STR_EQ(hps_diag_train_name("val_loss", keras, 5), "loss");
	ASSERT_STR_EQ(hps_diag_train_name("val_acc", keras, 5), "acc");
	ASSERT_STR_EQ(hps_diag_train_name("val_accuracy", keras, 5),
	    "accuracy");
	ASSERT_STR_EQ(hps_diag_train_name("validation_loss", keras, 5),
	    "loss");
	ASSERT_STR_EQ(hps_diag_train_name("val/loss", lightning, 4),
	    "train/loss");
	ASSERT_STR_EQ(hps_diag_train_name("val_loss", lightning, 4),
	    "train_loss");
	ASSERT(hps_diag_train_name("loss", keras, 5) == NULL);
	ASSERT(hps_diag_train_name("val_", keras, 5) == NULL);
	ASSERT(hps_diag_train_name("val_f1", keras, 5) == NULL);
	ASSERT(hps_diag_train_name("value_loss", keras, 5) == NULL);
}

TEST(metric_goal_from_name)
{
	ASSERT_EQ(hps_diag_metric_maximize("loss"), 0);
	ASSERT_EQ(hps_diag_metric_maximize("val_loss"), 0);
	ASSERT_EQ(hps_diag_metric_maximize("Val_MSE"), 0);
	ASSERT_EQ(hps_diag_metric_maximize("val_mean_absolute_error"), 0);
	ASSERT_EQ(hps_diag_metric_maximize("mae"), 0);
	ASSERT_EQ(hps_diag_metric_maximize("val_acc"), 1);
	ASSERT_EQ(hps_diag_metric_maximize("accuracy"), 1);
	ASSERT_EQ(hps_diag_metric_maximize("auc"), 1);
	ASSERT_EQ(hps_diag_metric_maximize("f1"), 1);
}

/* Split buf into lines (in place); their count. */
static int
lines(char *buf, char **line, int max)
{
	int n = 0;
	char *nl;

	while (*buf != '\0' && n < max) {
		line[n++] = buf;
		if ((nl = strchr(buf, '\n')) == NULL)
			break;
		*nl = '\0';
		buf = nl + 1;
	}
	return n;
}

static int
count(const char *s, char c)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* The plot rows' marks, and the row each mark was last seen in. */
static int
marks(char **line, int h, int col0, const char *set, int *row)
{
	int r, n = 0;
	const char *s;

	for (r = 0; r < h; r++) {
		for (s = line[r] + col0; *s != '\0'; s++) {
			if (strchr(set, *s) != NULL) {
				n++;
				*row = r;
			}
		}
	}
	return n;
}

TEST(chart_geometry)
{
	struct hps_curve_point v[10], t[10];
	struct hps_chart c = {0, 0, "val_loss", "loss", NULL};
	struct hps_diagnosis d;
	char buf[4096], *line[32], *bar;
	int n, r, col, row = 0;

	curve(v, turn_val, 10);
	curve(t, turn_train, 10);
	ASSERT_EQ(hps_diagnose(v, 10, t, 10, 0, 3, &d), 0);
	c.diag = &d;
	n = hps_diag_chart(&c, v, 10, t, 10, buf, sizeof buf);
	ASSERT_EQ(n, (int)strlen(buf));
	ASSERT_EQ(lines(buf, line, 32), HPS_CHART_HEIGHT + 4);
	bar = strchr(line[0], '|');
	ASSERT(bar != NULL);
	col = (int)(bar - line[0]);
	for (r = 0; r < HPS_CHART_HEIGHT; r++) {
		ASSERT_EQ(strlen(line[r]), HPS_CHART_WIDTH);
		ASSERT_EQ(line[r][col], '|');
	}
	/* y labels: the highest value on top, the lowest at the bottom. */
	ASSERT_EQ_DBL(strtod(line[0], NULL), 1.0, 0);
	ASSERT_EQ_DBL(strtod(line[HPS_CHART_HEIGHT - 1], NULL), 0.1, 0);
	ASSERT_EQ_DBL(strtod(line[1], &bar), 0, 0);
	ASSERT(bar == line[1]);
	/* The axis, '^' under the best step in the '*' column; the steps. */
	ASSERT_EQ(strlen(line[HPS_CHART_HEIGHT]), HPS_CHART_WIDTH);
	ASSERT_EQ(line[HPS_CHART_HEIGHT][col], '+');
	ASSERT_EQ(count(line[HPS_CHART_HEIGHT], '^'), 1);
	ASSERT_EQ(marks(line, HPS_CHART_HEIGHT, col + 1, "*", &row), 1);
	ASSERT_EQ(line[row][strchr(line[HPS_CHART_HEIGHT], '^') - line[
	    HPS_CHART_HEIGHT]], '*');
	ASSERT_EQ(strlen(line[HPS_CHART_HEIGHT + 1]), HPS_CHART_WIDTH);
	ASSERT_EQ(line[HPS_CHART_HEIGHT + 1][col + 1], '1');
	ASSERT_EQ(line[HPS_CHART_HEIGHT + 1][HPS_CHART_WIDTH - 2], '1');
	ASSERT_EQ(line[HPS_CHART_HEIGHT + 1][HPS_CHART_WIDTH - 1], '0');
	ASSERT_STR_CONTAINS(line[HPS_CHART_HEIGHT + 2], "o val_loss");
	ASSERT_STR_CONTAINS(line[HPS_CHART_HEIGHT + 2], "+ loss");
	ASSERT_STR_CONTAINS(line[HPS_CHART_HEIGHT + 3], "* best 0.45 at step "
	    "5; overfitting from step 6");
	/* Every point is drawn: 10 validation, 10 training, some shared. */
	ASSERT_EQ(marks(line, HPS_CHART_HEIGHT, col + 1, "o*", &row) +
	    2 * marks(line, HPS_CHART_HEIGHT, col + 1, "#", &row) +
	    marks(line, HPS_CHART_HEIGHT, col + 1, "+", &row), 20);
}

TEST(chart_single_point_and_constant_curve)
{
	static const double flat[] = {0.5, 0.5, 0.5, 0.5, 0.5};
	struct hps_chart c = {40, 7, NULL, NULL, NULL};
	struct hps_curve_point v[5], same = {1, 0.5, 1};
	char buf[2048], *line[32];
	int r, row = -1, col;

	curve(v, flat, 5);
	hps_diag_chart(&c, v, 1, NULL, 0, buf, sizeof buf);
	ASSERT_EQ(lines(buf, line, 32), 7 + 3);
	col = (int)(strchr(line[0], '|') - line[0]);
	for (r = 0; r < 7; r++)
		ASSERT_EQ(strlen(line[r]), 40);
	ASSERT_EQ(marks(line, 7, col + 1, "o", &row), 1);
	ASSERT_EQ(row, 3);
	/* One step: shown once, no right-hand label. */
	ASSERT_EQ(count(line[8], '1'), 1);
	ASSERT_STR_CONTAINS(line[9], "o validation  + training");
	ASSERT(strstr(line[9], "both") == NULL);

	/* Training on top of validation: one shared cell. */
	hps_diag_chart(&c, v, 1, &same, 1, buf, sizeof buf);
	ASSERT_EQ(lines(buf, line, 32), 7 + 3);
	ASSERT_EQ(marks(line, 7, col + 1, "o+", &row), 0);
	ASSERT_EQ(marks(line, 7, col + 1, "#", &row), 1);
	ASSERT_STR_CONTAINS(line[9], "  # both");

	hps_diag_chart(&c, v, 5, NULL, 0, buf, sizeof buf);
	ASSERT_EQ(lines(buf, line, 32), 7 + 3);
	ASSERT_EQ(marks(line, 7, col + 1, "o", &row), 5);
	for (r = 0; r < 7; r++)
		ASSERT_EQ(count(line[r] + col + 1, 'o'), r == 3 ? 5 : 0);
}

TEST(chart_skips_missing_points)
{
	static const double val[] = {1.0, NAN, 0.5, NAN, 0.25};
	static const double none[] = {NAN, NAN};
	struct hps_chart c = {30, 5, NULL, NULL, NULL};
	struct hps_curve_point v[5], e[2];
	char buf[2048], *line[32];
	int row, col;

	curve(v, val, 5);
	v[1].present = 1;
	v[1].value = INFINITY;
	hps_diag_chart(&c, v, 5, NULL, 0, buf, sizeof buf);
	ASSERT_EQ(lines(buf, line, 32), 5 + 3);
	col = (int)(strchr(line[0], '|') - line[0]);
	ASSERT_EQ(marks(line, 5, col + 1, "o", &row), 3);
	ASSERT(strncmp(line[0], "    1 |o", 8) == 0);
	ASSERT_EQ(line[4][29], 'o');

	curve(e, none, 2);
	ASSERT_EQ(hps_diag_chart(&c, e, 2, NULL, 0, buf, sizeof buf), 12);
	ASSERT_STR_EQ(buf, "(no values)\n");
}

TEST(chart_truncates_like_snprintf_and_checks_its_size)
{
	struct hps_chart c = {0, 0, NULL, NULL, NULL};
	struct hps_curve_point v[10];
	char full[4096], small[100];
	int n;

	curve(v, turn_val, 10);
	n = hps_diag_chart(&c, v, 10, NULL, 0, full, sizeof full);
	ASSERT(n > (int)sizeof small);
	ASSERT_EQ(hps_diag_chart(&c, v, 10, NULL, 0, small, sizeof small),
	    n);
	ASSERT_EQ(strlen(small), sizeof small - 1);
	ASSERT(strncmp(small, full, sizeof small - 1) == 0);
	c.width = 12;
	ASSERT_EQ(hps_diag_chart(&c, v, 10, NULL, 0, full, sizeof full),
	    HPS_EINVAL);
	c.width = HPS_CHART_MAXW + 1;
	ASSERT_EQ(hps_diag_chart(&c, v, 10, NULL, 0, full, sizeof full),
	    HPS_EINVAL);
	c.width = 0;
	c.height = 2;
	ASSERT_EQ(hps_diag_chart(&c, v, 10, NULL, 0, full, sizeof full),
	    HPS_EINVAL);
}

TEST_MAIN(curve_that_turns_up_is_flagged,
    patience_longer_than_the_stretch_is_not_flagged,
    monotone_curve_is_not_flagged, maximize_accuracy,
    training_getting_worse_is_not_overfitting,
    a_value_equal_to_the_best_breaks_the_stretch, missing_points,
    nothing_to_diagnose, train_name_pairs, metric_goal_from_name,
    chart_geometry, chart_single_point_and_constant_curve,
    chart_skips_missing_points,
    chart_truncates_like_snprintf_and_checks_its_size)
