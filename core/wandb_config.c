/*
 * W&B's run config file for a trial: what `wandb agent` writes before it
 * starts a run, and what wandb.init() loads into wandb.config when
 * WANDB_SWEEP_PARAM_PATH names it (wandb/wandb: wandb_agent.py writes it
 * with config_util.save_config_file_from_dict, wandb_setup.py reads it).
 * The format is "wandb_version: 1", a blank line, then each parameter as
 * `name: {value: v}` in block style; a nested parameter's value is the
 * mapping of its children, and a list (or anything in one) is in flow
 * style. The text is YAML that PyYAML, which wandb uses,
 * reads back to exactly the trial's values: floats as Python writes them
 * (1.0e-05, 3.0), and strings quoted where YAML 1.1 would read them as
 * something else (yes, 010, 1e-5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hps/wandb.h"
#include "wandb_int.h"

/*
 * A float as PyYAML writes one: Python's repr (hps_value_format's text
 * with the ".0" Python keeps), and "1.0e-05" where repr has no point.
 */
static void
put_float(FILE *fp, double x)
{
	struct hps_value v = {HPS_V_FLOAT, x, NULL};
	char buf[64];
	size_t e;

	hps_value_format(&v, buf, sizeof buf);
	if (strchr(buf, '.') != NULL) {
		fputs(buf, fp);
		return;
	}
	e = strcspn(buf, "e");
	fprintf(fp, "%.*s.0%s", (int)e, buf, buf + e);
}

static void put_node(FILE *fp, json_t *v, int depth);

/* A scalar, or a list or mapping in flow style ([1, {a: 2.0}]). */
static void
put_flow(FILE *fp, json_t *v)
{
	const char *key, *sep = "";
	json_t *kid;
	size_t i;

	if (json_is_array(v)) {
		fputc('[', fp);
		json_array_foreach(v, i, kid) {
			fputs(i > 0 ? ", " : "", fp);
			put_flow(fp, kid);
		}
		fputc(']', fp);
	} else if (json_is_object(v)) {
		fputc('{', fp);
		json_object_foreach(v, key, kid) {
			fputs(sep, fp);
			hps__wandb_put_str(fp, key);
			fputs(": ", fp);
			put_flow(fp, kid);
			sep = ", ";
		}
		fputc('}', fp);
	} else if (json_is_integer(v))
		fprintf(fp, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		put_float(fp, json_real_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "true" : "false", fp);
	else if (json_is_null(v))
		fputs("null", fp);
	else
		hps__wandb_put_str(fp, json_string_value(v));
}

/* A mapping's members, one a line at depth. */
static void
put_members(FILE *fp, json_t *obj, int depth)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		fprintf(fp, "%*s", 2 * depth, "");
		hps__wandb_put_str(fp, key);
		fputc(':', fp);
		put_node(fp, v, depth + 1);
	}
}

/* A value after its key's colon: a scalar, a list or mapping in flow
 * style, or a block mapping below. */
static void
put_node(FILE *fp, json_t *v, int depth)
{
	if (json_is_object(v) && json_object_size(v) > 0) {
		fputc('\n', fp);
		put_members(fp, v, depth);
		return;
	}
	fputc(' ', fp);
	put_flow(fp, v);
	fputc('\n', fp);
}

/* The parameters by name, nested or not, each under {value: ...}. */
static json_t *
config_object(const struct hps_space *sp, const struct hps_value *vals)
{
	json_t *obj, *wrapped = json_object(), *v;
	const char *key;

	obj = sp->wandb_config == HPS_WANDB_CONFIG_NESTED ?
	    hps_space_params_nested(sp, vals) : hps_space_params_json(sp, vals);
	if (obj == NULL || wrapped == NULL) {
		json_decref(obj);
		json_decref(wrapped);
		return NULL;
	}
	json_object_foreach(obj, key, v)
		json_object_set_new(wrapped, key, json_pack("{s:O}", "value",
		    v));
	json_decref(obj);
	return wrapped;
}

char *
hps_wandb_config_text(const struct hps_space *sp,
    const struct hps_value *vals)
{
	json_t *obj = config_object(sp, vals);
	char *text = NULL;
	size_t len;
	FILE *fp;

	if (obj == NULL || (fp = open_memstream(&text, &len)) == NULL) {
		json_decref(obj);
		return NULL;
	}
	fputs("wandb_version: 1\n", fp);
	if (json_object_size(obj) > 0) {
		fputc('\n', fp);
		put_members(fp, obj, 0);
	}
	json_decref(obj);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int
hps_wandb_config_write(const struct hps_space *sp,
    const struct hps_value *vals, const char *dir)
{
	char path[4096], *text;
	FILE *fp;
	int rc = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
	    HPS_WANDB_CONFIG_FILE) >= sizeof path)
		return HPS_EIO;
	if ((text = hps_wandb_config_text(sp, vals)) == NULL)
		return HPS_ENOMEM;
	if ((fp = fopen(path, "we")) == NULL)
		rc = HPS_EIO;
	else if (fputs(text, fp) == EOF)
		rc = HPS_EIO;
	if (fp != NULL && fclose(fp) != 0)
		rc = HPS_EIO;
	free(text);
	return rc;
}
