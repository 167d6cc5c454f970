// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge bufinfo: run scenarios and print every dma-buf, exactly as
 * `cat /sys/kernel/debug/dma_buf/bufinfo` shows it (Linux's
 * dma_buf_debug_show()), at the moments they mark. The library's dump
 * (dma_buf_bufinfo()) adds dmabridge's own lines (state, generation,
 * pins, CPU mappings, mapping type of each attachment); --extras keeps
 * them, otherwise they are taken out so parsers of the debugfs file work.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "options.h"
#include "../scenarios/scenario.h"

#define BUFINFO_BEGIN "  -- bufinfo: "
#define BUFINFO_END "  -- end of bufinfo --"

struct bufinfo_filter {
	FILE *in;		/* the read end of the scenarios' output */
	FILE *out;
};

/*
 * One line of a dump in Linux's format: the object, its fences and the
 * name of each attached device. Dropped: dmabridge's "\tState:",
 * "\tCPU mappings:" and "\tFences:" lines; cut: the attachment details
 * after the device name.
 */
static void bufinfo_filter_line(char *line, bool *in_devices, FILE *out)
{
	if (!strncmp(line, "\tState: ", 8) ||
	    !strncmp(line, "\tCPU mappings: ", 15) ||
	    !strcmp(line, "\tFences:\n"))
		return;
	if (!strcmp(line, "\tAttached Devices:\n")) {
		*in_devices = true;
	} else if (*in_devices && line[0] == '\t') {
		char *tab = strchr(line + 1, '\t');

		if (tab)
			strcpy(tab, "\n");
	} else {
		*in_devices = false;
	}
	fputs(line, out);
}

static void *bufinfo_filter_thread(void *arg)
{
	struct bufinfo_filter *f = arg;
	bool in_dump = false, in_devices = false;
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, f->in) > 0) {
		bool begin = !strncmp(line, BUFINFO_BEGIN,
				      strlen(BUFINFO_BEGIN));
		bool end = !strncmp(line, BUFINFO_END, strlen(BUFINFO_END));

		/* The markers and the story pass; dumps are filtered. */
		if (in_dump && !end)
			bufinfo_filter_line(line, &in_devices, f->out);
		else
			fputs(line, f->out);
		if (begin)
			in_dump = true;
		if (end)
			in_dump = in_devices = false;
		fflush(f->out);
	}
	free(line);
	return NULL;
}

/* The scenarios' output goes through a pipe to the filter thread. */
static int bufinfo_run_filtered(const char *platform, char **names, int nr,
				struct scenario_opts *opts)
{
	struct bufinfo_filter f = { .out = stdout };
	pthread_t thread;
	int fds[2], ret;

	if (pipe(fds))
		return -1;
	f.in = fdopen(fds[0], "r");
	opts->out = fdopen(fds[1], "w");
	if (!f.in || !opts->out)
		goto err;
	if (pthread_create(&thread, NULL, bufinfo_filter_thread, &f))
		goto err;
	ret = scenarios_run_opts(platform, names, nr, opts);
	fclose(opts->out);		/* the thread sees the end */
	pthread_join(thread, NULL);
	fclose(f.in);
	return ret;
err:
	if (opts->out)
		fclose(opts->out);
	else
		close(fds[1]);
	if (f.in)
		fclose(f.in);
	else
		close(fds[0]);
	return -1;
}

static const struct dmb_cli bufinfo_cli = {
	.cmd = "bufinfo",
	.args = "[-x] [-v] [--platform=FILE] [SCENARIO...]",
	.summary = "Run scenarios (default: all), printing "
		   "/sys/kernel/debug/dma_buf/bufinfo\nat their checkpoints, "
		   "in Linux's format.",
	.help = "  -p, --platform=FILE  the platform file (default: the "
		"built-in platform)\n"
		"  -x, --extras         add dmabridge's lines: buffer state, "
		"pins, CPU mappings,\n"
		"                       each attachment's mapping type and "
		"counts\n"
		"  -v, --verbose        print every check of the scenarios\n",
	.shortopts = "p:xv",
	.longopts = (const struct option[]){
		{ "platform", required_argument, NULL, 'p' },
		{ "extras", no_argument, NULL, 'x' },
		{ "verbose", no_argument, NULL, 'v' },
		{ 0 },
	},
};

int cmd_bufinfo(int argc, char **argv)
{
	struct scenario_opts opts = { .bufinfo = true };
	const char *platform = NULL;
	bool extras = false;
	int c, i, ret;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&bufinfo_cli, argc, argv)) != -1) {
		switch (c) {
		case 'p':
			platform = optarg;
			break;
		case 'x':
			extras = true;
			break;
		case 'v':
			opts.verbose = true;
			break;
		default:
			return dmb_cli_exit(c);
		}
	}
	for (i = optind; i < argc; i++)
		if (!scenario_find(argv[i]))
			return dmb_cli_error(&bufinfo_cli,
					     "unknown scenario '%s' (see %s run --list)",
					     argv[i], dmb_prog);
	printf("%s: bufinfo during the scenarios on the %s platform\n\n",
	       dmb_prog, platform ? platform : "default");
	fflush(stdout);
	if (extras)
		return scenarios_run_opts(platform, argv + optind,
					  argc - optind, &opts) ? 1 : 0;
	ret = bufinfo_run_filtered(platform, argv + optind, argc - optind,
				   &opts);
	if (ret < 0)
		fprintf(stderr, "%s bufinfo: cannot set up the output filter\n",
			dmb_prog);
	return ret ? 1 : 0;
}
