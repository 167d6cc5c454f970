// SPDX-License-Identifier: GPL-2.0
/* dmabridge run: the self-checking scenarios on a platform. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "options.h"
#include "../scenarios/scenario.h"

static const struct dmb_cli run_cli = {
	.cmd = "run",
	.args = "[--list] [--platform=FILE.json] [SCENARIO...]",
	.summary = "Run the self-checking scenarios (default: all) on a "
		   "platform; a scenario\nwhose devices the platform lacks is "
		   "skipped with the reason.",
	.help = "  -l, --list             list the scenarios and exit\n"
		"  -p, --platform=FILE    a platform file instead of the "
		"built-in one\n",
	.shortopts = "lp:",
	.longopts = (const struct option[]){
		{ "list", no_argument, NULL, 'l' },
		{ "platform", required_argument, NULL, 'p' },
		{ 0 },
	},
};

/*
 * Exit status: 0 when no scenario failed (skipped ones do not fail: the
 * platform lacks what they need), 1 when one failed, 2 for a usage error
 * -- an unknown scenario name among them, found before anything runs.
 */
int cmd_run(int argc, char **argv)
{
	const char *platform = NULL;
	bool list = false;
	int c, i;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&run_cli, argc, argv)) != -1) {
		switch (c) {
		case 'l':
			list = true;
			break;
		case 'p':
			platform = optarg;
			break;
		default:
			return dmb_cli_exit(c);
		}
	}
	if (platform && !*platform)
		return dmb_cli_error(&run_cli, "option '--platform' needs a "
				     "file name, not ''");
	if (list) {
		for (i = 0; scenario_list[i]; i++)
			printf("%-14s %s\n", scenario_list[i]->name,
			       scenario_list[i]->summary);
		return 0;
	}
	for (i = optind; i < argc; i++)
		if (!scenario_find(argv[i]))
			return dmb_cli_error(&run_cli, "no scenario named '%s' "
					     "(see --list)", argv[i]);
	printf("dmabridge: scenarios on the %s platform\n\n",
	       platform ? platform : "default");
	/* -v (global, before or after "run") prints every step. */
	return scenarios_run(platform, argv + optind, argc - optind,
			     dmb_cli_verbose());
}
