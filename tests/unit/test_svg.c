/*
 * Unit tests for cli/svg.c, the chart geometry of hps report: scales,
 * log axes, nice ticks and labels, missing values, a single trial, a
 * constant objective, path data and the colour map.
 *
 * The geometry is part of the client, not of a library the tests link,
 * so the source is compiled in here; it depends on libc and libm only.
 */
#include "svg.h"
#include "test.h"

static const char *
buf_str(struct svg_buf *b)
{
	return b->s ? b->s : "";
}

TEST(linear_scale_maps_the_ends_and_the_middle)
{
	struct svg_scale s;

	svg_scale_init(&s, 0, 10, 0, 100, 300);
	ASSERT_EQ_DBL(svg_scale_map(&s, 0), 100, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 10), 300, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 2.5), 150, 1e-9);
}

TEST(y_axis_runs_upwards)
{
	struct svg_scale s;

	svg_scale_init(&s, 0, 1, 0, 200, 0);
	ASSERT_EQ_DBL(svg_scale_map(&s, 0), 200, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 1), 0, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 0.75), 50, 1e-9);
}

TEST(log_scale_spaces_decades_evenly)
{
	struct svg_scale s;

	svg_scale_init(&s, 1e-4, 1e-1, 1, 0, 300);
	ASSERT_EQ_DBL(svg_scale_map(&s, 1e-4), 0, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 1e-3), 100, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, 1e-2), 200, 1e-9);
	ASSERT_EQ_DBL(svg_scale_map(&s, sqrt(10) * 1e-3), 150, 1e-9);
}

TEST(log_scale_cannot_place_zero_or_negatives)
{
	struct svg_scale s;

	svg_scale_init(&s, 1e-3, 1, 1, 0, 100);
	ASSERT(isnan(svg_scale_map(&s, 0)));
	ASSERT(isnan(svg_scale_map(&s, -1)));
	ASSERT(!svg_scale_usable(&s, 0));
	ASSERT(svg_scale_usable(&s, 1e-9));
}

TEST(missing_values_map_to_nan)
{
	struct svg_scale s;

	svg_scale_init(&s, 0, 1, 0, 0, 100);
	ASSERT(isnan(svg_scale_map(&s, NAN)));
	ASSERT(isnan(svg_scale_map(&s, INFINITY)));
	ASSERT(isnan(svg_scale_map(&s, -INFINITY)));
}

TEST(fit_ignores_missing_and_infinite_values)
{
	double v[] = {NAN, 1, 3, INFINITY, -INFINITY, 2};
	struct svg_scale s;

	ASSERT_EQ(svg_scale_fit(&s, v, 6, 0, 0, 100), 3);
	ASSERT(s.d0 <= 1 && s.d1 >= 3);
	ASSERT(s.d1 - s.d0 < 5);
	ASSERT(isfinite(svg_scale_map(&s, 2)));
}

TEST(fit_on_log_ignores_non_positive_values)
{
	double v[] = {0, -1, 0.01, 10, NAN};
	struct svg_scale s;

	ASSERT_EQ(svg_scale_fit(&s, v, 5, 1, 0, 100), 2);
	ASSERT(s.log);
	ASSERT_EQ_DBL(s.d0, 0.01, 1e-15);
	ASSERT_EQ_DBL(s.d1, 10, 1e-12);
}

TEST(fit_rounds_out_to_decades_on_log)
{
	double v[] = {3e-4, 2e-2};
	struct svg_scale s;

	svg_scale_fit(&s, v, 2, 1, 0, 100);
	ASSERT_EQ_DBL(s.d0, 1e-4, 1e-18);
	ASSERT_EQ_DBL(s.d1, 1e-1, 1e-15);
}

TEST(fit_rounds_out_to_nice_numbers)
{
	double v[] = {0.613, 0.884};
	struct svg_scale s;

	svg_scale_fit(&s, v, 2, 0, 0, 100);
	ASSERT_EQ_DBL(s.d0, 0.6, 1e-12);
	ASSERT_EQ_DBL(s.d1, 0.9, 1e-12);
}

