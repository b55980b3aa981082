/*
 * Parsing space-file texts in the unit tests: parse_ok, parse_err and
 * EXPECT_ERR (an error at an exact file:line:column), for texts that
 * claim to live in tests/data/space.
 */
#ifndef HPS_PARSE_FIXTURE_H
#define HPS_PARSE_FIXTURE_H

#include "hps/error.h"
#include "hps/space.h"
#include "test.h"

#define SPACE_DIR HPS_TEST_DATA "/space"
/* Inline texts claim to live here; only the directory has to exist. */
#define INLINE SPACE_DIR "/inline.yaml"

static inline int
parse_err(const char *text, char *err, size_t len)
{
	struct hps_space *sp = (struct hps_space *)1;
	int rc;

	err[0] = '\0';
	rc = hps_space_parse(INLINE, text, strlen(text), &sp, err, len);
	if (rc != 0 && sp != NULL)
		TEST_FAIL_("failed parse left *out set");
	if (rc == 0)
		hps_space_free(sp);
	return rc;
}

static inline struct hps_space *
parse_ok(const char *text)
{
	struct hps_space *sp = NULL;
	char err[HPS_ERRMAX];

	if (hps_space_parse(INLINE, text, strlen(text), &sp, err,
	    sizeof err) != 0)
		TEST_FAIL_("parse failed: %s", err);
	return sp;
}

/* text fails to parse with "INLINE:pos: ..." containing words. */
#define EXPECT_ERR(text, pos, words)                                          \
	do {                                                                  \
		char err_[HPS_ERRMAX];                                        \
		const char *want_ = INLINE ":" pos ": ";                      \
		ASSERT_EQ(parse_err((text), err_, sizeof err_), HPS_EPARSE);  \
		if (strncmp(err_, want_, strlen(want_)) != 0)                 \
			TEST_FAIL_("error \"%s\" does not start with \"%s\"", \
			    err_, want_);                                     \
		ASSERT_STR_CONTAINS(err_, (words));                           \
	} while (0)

#endif
