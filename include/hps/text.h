/*
 * Text that comes from outside and goes to a person: where a file stops
 * being UTF-8 text (so the refusal can name the line and column), and
 * copies of untrusted strings that are safe to print on a terminal.
 */
#ifndef HPS_TEXT_H
#define HPS_TEXT_H

#include <stddef.h>

/*
 * 0 when s[0..len) is UTF-8 without NUL bytes. Otherwise 1, with the
 * 1-based line and column (in characters) of the first bad byte and *why
 * ("a NUL byte", "a byte that is not UTF-8").
 */
int hps_text_check(const char *s, size_t len, int *line, int *col,
    const char **why);

/*
 * 1 when s[0..len) is UTF-8 without control characters (C0, DEL, C1) or
 * NUL bytes: text that prints as itself.
 */
int hps_text_printable(const char *s, size_t len);

/*
 * s for a terminal, like snprintf into buf: control characters (C0, DEL,
 * C1) and bytes that are not UTF-8 become \xHH, so a value can never move
 * the cursor, recolour or retitle the terminal. Returns the length the
 * whole copy needs.
 */
size_t hps_text_visible(const char *s, char *buf, size_t len);

#endif
