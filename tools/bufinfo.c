// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge bufinfo: run scenarios and print every dma-buf, like
 * `cat /sys/kernel/debug/dma_buf/bufinfo`, at the moments they mark.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "../scenarios/scenario.h"

int cmd_bufinfo(int argc, char **argv)
{
	struct scenario_opts opts = { .bufinfo = true };
	const char *platform = NULL;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--platform") && i + 1 < argc) {
			platform = argv[++i];
		} else {
			fprintf(stderr, "usage: dmabridge bufinfo "
				"[--platform FILE.json] [SCENARIO...]\n");
			return 2;
		}
	}
	printf("dmabridge: bufinfo during the scenarios on the %s platform\n\n",
	       platform ? platform : "default");
	return scenarios_run_opts(platform, argv + i, argc - i, &opts);
}
