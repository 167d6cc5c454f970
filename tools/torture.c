// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge torture [--seconds=N] [--seed=S] [--threads=T]: random
 * concurrent buffer-sharing workloads (tools/torture/torture.c), checked
 * end to end. Exits 0 when clean, 1 on any failure or report.
 * Not a Linux interface: this repository's stress tool (docs/RELIABILITY.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#include "options.h"
#include "torture/torture.h"

static const struct dmb_cli torture_cli = {
	.cmd = "torture",
	.args = "[--seconds=N] [--seed=S] [--threads=T]",
	.summary = "Random concurrent buffer-sharing workloads on the default "
		   "platform, every byte\nchecked end to end; exit 1 on any "
		   "failure or report.",
	.help = "  -s, --seconds=N    run for N seconds (default 10)\n"
		"  -S, --seed=S       seed of the random operations (default: "
		"from the clock)\n"
		"  -t, --threads=T    worker threads, each a process (default "
		"4, at most 16)\n",
	.shortopts = "s:S:t:",
	.longopts = (const struct option[]){
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "threads", required_argument, NULL, 't' },
		{ 0 },
	},
};

int cmd_torture(int argc, char **argv)
{
	struct torture_opts opts = {
		.seconds = 10, .threads = 4, .out = stdout,
		.seed = (uint64_t)time(NULL),
	};
	struct torture_stats st;
	unsigned long threads;
	char *end;
	int c, ret;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&torture_cli, argc, argv)) != -1) {
		switch (c) {
		case 's':
			opts.seconds = strtod(optarg, &end);
			if (*end || !(opts.seconds >= 0))
				return dmb_cli_error(&torture_cli,
						     "bad --seconds '%s'", optarg);
			break;
		case 'S':
			errno = 0;
			opts.seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg || errno)
				return dmb_cli_error(&torture_cli,
						     "bad --seed '%s'", optarg);
			break;
		case 't':
			if (dmb_cli_parse_ulong(optarg, 16, &threads) ||
			    !threads)
				return dmb_cli_error(&torture_cli,
						     "bad --threads '%s' (1 to 16)",
						     optarg);
			opts.threads = (int)threads;
			break;
		default:
			return dmb_cli_exit(c);
		}
	}
	if (optind < argc)
		return dmb_cli_error(&torture_cli, "unexpected argument '%s'",
				     argv[optind]);
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
		       "--seed %llu --threads %d\n", opts.seconds,
		       (unsigned long long)opts.seed, opts.threads);
	return ret ? 1 : 0;
}
