/*
 * Conditional spaces for the strategy tests, parsed from a space file's
 * text (when: and per: are only ever built by the parser), and the checks
 * every proposal must pass: each parameter has a value exactly when it
 * applies, and every constraint holds.
 */
#ifndef HPS_COND_FIXTURE_H
#define HPS_COND_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "hps/error.h"
#include "hps/search.h"
#include "hps/space.h"
#include "test.h"

/* The issue's space: an optimizer with its own knobs, a per-layer list
 * and two constraints. */
#define COND_ISSUE                                                            \
	"parameters:\n"                                                       \
	"  optimizer: {values: [sgd, adam, rmsprop]}\n"                       \
	"  momentum: {type: float, min: 0.0, max: 0.99, when: "               \
	"{optimizer: sgd}}\n"                                                 \
	"  beta2: {type: float, min: 0.9, max: 0.9999, when: {optimizer: "    \
	"[adam, rmsprop]}}\n"                                                 \
	"  layers: {type: int, min: 1, max: 4}\n"                             \
	"  units: {type: int, min: 32, max: 1024, log: true, per: layers}\n"  \
	"  dropout: {type: float, min: 0.0, max: 0.5, per: layers}\n"         \
	"constraints:\n"                                                      \
	"  - sum(units) <= 2048\n"                                            \
	"  - units[1] >= units[2]\n"

/* A study's file around body (parameters: and more) for method. */
static inline struct hps_space *
cond_space(const char *method, uint64_t seed, const char *body)
{
	struct hps_space *sp = NULL;
	char text[8192], err[HPS_ERRMAX];

	snprintf(text, sizeof text, "name: t\ncommand: ./train\n"
	    "metric: {name: loss, goal: minimize}\nmethod: %s\nseed: %llu\n"
	    "%s", method, (unsigned long long)seed, body);
	if (hps_space_parse(HPS_TEST_DATA "/space/inline.yaml", text,
	    strlen(text), &sp, err, sizeof err) != 0)
		TEST_FAIL_("parse failed: %s", err);
	return sp;
}

/* A proposal must be valid: active exactly where it applies, within
 * every constraint. */
static inline void
cond_check(const struct hps_space *sp, const struct hps_value *v)
{
	size_t i;

	for (i = 0; i < sp->nparams; i++)
		if (hps_space_active(sp, v, i) != (v[i].kind != HPS_V_NONE))
			TEST_FAIL_("%s is %s but %s", sp->params[i].name,
			    v[i].kind == HPS_V_NONE ? "inactive" : "active",
			    hps_space_active(sp, v, i) ? "applies" :
			    "does not apply");
	if (!hps_space_feasible(sp, v))
		TEST_FAIL_("a proposal breaks a constraint");
}

#endif
