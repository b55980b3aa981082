/*
 * Local GPU slots: `hpsd --gpus 0,1,2,3` (or what `nvidia-smi -L` lists)
 * makes GPUs a resource. A local trial whose executor asks for gpus: N
 * gets CUDA_VISIBLE_DEVICES set to N devices no other running trial
 * holds, and waits while too few are free. Slurm trials get their GPUs
 * from Slurm (--gres), which sets CUDA_VISIBLE_DEVICES itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hps/error.h"
#include "hpsd.h"

#define NGPU_MAX ((int)(sizeof ((struct daemon *)0)->gpu / sizeof(int)))

int
gpu_parse(struct daemon *d, const char *list)
{
	const char *p = list;
	char *end;
	long n;

	d->ngpus = 0;
	while (*p != '\0') {
		n = strtol(p, &end, 10);
		if (end == p || n < 0 || d->ngpus == NGPU_MAX ||
		    (*end != ',' && *end != '\0'))
			return HPS_EINVAL;
		d->gpu[d->ngpus++] = (int)n;
		p = *end == ',' ? end + 1 : end;
	}
	return d->ngpus > 0 ? 0 : HPS_EINVAL;
}

/* One "GPU n: ..." line per device in `nvidia-smi -L`. */
void
gpu_detect(struct daemon *d)
{
	char line[512];
	FILE *fp;
	int n;

	if ((fp = popen("nvidia-smi -L 2>/dev/null", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL && d->ngpus < NGPU_MAX)
		if (sscanf(line, "GPU %d:", &n) == 1)
			d->gpu[d->ngpus++] = n;
	pclose(fp);
}

int
gpu_free(const struct daemon *d)
{
	int i, n = 0;

	for (i = 0; i < d->ngpus; i++)
		n += d->gpu_holder[i] == 0;
	return n;
}

int
gpu_take(struct daemon *d, long long id, int n, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	if (gpu_free(d) < n)
		return HPS_EBUSY;
	buf[0] = '\0';
	for (i = 0; i < d->ngpus && n > 0; i++) {
		if (d->gpu_holder[i] != 0)
			continue;
		d->gpu_holder[i] = (long)id;
		used += (size_t)snprintf(buf + used, used < len ? len - used :
		    0, "%s%d", used ? "," : "", d->gpu[i]);
		n--;
	}
	return 0;
}

void
gpu_hold(struct daemon *d, long long id, const char *list)
{
	const char *p;
	int i;

	for (p = list; *p != '\0'; p += strcspn(p, ","), p += *p == ',')
		for (i = 0; i < d->ngpus; i++)
			if (d->gpu[i] == atoi(p) && d->gpu_holder[i] == 0)
				d->gpu_holder[i] = (long)id;
}

void
gpu_release(struct daemon *d, long long id)
{
	int i;

	for (i = 0; i < d->ngpus; i++)
		if (d->gpu_holder[i] == (long)id)
			d->gpu_holder[i] = 0;
}
