/*
 * The trivial trial of bench/overhead: prints "value=<its argument>" and
 * exits 0, so that what is measured is the cost of running a trial, not
 * the trial itself. Built by ./run with cc -O2; not part of the CMake build.
 */
#include <stdio.h>

int
main(int argc, char **argv)
{
	printf("value=%s\n", argc > 1 ? argv[1] : "0");
	return 0;
}