TEST(no_values_give_a_unit_domain)
{
	double v[] = {NAN, NAN};
	struct svg_scale s;

	ASSERT_EQ(svg_scale_fit(&s, v, 2, 0, 0, 100), 0);
	ASSERT_EQ_DBL(s.d0, 0, 0);
	ASSERT_EQ_DBL(s.d1, 1, 0);
	ASSERT_EQ(svg_scale_fit(&s, NULL, 0, 1, 0, 100), 0);
	ASSERT_EQ_DBL(s.d0, 1, 0);
	ASSERT_EQ_DBL(s.d1, 10, 0);
}

TEST(single_trial_sits_inside_a_widened_axis)
{
	double v[] = {0.87}, t[16];
	struct svg_scale s;
	size_t n;

	ASSERT_EQ(svg_scale_fit(&s, v, 1, 0, 0, 100), 1);
	ASSERT(s.d0 < 0.87 && s.d1 > 0.87);
	ASSERT(svg_scale_map(&s, 0.87) > 0 && svg_scale_map(&s, 0.87) < 100);
	n = svg_ticks(&s, t, 6);
	ASSERT(n >= 2);
}

TEST(single_trial_on_log_axis)
{
	double v[] = {0.01}, t[16];
	struct svg_scale s;
	size_t i, n;
	int seen = 0;

	svg_scale_init(&s, v[0], v[0], 1, 0, 100);
	ASSERT(s.d0 < 0.01 && s.d1 > 0.01);
	ASSERT_EQ_DBL(svg_scale_map(&s, 0.01), 50, 1e-9);
	n = svg_ticks(&s, t, 6);
	for (i = 0; i < n; i++)
		seen |= fabs(t[i] - 0.01) < 1e-15;
	ASSERT(seen);
}

TEST(constant_objective_gets_a_usable_axis)
{
	double v[] = {0.8, 0.8, 0.8, NAN}, t[16];
	struct svg_scale s;
	size_t i, n;

	ASSERT_EQ(svg_scale_fit(&s, v, 4, 0, 250, 10), 3);
	ASSERT(s.d1 > s.d0);
	ASSERT(isfinite(svg_scale_map(&s, 0.8)));
	n = svg_ticks(&s, t, 6);
	ASSERT(n >= 2);
	for (i = 0; i < n; i++)
		ASSERT(t[i] >= s.d0 - 1e-12 && t[i] <= s.d1 + 1e-12);
}

TEST(constant_zero_objective)
{
	double v[] = {0, 0};
	struct svg_scale s;

	svg_scale_fit(&s, v, 2, 0, 0, 100);
	ASSERT_EQ_DBL(s.d0, -1, 1e-12);
	ASSERT_EQ_DBL(s.d1, 1, 1e-12);
	ASSERT_EQ_DBL(svg_scale_map(&s, 0), 50, 1e-9);
}

TEST(reversed_and_bad_bounds_are_repaired)
{
	struct svg_scale s;

	svg_scale_init(&s, 5, 1, 0, 0, 100);
	ASSERT_EQ_DBL(s.d0, 1, 0);
	ASSERT_EQ_DBL(s.d1, 5, 0);
	svg_scale_init(&s, NAN, 3, 0, 0, 100);
	ASSERT(s.d1 > s.d0);
	svg_scale_init(&s, -1, 3, 1, 0, 100);
	ASSERT(s.d0 > 0 && s.d1 > s.d0);
}

TEST(padding_widens_both_ends)
{
	struct svg_scale s;

	svg_scale_init(&s, 0, 10, 0, 0, 100);
	svg_scale_pad(&s, 0.1);
	ASSERT_EQ_DBL(s.d0, -1, 1e-12);
	ASSERT_EQ_DBL(s.d1, 11, 1e-12);
	svg_scale_init(&s, 1e-3, 1e-1, 1, 0, 100);
	svg_scale_pad(&s, 0.5);
	ASSERT_EQ_DBL(s.d0, 1e-4, 1e-15);
	ASSERT_EQ_DBL(s.d1, 1, 1e-12);
}

