/*
 * hpsd: the hyperparameter search daemon. Sets up the state directory, the
 * store and the control socket, reloads unfinished studies, then runs the
 * libuv loop until told to stop. Without -f it detaches, and the parent
 * exits only once the socket is listening (or with the reason it is not),
 * so a client that started it can connect at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hps/error.h"
#include "hps/log.h"
#include "hps/paths.h"
#include "hps/version.h"
#include "hpsd.h"

/* OpenBLAS's own thread pool and fork() do not mix, and the daemon's BLAS
 * work (the GP in bayes search) is small: one thread. */
void openblas_set_num_threads(int);

static const char usage[] =
    "usage: hpsd [-f] [--state-dir DIR] [--socket PATH] [--slots N]\n"
    "            [--grace SECONDS] [--log-cap BYTES] [--executor E]\n"
    "            [--gpus LIST] [--track MODE] [--probe-lag] [--debug]\n"
    "       hpsd --version\n"
    "  -f               stay in the foreground, log to stderr\n"
    "  --state-dir DIR  database, logs and trial directories\n"
    "                   (default $HPS_STATE_DIR or ~/.local/state/hpsd)\n"
    "  --socket PATH    control socket (default $HPS_SOCKET or\n"
    "                   $XDG_RUNTIME_DIR/hpsd/hpsd.sock)\n"
    "  --slots N        trials running at once over all studies\n"
    "                   (default: the number of cores)\n"
    "  --grace SECONDS  SIGTERM to SIGKILL delay when stopping a trial (5)\n"
    "  --log-cap BYTES  output kept of each trial's stdout and stderr:\n"
    "                   the first half and the last half (64 MiB)\n"
    "  --probe-lag      measure the event loop's lag (in the ping reply)\n"
    "  --executor E     where trials run unless the space says: local or\n"
    "                   slurm (default local)\n"
    "  --gpus LIST      local GPUs to hand out, e.g. 0,1,2,3 (default: what\n"
    "                   nvidia-smi -L lists)\n"
    "  --track MODE     the most a trial's processes are held with:\n"
    "                   cgroup2, cgroup1 or subreaper (default: the best\n"
    "                   the machine allows)\n"
    "  --debug          log debug messages too\n"
    "  --version        print the version, protocol and schema\n";

struct options {
	int foreground;
	int debug;
	int probe_lag;
	enum track_mode track;
};

static int
parse_args(int argc, char **argv, struct daemon *d, struct options *o)
{
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, 'd'},
		{"socket", required_argument, NULL, 's'},
		{"slots", required_argument, NULL, 'n'},
		{"grace", required_argument, NULL, 'g'},
		{"log-cap", required_argument, NULL, 'L'},
		{"debug", no_argument, NULL, 'D'},
		{"probe-lag", no_argument, NULL, 'P'},
		{"executor", required_argument, NULL, 'x'},
		{"gpus", required_argument, NULL, 'G'},
		{"track", required_argument, NULL, 'T'},
		{"foreground", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			free(d->state_dir);
			d->state_dir = strdup(optarg);
			break;
		case 's':
			free(d->socket_path);
			d->socket_path = strdup(optarg);
			break;
		case 'n':
			d->slots = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || d->slots < 1 || d->slots > 4096) {
				fprintf(stderr, "hpsd: --slots takes a number"
				    " from 1 to 4096\n");
				return 2;
			}
			break;
		case 'g':
			d->grace = strtod(optarg, &end);
			if (*end != '\0' || !(d->grace >= 0)) {
				fprintf(stderr, "hpsd: --grace takes seconds"
				    " (a number >= 0)\n");
				return 2;
			}
			break;
		case 'L':
			d->log_cap = strtoull(optarg, &end, 10);
			if (*end != '\0' || d->log_cap < 4096) {
				fprintf(stderr, "hpsd: --log-cap takes bytes"
				    " (at least 4096)\n");
				return 2;
			}
			break;
		case 'D':
			o->debug = 1;
			break;
		case 'P':
			o->probe_lag = 1;
			break;
		case 'x':
			if (executor_find(optarg) == NULL) {
				fprintf(stderr, "hpsd: --executor is one of"
				    " %s\n", executor_names());
				return 2;
			}
			d->executor = executor_find(optarg)->name;
			break;
		case 'G':
			if (gpu_parse(d, optarg) != 0) {
				fprintf(stderr, "hpsd: --gpus takes device"
				    " numbers, e.g. 0,1,2,3\n");
				return 2;
			}
			break;
		case 'T':
			if (track_mode_parse(optarg, &o->track) != 0) {
				fprintf(stderr, "hpsd: --track is one of"
				    " cgroup2, cgroup1 or subreaper\n");
				return 2;
			}
			break;
		case 'f':
			o->foreground = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case 'V':
			hps_version_print(stdout, "hpsd");
			exit(0);
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
}

