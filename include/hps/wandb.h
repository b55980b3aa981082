/*
 * W&B sweep files: recognising one and translating it into an hpsd space
 * file, so a sweep.yaml written for `wandb sweep` runs unchanged under
 * `hps submit` and `hps convert` shows what it became.
 *
 * The translation keeps W&B's meaning or refuses: everything hpsd cannot
 * honour exactly is an error at the W&B file's line and column that names
 * the field and what to write instead, and every remaining difference
 * (python3 for ${interpreter}, what W&B ignores, ...) is said in a
 * comment of the translated text. See README.md, "W&B sweeps".
 */
#ifndef HPS_WANDB_H
#define HPS_WANDB_H

#include <stddef.h>

#include "hps/space.h"

/*
 * 1 when text looks like a W&B sweep rather than an hpsd space file: a
 * mapping with a top-level key only W&B has (program, run_cap,
 * early_terminate, controller, job, image_uri, scheduler, metrics), a
 * command list with an item that is one of W&B's macros (${env},
 * ${program}, ${args}, ...), a parameter that uses distribution: or
 * nested parameters:, or parameters with a method or metric and only
 * keys both formats have, no parameter with hpsd's type: and no command
 * but a list of words without hpsd's {placeholders}. 0 otherwise, also
 * for text that is not YAML (hps_space_parse then says why).
 */
int hps_wandb_is_sweep(const char *text, size_t len);

/*
 * Translate a W&B sweep into hpsd space-file YAML. path names the file in
 * messages and in the header comment, and its directory is the workdir
 * (as for any space file); the result always passes hps_space_parse with
 * that path. *yaml_out is malloc'ed and NUL-terminated (the caller frees
 * it). HPS_EPARSE with "path:line:column: ..." in err, or HPS_ENOMEM;
 * *yaml_out is then NULL.
 */
int hps_wandb_translate(const char *path, const char *text, size_t len,
    char **yaml_out, char *err, size_t errlen);

/*
 * W&B's run config file (wandb_config: in a space file): the text of
 * "wandb_version: 1" and each parameter as name: {value: v}, dotted names
 * nested under sp->wandb_config nested, that PyYAML reads back to vals
 * (one value per sp->params). Malloc'ed; NULL when out of memory.
 */
char *hps_wandb_config_text(const struct hps_space *sp,
    const struct hps_value *vals);
/* The file in a trial directory, which WANDB_SWEEP_PARAM_PATH names. */
#define HPS_WANDB_CONFIG_FILE "wandb-config.yaml"
/* Write it as dir/HPS_WANDB_CONFIG_FILE: 0, HPS_EIO or HPS_ENOMEM. */
int hps_wandb_config_write(const struct hps_space *sp,
    const struct hps_value *vals, const char *dir);

#endif
