// SPDX-License-Identifier: GPL-2.0
/* dmabridge run: the self-checking scenarios on a platform. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "../scenarios/scenario.h"

static int usage(void)
{
	fprintf(stderr, "usage: dmabridge run [-v] [--list] "
		"[--platform FILE.json] [SCENARIO...]\n");
	return 2;
}

/*
 * Exit status: 0 when no scenario failed (skipped ones do not fail: the
 * platform lacks what they need), 1 when one failed, 2 for a usage error
 * -- an unknown scenario name among them, found before anything runs.
 */
int cmd_run(int argc, char **argv)
{
	const char *platform = NULL;
	bool verbose = false;
	int i, j;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = true;
		} else if (!strcmp(argv[i], "--list")) {
			for (i = 0; scenario_list[i]; i++)
				printf("%-14s %s\n", scenario_list[i]->name,
				       scenario_list[i]->summary);
			return 0;
		} else if (!strcmp(argv[i], "--platform") && i + 1 < argc) {
			platform = argv[++i];
		} else {
			return usage();
		}
	}
	for (j = i; j < argc; j++) {
		if (!scenario_find(argv[j])) {
			fprintf(stderr, "dmabridge run: no scenario named "
				"'%s' (see --list)\n", argv[j]);
			return usage();
		}
	}
	printf("dmabridge: scenarios on the %s platform\n\n",
	       platform ? platform : "default");
	return scenarios_run(platform, argv + i, argc - i, verbose);
}
