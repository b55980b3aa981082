/* Unit tests for core/text.c: where text stops being UTF-8, and copies
 * of untrusted strings that are safe on a terminal. */
#include "hps/text.h"
#include "test.h"

#define CHECK_BAD(s, l, c, w)                                                 \
	do {                                                                  \
		int line_, col_;                                              \
		const char *why_ = NULL;                                      \
		ASSERT_EQ(hps_text_check((s), sizeof(s) - 1, &line_, &col_,   \
		    &why_), 1);                                               \
		ASSERT_EQ(line_, (l));                                        \
		ASSERT_EQ(col_, (c));                                         \
		ASSERT_STR_EQ(why_, (w));                                     \
	} while (0)

TEST(check_accepts_utf8)
{
	static const char ok[] =
	    "name: caf\xc3\xa9\n\xe2\x82\xac \xf0\x9f\x98\x80\n";
	int line, col;
	const char *why;

	ASSERT_EQ(hps_text_check(ok, sizeof ok - 1, &line, &col, &why), 0);
}

TEST(check_names_the_place)
{
	static const char bad[] = "a byte that is not UTF-8";

	CHECK_BAD("ab\ncd\0e", 2, 3, "a NUL byte");
	CHECK_BAD("x\n\xc3\xa9\xff", 2, 2, bad);
	CHECK_BAD("\xc0\xaf", 1, 1, bad);		/* overlong */
	CHECK_BAD("a\xed\xa0\x80", 1, 2, bad);	/* a surrogate */
	CHECK_BAD("\xf4\x90\x80\x80", 1, 1, bad);	/* past U+10FFFF */
	CHECK_BAD("ab\xe2\x82", 1, 3, bad);		/* cut short */
}

TEST(visible_escapes_controls)
{
	char buf[64];

	ASSERT_EQ(hps_text_visible("a\x1b[31mred\x07", buf, sizeof buf), 16);
	ASSERT_STR_EQ(buf, "a\\x1b[31mred\\x07");
	hps_text_visible("caf\xc3\xa9 \xc2\x9b" "2J\xff", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "caf\xc3\xa9 \\xc2\\x9b2J\\xff");
	hps_text_visible("tab\there\r\n", buf, sizeof buf);
	ASSERT_STR_EQ(buf, "tab\\x09here\\x0d\\x0a");
}

TEST(visible_truncates_whole_pieces)
{
	char buf[6];

	ASSERT_EQ(hps_text_visible("ab\x1b" "cd", buf, sizeof buf), 8);
	ASSERT_STR_EQ(buf, "ab");
	ASSERT_EQ(hps_text_visible("\xc3\xa9\xc3\xa9\xc3\xa9", buf, 6), 6);
	ASSERT_STR_EQ(buf, "\xc3\xa9\xc3\xa9");
}

TEST_MAIN(check_accepts_utf8, check_names_the_place, visible_escapes_controls,
    visible_truncates_whole_pieces)