TEST(linear_ticks_are_nice_and_inside)
{
	struct svg_scale s;
	double t[16];
	size_t n;

	svg_scale_init(&s, 0, 1, 0, 0, 100);
	n = svg_ticks(&s, t, 6);
	ASSERT_EQ(n, 6);
	ASSERT_EQ_DBL(t[0], 0, 0);
	ASSERT_EQ_DBL(t[1], 0.2, 1e-12);
	ASSERT_EQ_DBL(t[5], 1, 1e-12);
	svg_scale_init(&s, 1, 6, 0, 0, 100);
	n = svg_ticks(&s, t, 3);
	ASSERT_EQ(n, 3);
	ASSERT_EQ_DBL(t[0], 2, 0);
	ASSERT_EQ_DBL(t[2], 6, 0);
}

TEST(ticks_stay_within_any_domain_and_budget)
{
	static const double lo[] = {-3.7, 0.0013, 997, -1e-9, 0.6, 1e6};
	static const double hi[] = {12.2, 0.0019, 1003, 1e-9, 0.9, 3e9};
	struct svg_scale s;
	double t[16];
	size_t i, j, n, max;

	for (i = 0; i < sizeof lo / sizeof lo[0]; i++)
		for (max = 2; max <= 10; max++) {
			svg_scale_init(&s, lo[i], hi[i], 0, 0, 100);
			n = svg_ticks(&s, t, max);
			ASSERT(n >= 1 && n <= max);
			for (j = 0; j < n; j++) {
				ASSERT(t[j] >= lo[i] - 1e-9 * fabs(lo[i]));
				ASSERT(t[j] <= hi[i] + 1e-9 * fabs(hi[i]));
				ASSERT(j == 0 || t[j] > t[j - 1]);
			}
		}
}

TEST(integer_scale_ticks_whole_numbers)
{
	struct svg_scale s;
	double t[16];
	size_t i, n;

	svg_scale_init(&s, 0, 4, 0, 0, 1000);
	s.integer = 1;
	n = svg_ticks(&s, t, 10);
	ASSERT_EQ(n, 5);
	for (i = 0; i < n; i++)
		ASSERT_EQ_DBL(t[i], (double)i, 0);
	/* A single trial: the widened axis still has a tick at its number. */
	svg_scale_init(&s, 7, 7, 0, 0, 1000);
	s.integer = 1;
	n = svg_ticks(&s, t, 10);
	ASSERT_EQ(n, 1);
	ASSERT_EQ_DBL(t[0], 7, 0);
}

TEST(zero_tick_is_exactly_zero)
{
	struct svg_scale s;
	double t[16];
	size_t i, n;
	int zero = 0;

	svg_scale_init(&s, -0.3, 0.3, 0, 0, 100);
	n = svg_ticks(&s, t, 7);
	for (i = 0; i < n; i++)
		zero |= t[i] == 0 && !signbit(t[i]);
	ASSERT(zero);
}

TEST(log_ticks_are_powers_of_ten)
{
	struct svg_scale s;
	double t[16];
	size_t i, n;

	svg_scale_init(&s, 1e-5, 1, 1, 0, 100);
	n = svg_ticks(&s, t, 6);
	ASSERT(n >= 3 && n <= 6);
	for (i = 0; i < n; i++)
		ASSERT_EQ_DBL(log10(t[i]), round(log10(t[i])), 1e-9);
	ASSERT_EQ_DBL(t[0], 1e-5, 1e-18);
}

TEST(log_ticks_within_a_decade_use_2_and_5)
{
	struct svg_scale s;
	double t[16];

	svg_scale_init(&s, 10, 100, 1, 0, 100);
	ASSERT_EQ(svg_ticks(&s, t, 6), 4);
	ASSERT_EQ_DBL(t[0], 10, 1e-12);
	ASSERT_EQ_DBL(t[1], 20, 1e-12);
	ASSERT_EQ_DBL(t[2], 50, 1e-12);
	ASSERT_EQ_DBL(t[3], 100, 1e-12);
}

