/*
 * Checkpoints: the trainer's whole state in one file, DIR/mlp.ckpt, made
 * of regions the trainer lists (its weights, optimizer state, random
 * streams, counters...). The file is replaced atomically — written to
 * DIR/.mlp.ckpt.tmp, synced, then renamed over the old one — so a kill at
 * any moment leaves the last whole checkpoint, never a torn one.
 */
#ifndef MLP_CKPT_H
#define MLP_CKPT_H

#include <stddef.h>
#include <stdint.h>

#define CKPT_FILE "mlp.ckpt"

/* A run of bytes of the state. */
struct ckpt_region {
	void *p;
	size_t n;
};

/*
 * Write the regions, in order, with the configuration's fingerprint (a
 * checkpoint resumes only the configuration that wrote it). 0, or -1 with
 * a message.
 */
int ckpt_save(const char *dir, uint64_t fingerprint,
    const struct ckpt_region *r, size_t nr, char *err, size_t errlen);

/*
 * Read a checkpoint into the regions: 0 when loaded, 1 when dir has none,
 * -1 with a message when it is damaged or of another configuration (the
 * regions are then partly overwritten).
 */
int ckpt_load(const char *dir, uint64_t fingerprint,
    const struct ckpt_region *r, size_t nr, char *err, size_t errlen);

/* FNV-1a over n bytes, continuing from h (start with CKPT_FNV_INIT). */
#define CKPT_FNV_INIT 0xcbf29ce484222325ULL
uint64_t ckpt_hash(uint64_t h, const void *p, size_t n);

#endif
