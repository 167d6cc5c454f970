// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge torture --seconds N [--seed S] [--threads T]: random
 * concurrent buffer-sharing workloads (tools/torture/torture.c), checked
 * end to end. Exits 0 when clean, 1 on any failure or report.
 * Not a Linux interface: this repository's stress tool (docs/RELIABILITY.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#include "torture/torture.h"

static void torture_usage(FILE *f)
{
	fprintf(f, "usage: dmabridge torture [--seconds N] [--seed S] [--threads T]\n"
		   "  --seconds N  run for N seconds (default 10)\n"
		   "  --seed S     seed of the random operations (default: from the clock)\n"
		   "  --threads T  worker threads, each a process (default 4, at most 16)\n"
		   "  --unmask-known  also run into the known, unfixed findings\n"
		   "               (docs/RELIABILITY.md)\n");
}

int cmd_torture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "threads", required_argument, NULL, 't' },
		{ "unmask-known", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct torture_opts opts = {
		.seconds = 10, .threads = 4, .out = stdout,
		.seed = (uint64_t)time(NULL),
	};
	struct torture_stats st;
	char *end;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:S:t:uh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opts.seconds = strtod(optarg, &end);
			if (*end || opts.seconds < 0) {
				fprintf(stderr, "torture: bad --seconds '%s'\n", optarg);
				return 2;
			}
			break;
		case 'S':
			opts.seed = strtoull(optarg, &end, 0);
			if (*end) {
				fprintf(stderr, "torture: bad --seed '%s'\n", optarg);
				return 2;
			}
			break;
		case 't':
			opts.threads = (int)strtol(optarg, &end, 0);
			if (*end || opts.threads < 1 || opts.threads > 16) {
				fprintf(stderr, "torture: --threads takes 1 to 16\n");
				return 2;
			}
			break;
		case 'u':
			opts.unmask_known = true;
			break;
		case 'h':
			torture_usage(stdout);
			return 0;
		default:
			torture_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		torture_usage(stderr);
		return 2;
	}
	printf("torture: seed %llu, %d threads, %.1f s on the default platform\n",
	       (unsigned long long)opts.seed, opts.threads, opts.seconds);
	fflush(stdout);
	ret = torture_run(&opts, &st);
	if (ret < 0) {
		fprintf(stderr, "torture: cannot set up the platform: %s\n",
			strerror(-ret));
		return 1;
	}
	printf("torture: %lu ops in %.1f s (%.0f ops/s): %lu moves, %lu revokes, "
	       "%lu DMA jobs, %lu CPU accesses, %lu long-term pins, %lu exits; "
	       "%lu bytes checked\n",
	       st.ops, st.seconds, st.seconds > 0 ? st.ops / st.seconds : 0.0,
	       st.moves, st.revokes, st.dma_jobs, st.cpu_accesses, st.pins,
	       st.exits, st.checked_bytes);
	printf("torture: %s (seed %llu)\n", ret ? "FAILED" : "clean",
	       (unsigned long long)opts.seed);
	if (ret)
		printf("torture: again with: dmabridge torture --seconds %g "
		       "--seed %llu --threads %d%s\n", opts.seconds,
		       (unsigned long long)opts.seed, opts.threads,
		       opts.unmask_known ? " --unmask-known" : "");
	return ret ? 1 : 0;
}
