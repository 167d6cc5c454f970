// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge bufinfo: run scenarios and print every dma-buf, exactly as
 * `cat /sys/kernel/debug/dma_buf/bufinfo` shows it (Linux's
 * dma_buf_debug_show()), at the moments they mark; --extras adds
 * dmabridge's own lines (state, generation, pins, CPU mappings, mapping
 * type of each attachment).
 */
#include <stdio.h>
#include "commands.h"
#include "options.h"
#include "../scenarios/scenario.h"

static const struct dmb_cli bufinfo_cli = {
	.cmd = "bufinfo",
	.args = "[-x] [--platform=FILE] [SCENARIO...]",
	.summary = "Run scenarios (default: all), printing "
		   "/sys/kernel/debug/dma_buf/bufinfo\nat their checkpoints, "
		   "in Linux's format.",
	.help = "  -p, --platform=FILE  the platform file (default: the "
		"built-in platform)\n"
		"  -x, --extras         add dmabridge's lines: buffer state, "
		"pins, CPU mappings,\n"
		"                       each attachment's mapping type and "
		"counts\n",
	.shortopts = "p:x",
	.longopts = (const struct option[]){
		{ "platform", required_argument, NULL, 'p' },
		{ "extras", no_argument, NULL, 'x' },
		{ 0 },
	},
};

int cmd_bufinfo(int argc, char **argv)
{
	struct scenario_opts opts = { .bufinfo = true };
	const char *platform = NULL;
	int c, i;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&bufinfo_cli, argc, argv)) != -1) {
		switch (c) {
		case 'p':
			platform = optarg;
			break;
		case 'x':
			opts.bufinfo_extras = true;
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
	opts.verbose = dmb_cli_verbose();	/* global -v: every check */
	printf("%s: bufinfo during the scenarios on the %s platform\n\n",
	       dmb_prog, platform ? platform : "default");
	fflush(stdout);
	return scenarios_run_opts(platform, argv + optind, argc - optind,
				  &opts) ? 1 : 0;
}