TEST(labels_are_short)
{
	char b[32];

	svg_label(1e-5, b, sizeof b);
	ASSERT_STR_EQ(b, "1e-5");
	svg_label(2e6, b, sizeof b);
	ASSERT_STR_EQ(b, "2e6");
	svg_label(0.25, b, sizeof b);
	ASSERT_STR_EQ(b, "0.25");
	svg_label(1200, b, sizeof b);
	ASSERT_STR_EQ(b, "1200");
	svg_label(0.1 + 0.2, b, sizeof b);
	ASSERT_STR_EQ(b, "0.3");
	svg_label(-3.5e-10, b, sizeof b);
	ASSERT_STR_EQ(b, "-3.5e-10");
	svg_label(NAN, b, sizeof b);
	ASSERT_STR_EQ(b, "-");
}

TEST(line_breaks_at_a_missing_value)
{
	double x[] = {0, 1, 2, 3, 4}, y[] = {0, 1, NAN, 3, 4};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_line(&b, x, y, 5), 4);
	ASSERT_STR_EQ(buf_str(&b), "M0.0 0.0L1.0 1.0M3.0 3.0L4.0 4.0");
	svg_buf_free(&b);
}

TEST(isolated_points_become_dots)
{
	double x[] = {0, 1, 2}, y[] = {5, NAN, 7};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_line(&b, x, y, 3), 2);
	ASSERT_STR_EQ(buf_str(&b), "M0.0 5.0h0M2.0 7.0h0");
	svg_buf_free(&b);
}

TEST(single_point_line_is_a_dot)
{
	double x[] = {10}, y[] = {20};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_line(&b, x, y, 1), 1);
	ASSERT_STR_EQ(buf_str(&b), "M10.0 20.0h0");
	svg_buf_free(&b);
}

TEST(all_missing_draws_nothing)
{
	double x[] = {NAN, 1}, y[] = {1, NAN};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_line(&b, x, y, 2), 0);
	ASSERT_EQ(svg_path_dots(&b, x, y, 2), 0);
	ASSERT_EQ(svg_path_steps(&b, x, y, 2), 0);
	ASSERT_STR_EQ(buf_str(&b), "");
	svg_buf_free(&b);
}

TEST(dots_skip_missing_values)
{
	double x[] = {1, 2, 3}, y[] = {1, NAN, 3.25};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_dots(&b, x, y, 3), 2);
	ASSERT_STR_EQ(buf_str(&b), "M1.0 1.0h0M3.0 3.2h0");
	svg_buf_free(&b);
}

TEST(best_so_far_is_a_step_line)
{
	double x[] = {0, 10, 20}, y[] = {50, 40, 40};
	struct svg_buf b = {0};

	ASSERT_EQ(svg_path_steps(&b, x, y, 3), 3);
	ASSERT_STR_EQ(buf_str(&b), "M0.0 50.0H10.0V40.0H20.0V40.0");
	svg_buf_free(&b);
}

TEST(escape_covers_html_specials)
{
	struct svg_buf b = {0};

	svg_buf_escape(&b, "a<b href=\"x\">&'c");
	ASSERT_STR_EQ(buf_str(&b), "a&lt;b href=&quot;x&quot;&gt;&amp;&#39;c");
	svg_buf_free(&b);
}

TEST(buffer_grows)
{
	struct svg_buf b = {0};
	size_t i;

	for (i = 0; i < 20000; i++)
		svg_buf_printf(&b, "%05zu", i);
	ASSERT_EQ(b.len, 100000);
	ASSERT_EQ(strlen(b.s), 100000);
	ASSERT(strncmp(b.s + 99995, "19999", 5) == 0);
	ASSERT(!b.oom);
	svg_buf_free(&b);
}

TEST(colour_map_ends_and_missing)
{
	char c[8];

	svg_color(0, c);
	ASSERT_STR_EQ(c, "#440154");
	svg_color(1, c);
	ASSERT_STR_EQ(c, "#fde725");
	svg_color(0.5, c);
	ASSERT_STR_EQ(c, "#21918c");
	svg_color(-3, c);
	ASSERT_STR_EQ(c, "#440154");
	svg_color(7, c);
	ASSERT_STR_EQ(c, "#fde725");
	svg_color(NAN, c);
	ASSERT_STR_EQ(c, "#9e9e9e");
}