static FILE *
open_log(const char *path)
{
	int fd = statedir_open_file(path, O_WRONLY | O_APPEND);
	FILE *fp = fd >= 0 ? fdopen(fd, "a") : NULL;

	if (fp != NULL)
		setvbuf(fp, NULL, _IOLBF, 0);
	else if (fd >= 0)
		close(fd);
	return fp;
}

static void
on_signal(uv_signal_t *h, int signum)
{
	struct daemon *d = h->data;
	FILE *fp;

	if (signum != SIGHUP) {
		log_info("signal %d: shutting down; running trials go on",
		    signum);
		daemon_stop(d, 0);
		return;
	}
	if (d->log_path != NULL && (fp = open_log(d->log_path)) != NULL) {
		hps_log_open(fp, HPS_LOG_INFO);
		log_info("log file reopened");
	}
}

static void
watch_signal(struct daemon *d, uv_signal_t *h, int signum)
{
	uv_signal_init(d->loop, h);
	h->data = d;
	uv_signal_start(h, on_signal, signum);
}

/* Fork; the parent waits for the child's word on the ready pipe, and on
 * an error for the child's exit too, so that the state directory's lock
 * is free once hpsd has said it did not start. */
static int
detach(int *ready_fd)
{
	char msg[HPS_ERRMAX + 1];
	ssize_t n;
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		perror("hpsd");
		return -1;
	}
	if (pid > 0) {
		close(fds[1]);
		n = read(fds[0], msg, sizeof msg - 1);
		if (n == 1 && msg[0] == '\n')
			_exit(0);
		if (n > 0) {
			msg[n] = '\0';
			fprintf(stderr, "hpsd: %s\n", msg);
		}
		waitpid(pid, NULL, 0);
		_exit(1);
	}
	close(fds[0]);
	setsid();
	*ready_fd = fds[1];
	return 0;
}

static void
report_ready(int fd, const char *err)
{
	if (fd < 0) {
		if (err != NULL)
			fprintf(stderr, "hpsd: %s\n", err);
		return;
	}
	if (write(fd, err ? err : "\n", err ? strlen(err) : 1) < 0)
		log_error("reporting readiness: %s", strerror(errno));
	close(fd);
}

/* Point stdio at /dev/null and the log at its file. */
static int
quiet_stdio(struct daemon *d, int debug)
{
	FILE *fp;
	int fd;

	if ((d->log_path = hps_path_join(d->state_dir, "hpsd.log")) == NULL ||
	    (fp = open_log(d->log_path)) == NULL)
		return -1;
	hps_log_open(fp, debug ? HPS_LOG_DEBUG : HPS_LOG_INFO);
	if ((fd = open("/dev/null", O_RDWR)) < 0)
		return -1;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return 0;
}

static int
setup(struct daemon *d, const struct options *o, char *err, size_t errlen)
{
	int rc;

	if (kept_init(d, o->track) != 0)
		return hps_errf(err, errlen, HPS_ENOTFOUND, "cannot run %s"
		    " (it belongs beside hpsd, or in " HPSD_KEEPER_REL " from"
		    " it)", d->keeper ? d->keeper : KEEPER_NAME);
	if ((rc = statedir_open_store(d, err, errlen)) != 0 ||
	    (rc = server_start(d, err, errlen)) != 0)
		return rc;
	study_load_all(d);
	return 0;
}

