/*
 * A tiny test harness after libuv's: one small function per behaviour,
 * typed assertions that print both sides, and every test case run in its
 * own process with a timeout so a crash or a hang fails only that case.
 *
 *   TEST(parses_floats) { ASSERT_EQ_DBL(f(), 1.5, 1e-12); }
 *   TEST_MAIN(parses_floats, ...)
 *
 * `./test_x` runs all cases; `./test_x NAME` runs one in-process (for gdb).
 */
#ifndef HPS_TEST_H
#define HPS_TEST_H

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST(name) static void test_##name(void)

#define TEST_FAIL_(...)                                                       \
	do {                                                                  \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);               \
		fprintf(stderr, __VA_ARGS__);                                 \
		fputc('\n', stderr);                                          \
		abort();                                                      \
	} while (0)

#define ASSERT(c)                                                             \
	do {                                                                  \
		if (!(c))                                                     \
			TEST_FAIL_("assertion failed: %s", #c);               \
	} while (0)

#define ASSERT_EQ(a, b)                                                       \
	do {                                                                  \
		long long a_ = (long long)(a), b_ = (long long)(b);           \
		if (a_ != b_)                                                 \
			TEST_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)

#define ASSERT_NE(a, b)                                                       \
	do {                                                                  \
		long long a_ = (long long)(a), b_ = (long long)(b);           \
		if (a_ == b_)                                                 \
			TEST_FAIL_("%s != %s: both %lld", #a, #b, a_);        \
	} while (0)

#define ASSERT_EQ_DBL(a, b, tol)                                              \
	do {                                                                  \
		double a_ = (a), b_ = (b);                                    \
		if (!(fabs(a_ - b_) <= (tol)))                                \
			TEST_FAIL_("%s == %s: %.17g != %.17g (tol %g)", #a,   \
			    #b, a_, b_, (double)(tol));                       \
	} while (0)

#define ASSERT_STR_EQ(a, b)                                                   \
	do {                                                                  \
		const char *a_ = (a), *b_ = (b);                              \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)          \
			TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,      \
			    a_ ? a_ : "(null)", b_ ? b_ : "(null)");          \
	} while (0)

#define ASSERT_STR_CONTAINS(hay, needle)                                      \
	do {                                                                  \
		const char *h_ = (hay), *n_ = (needle);                       \
		if (h_ == NULL || strstr(h_, n_) == NULL)                     \
			TEST_FAIL_("%s contains \"%s\": \"%s\"", #hay, n_,    \
			    h_ ? h_ : "(null)");                              \
	} while (0)

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_ENTRY_(name) {#name, test_##name},

/*
 * Seconds each case may run (override with HPS_TEST_TIMEOUT). The bound
 * only catches a hang: under the sanitizers on a loaded machine the
 * slowest cases (test_bayes) take ten times their usual 5 s.
 */
#define TEST_TIMEOUT 300

static int
test_run_one_(const struct test_case *t)
{
	const char *env = getenv("HPS_TEST_TIMEOUT");
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		alarm(env ? (unsigned)atoi(env) : TEST_TIMEOUT);
		t->fn();
		fflush(NULL);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("fork/waitpid");
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok     %s\n", t->name);
		return 0;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		printf("FAIL   %s (timed out)\n", t->name);
	else if (WIFSIGNALED(status))
		printf("FAIL   %s (signal %d)\n", t->name, WTERMSIG(status));
	else
		printf("FAIL   %s (exit %d)\n", t->name, WEXITSTATUS(status));
	return 1;
}

static int
test_main_(const struct test_case *cases, size_t n, int argc, char **argv)
{
	size_t i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1) {
		for (i = 0; i < n; i++) {
			if (strcmp(cases[i].name, argv[1]) == 0) {
				cases[i].fn();
				return 0;
			}
		}
		fprintf(stderr, "no test named %s\n", argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++)
		failed += test_run_one_(&cases[i]);
	printf("%zu passed, %zu failed\n", n - failed, failed);
	return failed ? 1 : 0;
}

/*
 * TEST_MAIN(a, b, c) defines main() running test_a, test_b, test_c.
 * Up to 64 cases per file; split a file that needs more.
 */
#define TEST_MAP_1_(M, x) M(x)
#define TEST_MAP_2_(M, x, ...) M(x) TEST_MAP_1_(M, __VA_ARGS__)
#define TEST_MAP_3_(M, x, ...) M(x) TEST_MAP_2_(M, __VA_ARGS__)
#define TEST_MAP_4_(M, x, ...) M(x) TEST_MAP_3_(M, __VA_ARGS__)
#define TEST_MAP_5_(M, x, ...) M(x) TEST_MAP_4_(M, __VA_ARGS__)
#define TEST_MAP_6_(M, x, ...) M(x) TEST_MAP_5_(M, __VA_ARGS__)
#define TEST_MAP_7_(M, x, ...) M(x) TEST_MAP_6_(M, __VA_ARGS__)
#define TEST_MAP_8_(M, x, ...) M(x) TEST_MAP_7_(M, __VA_ARGS__)
#define TEST_MAP_9_(M, x, ...) M(x) TEST_MAP_8_(M, __VA_ARGS__)
#define TEST_MAP_10_(M, x, ...) M(x) TEST_MAP_9_(M, __VA_ARGS__)
#define TEST_MAP_11_(M, x, ...) M(x) TEST_MAP_10_(M, __VA_ARGS__)
#define TEST_MAP_12_(M, x, ...) M(x) TEST_MAP_11_(M, __VA_ARGS__)
#define TEST_MAP_13_(M, x, ...) M(x) TEST_MAP_12_(M, __VA_ARGS__)
#define TEST_MAP_14_(M, x, ...) M(x) TEST_MAP_13_(M, __VA_ARGS__)
#define TEST_MAP_15_(M, x, ...) M(x) TEST_MAP_14_(M, __VA_ARGS__)
#define TEST_MAP_16_(M, x, ...) M(x) TEST_MAP_15_(M, __VA_ARGS__)
#define TEST_MAP_17_(M, x, ...) M(x) TEST_MAP_16_(M, __VA_ARGS__)
#define TEST_MAP_18_(M, x, ...) M(x) TEST_MAP_17_(M, __VA_ARGS__)
#define TEST_MAP_19_(M, x, ...) M(x) TEST_MAP_18_(M, __VA_ARGS__)
#define TEST_MAP_20_(M, x, ...) M(x) TEST_MAP_19_(M, __VA_ARGS__)
#define TEST_MAP_21_(M, x, ...) M(x) TEST_MAP_20_(M, __VA_ARGS__)
#define TEST_MAP_22_(M, x, ...) M(x) TEST_MAP_21_(M, __VA_ARGS__)
#define TEST_MAP_23_(M, x, ...) M(x) TEST_MAP_22_(M, __VA_ARGS__)
#define TEST_MAP_24_(M, x, ...) M(x) TEST_MAP_23_(M, __VA_ARGS__)
#define TEST_MAP_25_(M, x, ...) M(x) TEST_MAP_24_(M, __VA_ARGS__)
#define TEST_MAP_26_(M, x, ...) M(x) TEST_MAP_25_(M, __VA_ARGS__)
#define TEST_MAP_27_(M, x, ...) M(x) TEST_MAP_26_(M, __VA_ARGS__)
#define TEST_MAP_28_(M, x, ...) M(x) TEST_MAP_27_(M, __VA_ARGS__)
#define TEST_MAP_29_(M, x, ...) M(x) TEST_MAP_28_(M, __VA_ARGS__)
#define TEST_MAP_30_(M, x, ...) M(x) TEST_MAP_29_(M, __VA_ARGS__)
#define TEST_MAP_31_(M, x, ...) M(x) TEST_MAP_30_(M, __VA_ARGS__)
#define TEST_MAP_32_(M, x, ...) M(x) TEST_MAP_31_(M, __VA_ARGS__)
#define TEST_MAP_33_(M, x, ...) M(x) TEST_MAP_32_(M, __VA_ARGS__)
#define TEST_MAP_34_(M, x, ...) M(x) TEST_MAP_33_(M, __VA_ARGS__)
#define TEST_MAP_35_(M, x, ...) M(x) TEST_MAP_34_(M, __VA_ARGS__)
#define TEST_MAP_36_(M, x, ...) M(x) TEST_MAP_35_(M, __VA_ARGS__)
#define TEST_MAP_37_(M, x, ...) M(x) TEST_MAP_36_(M, __VA_ARGS__)
#define TEST_MAP_38_(M, x, ...) M(x) TEST_MAP_37_(M, __VA_ARGS__)
#define TEST_MAP_39_(M, x, ...) M(x) TEST_MAP_38_(M, __VA_ARGS__)
#define TEST_MAP_40_(M, x, ...) M(x) TEST_MAP_39_(M, __VA_ARGS__)
#define TEST_MAP_41_(M, x, ...) M(x) TEST_MAP_40_(M, __VA_ARGS__)
#define TEST_MAP_42_(M, x, ...) M(x) TEST_MAP_41_(M, __VA_ARGS__)
#define TEST_MAP_43_(M, x, ...) M(x) TEST_MAP_42_(M, __VA_ARGS__)
#define TEST_MAP_44_(M, x, ...) M(x) TEST_MAP_43_(M, __VA_ARGS__)
#define TEST_MAP_45_(M, x, ...) M(x) TEST_MAP_44_(M, __VA_ARGS__)
#define TEST_MAP_46_(M, x, ...) M(x) TEST_MAP_45_(M, __VA_ARGS__)
#define TEST_MAP_47_(M, x, ...) M(x) TEST_MAP_46_(M, __VA_ARGS__)
#define TEST_MAP_48_(M, x, ...) M(x) TEST_MAP_47_(M, __VA_ARGS__)
#define TEST_MAP_49_(M, x, ...) M(x) TEST_MAP_48_(M, __VA_ARGS__)
#define TEST_MAP_50_(M, x, ...) M(x) TEST_MAP_49_(M, __VA_ARGS__)
#define TEST_MAP_51_(M, x, ...) M(x) TEST_MAP_50_(M, __VA_ARGS__)
#define TEST_MAP_52_(M, x, ...) M(x) TEST_MAP_51_(M, __VA_ARGS__)
#define TEST_MAP_53_(M, x, ...) M(x) TEST_MAP_52_(M, __VA_ARGS__)
#define TEST_MAP_54_(M, x, ...) M(x) TEST_MAP_53_(M, __VA_ARGS__)
#define TEST_MAP_55_(M, x, ...) M(x) TEST_MAP_54_(M, __VA_ARGS__)
#define TEST_MAP_56_(M, x, ...) M(x) TEST_MAP_55_(M, __VA_ARGS__)
#define TEST_MAP_57_(M, x, ...) M(x) TEST_MAP_56_(M, __VA_ARGS__)
#define TEST_MAP_58_(M, x, ...) M(x) TEST_MAP_57_(M, __VA_ARGS__)
#define TEST_MAP_59_(M, x, ...) M(x) TEST_MAP_58_(M, __VA_ARGS__)
#define TEST_MAP_60_(M, x, ...) M(x) TEST_MAP_59_(M, __VA_ARGS__)
#define TEST_MAP_61_(M, x, ...) M(x) TEST_MAP_60_(M, __VA_ARGS__)
#define TEST_MAP_62_(M, x, ...) M(x) TEST_MAP_61_(M, __VA_ARGS__)
#define TEST_MAP_63_(M, x, ...) M(x) TEST_MAP_62_(M, __VA_ARGS__)
#define TEST_MAP_64_(M, x, ...) M(x) TEST_MAP_63_(M, __VA_ARGS__)
#define TEST_NARG_(...)                                                       \
	TEST_NARG2_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54,  \
	    53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38,   \
	    37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22,   \
	    21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5,   \
	    4, 3, 2, 1)
#define TEST_NARG2_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13,  \
	    _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26,  \
	    _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39,  \
	    _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52,  \
	    _53, _54, _55, _56, _57, _58, _59, _60, _61, _62, _63, _64, N,    \
	    ...)                                                              \
	N
#define TEST_CAT_(a, b) TEST_CAT2_(a, b)
#define TEST_CAT2_(a, b) a##b
#define TEST_MAP_(M, ...)                                                     \
	TEST_CAT_(TEST_CAT_(TEST_MAP_, TEST_NARG_(__VA_ARGS__)), _)           \
	(M, __VA_ARGS__)

#define TEST_MAIN(...)                                                        \
	int main(int argc, char **argv)                                       \
	{                                                                     \
		static const struct test_case cases_[] = {                   \
		    TEST_MAP_(TEST_ENTRY_, __VA_ARGS__)};                     \
		return test_main_(cases_, sizeof cases_ / sizeof cases_[0],   \
		    argc, argv);                                              \
	}

#endif