/* Occurrences of needle in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

TEST(axes_draw_a_grid_line_per_y_tick)
{
	struct svg_scale x, y;
	struct svg_buf b = {0};
	double t[16];

	svg_scale_init(&x, 0, 100, 0, 60, 1000);
	svg_scale_init(&y, 0.6, 0.9, 0, 260, 12);
	svg_axes(&b, &x, &y, "trial", "val_acc");
	ASSERT_EQ(count(buf_str(&b), "class=\"grid\""), svg_ticks(&y, t, 8));
	ASSERT(count(buf_str(&b), "class=\"tick\"") >= 3);
	ASSERT_STR_CONTAINS(buf_str(&b), ">val_acc</text>");
	ASSERT_STR_CONTAINS(buf_str(&b), ">0.75</text>");
	ASSERT(strstr(buf_str(&b), "nan") == NULL);
	svg_buf_free(&b);
}

TEST(axes_of_a_constant_objective_have_no_nan)
{
	struct svg_scale x, y;
	struct svg_buf b = {0};
	double v[] = {0.5, 0.5};

	svg_scale_fit(&x, v, 1, 0, 60, 1000);
	svg_scale_fit(&y, v, 2, 0, 260, 12);
	svg_axes(&b, &x, &y, NULL, NULL);
	ASSERT(strstr(buf_str(&b), "nan") == NULL);
	ASSERT(count(buf_str(&b), "class=\"grid\"") >= 2);
	svg_buf_free(&b);
}

TEST(log_axis_labels_decades)
{
	struct svg_scale x, y;
	struct svg_buf b = {0};

	svg_scale_init(&x, 1e-4, 1e-1, 1, 60, 1000);
	svg_scale_init(&y, 0, 1, 0, 260, 12);
	svg_axes(&b, &x, &y, "lr (log)", NULL);
	ASSERT_STR_CONTAINS(buf_str(&b), ">0.0001</text>");
	ASSERT_STR_CONTAINS(buf_str(&b), ">0.001</text>");
	ASSERT_STR_CONTAINS(buf_str(&b), ">0.1</text>");
	svg_buf_free(&b);
}

TEST(category_axis_escapes_labels)
{
	static const char *const labels[] = {"adam", "<sgd>"};
	struct svg_scale x, y;
	struct svg_buf b = {0};

	svg_scale_init(&x, -0.5, 1.5, 0, 0, 200);
	svg_scale_init(&y, 0, 1, 0, 100, 0);
	svg_axis_cats(&b, &x, &y, labels, 2, "opt");
	ASSERT_STR_CONTAINS(buf_str(&b), ">adam</text>");
	ASSERT_STR_CONTAINS(buf_str(&b), ">&lt;sgd&gt;</text>");
	ASSERT_STR_CONTAINS(buf_str(&b), "x=\"50.0\"");
	ASSERT_STR_CONTAINS(buf_str(&b), "x=\"150.0\"");
	svg_buf_free(&b);
}

TEST_MAIN(linear_scale_maps_the_ends_and_the_middle, y_axis_runs_upwards,
    log_scale_spaces_decades_evenly, log_scale_cannot_place_zero_or_negatives,
    missing_values_map_to_nan, fit_ignores_missing_and_infinite_values,
    fit_on_log_ignores_non_positive_values, fit_rounds_out_to_decades_on_log,
    fit_rounds_out_to_nice_numbers, no_values_give_a_unit_domain,
    single_trial_sits_inside_a_widened_axis, single_trial_on_log_axis,
    constant_objective_gets_a_usable_axis, constant_zero_objective,
    reversed_and_bad_bounds_are_repaired, padding_widens_both_ends,
    linear_ticks_are_nice_and_inside,
    ticks_stay_within_any_domain_and_budget,
    integer_scale_ticks_whole_numbers, zero_tick_is_exactly_zero,
    log_ticks_are_powers_of_ten, log_ticks_within_a_decade_use_2_and_5,
    labels_are_short, line_breaks_at_a_missing_value,
    isolated_points_become_dots, single_point_line_is_a_dot,
    all_missing_draws_nothing, dots_skip_missing_values,
    best_so_far_is_a_step_line, escape_covers_html_specials, buffer_grows,
    colour_map_ends_and_missing, axes_draw_a_grid_line_per_y_tick,
    axes_of_a_constant_objective_have_no_nan, log_axis_labels_decades,
    category_axis_escapes_labels)