static void
teardown(struct daemon *d)
{
	struct study *s;

	while ((s = TAILQ_FIRST(&d->studies)) != NULL) {
		TAILQ_REMOVE(&d->studies, s, entry);
		study_free(s);
	}
	reader_close(d);
	if (d->store != NULL) {
		hps_store_on_commit(d->store, NULL, NULL);
		disk_check(d, hps_store_checkpoint(d->store, 1),
		    "checkpointing the database");
		hps_store_close(d->store);
	}
	free(d->state_dir);
	free(d->socket_path);
	free(d->log_path);
	free(d->keeper_buf);
}

/* The state directory and the socket path, checked before anything is
 * made: 0, or 2 (a usage error) with the message printed. */
static int
check_paths(struct daemon *d)
{
	char err[HPS_ERRMAX];

	if (d->state_dir == NULL) {
		fprintf(stderr, "hpsd: no home directory for the state; pass"
		    " --state-dir DIR (or set HPS_STATE_DIR)\n");
		return 2;
	}
	if (d->socket_path == NULL)
		d->socket_path = hps_default_socket(d->state_dir);
	if (sockpath_check_length(d->socket_path, err, sizeof err) != 0) {
		fprintf(stderr, "hpsd: %s\n", err);
		return 2;
	}
	return 0;
}

/* Clients, trials and the store each hold descriptors: take what the
 * hard limit allows. */
static void
more_files(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Start, serve until told to stop; 0, or 1 when it could not start. */
static int
run(struct daemon *d, const struct options *o)
{
	char err[HPS_ERRMAX];
	int ready_fd = -1;

	if (!o->foreground && detach(&ready_fd) != 0)
		return 1;
	if (statedir_open(d, err, sizeof err) != 0) {
		report_ready(ready_fd, err);
		return 1;
	}
	if (o->debug)
		hps_log_open(stderr, HPS_LOG_DEBUG);
	if (!o->foreground && quiet_stdio(d, o->debug) != 0) {
		report_ready(ready_fd, "cannot open the log file");
		return 1;
	}
	d->loop = uv_default_loop();
	if (setup(d, o, err, sizeof err) != 0) {
		log_error("%s", err);
		report_ready(ready_fd, err);
		return 1;
	}
	daemon_init(d);
	hook_replay_all(d);
	watch_signal(d, &d->sig_term, SIGTERM);
	watch_signal(d, &d->sig_int, SIGINT);
	watch_signal(d, &d->sig_hup, SIGHUP);
	sched_kick(d);
	if (o->probe_lag)
		lag_start(d);
	log_info("hpsd %d listening on %s (state in %s, %d slots)",
	    (int)getpid(), d->socket_path, d->state_dir, d->slots);
	report_ready(ready_fd, NULL);
	notify_ready();
	uv_run(d->loop, UV_RUN_DEFAULT);
	log_info("hpsd stopped");
	return 0;
}

int
main(int argc, char **argv)
{
	struct daemon d;
	struct options o = {0, 0, 0, TRACK_CGROUP2};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	memset(&d, 0, sizeof d);
	TAILQ_INIT(&d.studies);
	d.slots = cores > 0 ? (int)cores : 1;
	d.grace = 5;
	d.executor = "local";
	d.log_cap = 64ULL << 20;
	d.state_dir = hps_default_state_dir();
	if ((rc = parse_args(argc, argv, &d, &o)) == 0 &&
	    (rc = check_paths(&d)) == 0) {
		more_files();
		/* Big replies are built and freed in one piece: give their
		 * memory back to the system at once, not keep it for good. */
		mallopt(M_MMAP_THRESHOLD, 256 * 1024);
		if (d.ngpus == 0)
			gpu_detect(&d);
		signal(SIGPIPE, SIG_IGN);
		openblas_set_num_threads(1);
		rc = run(&d, &o);
	}
	teardown(&d);
	if (d.loop != NULL)
		uv_loop_close(d.loop);
	return rc;
}
