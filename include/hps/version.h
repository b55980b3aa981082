/*
 * The version hps and hpsd report: the project's version from CMake, with
 * git's description of the checkout it was built from (when it was), and
 * the versions of the socket protocol and database schema it speaks.
 */
#ifndef HPS_VERSION_H
#define HPS_VERSION_H

#include <stdio.h>

/* "0.1.0", or "0.1.0 (git 6aa04f2-dirty)"; static storage. */
const char *hps_version(void);
/* "PROG VERSION" and a line with the protocol and schema versions. */
void hps_version_print(FILE *fp, const char *prog);

#endif
