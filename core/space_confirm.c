/*
 * confirm: {top: 3, repeats: 3} in the space file: once the budget is
 * spent, the top configurations run again with other seeds (HPS_SEED,
 * {seed}), and hps best ranks them by the mean of their runs. Checked
 * here with file:line:column messages; the daemon acts on it
 * (daemon/confirm.c).
 */
#include "hps/error.h"
#include "space_int.h"

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

static int
confirm_top(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_long(c, n, "top", 1, HPS_CONFIRM_MAX,
	    &c->sp->confirm.top);
}

static int
confirm_repeats(struct hps__pctx *c, const struct hps__ynode *n)
{
	return hps__space_node_long(c, n, "repeats", 1, HPS_CONFIRM_MAX,
	    &c->sp->confirm.repeats);
}

static const struct hps__key confirm_keys[] = {
	{"top", confirm_top, 0, NULL},
	{"repeats", confirm_repeats, 0, NULL},
};

/* What confirm: needs from the rest of the file, read above it. */
static int
confirm_fits(struct hps__pctx *c, const struct hps__ynode *n)
{
	const struct hps_space *sp = c->sp;
	int rc;

	if ((rc = hps__space_needs_metric(c, n, "confirm")) != 0)
		return rc;
	if (sp->trials <= 0 && !hps_space_grid(sp))
		return hps__space_node_err(c, n, "confirm runs its repeats "
		    "when budget.trials is spent, and this study is "
		    "open-ended; add budget: {trials: N}");
	if (hps_space_find(sp, HPS_SEED_NAME) >= 0)
		return hps__space_node_err(c, n, "confirm gives each repeat "
		    "its seed as {seed} and HPS_SEED, and a parameter is "
		    "called seed; rename that parameter");
	return 0;
}

int
hps__space_confirm(struct hps__pctx *c, const struct hps__ynode *n)
{
	struct hps_confirm *cf = &c->sp->confirm;
	int rc;

	if ((rc = confirm_fits(c, n)) != 0)
		return rc;
	cf->top = 3;
	cf->repeats = 3;
	if (n->type != HPS__Y_MAP)
		return hps__space_node_err(c, n, "confirm must be a mapping "
		    "like {top: 3, repeats: 3}");
	return hps__space_node_dispatch(c, n, "confirm", confirm_keys,
	    NWORDS(confirm_keys));
}
