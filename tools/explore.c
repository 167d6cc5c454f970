// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabridge explore`: a scenario, or a race test binary of tests/explore,
 * under deterministic schedule exploration (kernel/explore.c; a dmabridge
 * testing mode, not in Linux).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dmabridge/explore.h>
#include "commands.h"
#include "options.h"
#include "../scenarios/scenario.h"

static const struct dmb_cli explore_cli = {
	.cmd = "explore",
	.args = "[--schedules=N] [--strategy=pct|random] [--depth=D] "
		"[--horizon=K] [--seed=S] [--replay=SEED] [--platform=FILE.json] "
		"SCENARIO | TEST-BINARY [RACE]",
	.summary = "Run a scenario (each schedule on a fresh platform), or a "
		   "tests/explore binary,\nunder many deterministic schedules; "
		   "a failing one prints its seed and schedule.",
	.help = "  -n, --schedules=N      schedules to try (default 100)\n"
		"  -s, --strategy=S       random (default) or pct\n"
		"  -d, --depth=D          PCT bug depth (default 3)\n"
		"  -k, --horizon=K        PCT horizon in steps (default: "
		"the first run's)\n"
		"      --seed=S           seed of the first schedule "
		"(default 1)\n"
		"  -r, --replay=SEED      run that one schedule again\n"
		"  -p, --platform=FILE    a platform file (scenarios)\n",
	.shortopts = "n:s:d:k:r:p:",
	.longopts = (const struct option[]){
		{ "schedules", required_argument, NULL, 'n' },
		{ "strategy", required_argument, NULL, 's' },
		{ "depth", required_argument, NULL, 'd' },
		{ "horizon", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 'S' },
		{ "replay", required_argument, NULL, 'r' },
		{ "platform", required_argument, NULL, 'p' },
		{ 0 },
	},
};

struct explore_scenario {
	const char *platform;
	char *name;
};

static void scenario_body(void *arg)
{
	struct explore_scenario *es = arg;

	if (scenarios_run(es->platform, &es->name, 1, false))
		explore_fail("scenario %s failed", es->name);
}

/* A test binary: the options travel in the environment it reads. */
static int explore_exec(const struct explore_opts *o, bool replay,
			char **argv, int argc)
{
	char buf[64];

	if (replay) {
		snprintf(buf, sizeof(buf), "%llu:%s:%d:%ld",
			 (unsigned long long)o->seed,
			 o->strategy == EXPLORE_PCT ? "pct" : "random",
			 o->depth, o->horizon);
		setenv("DMB_EXPLORE", buf, 1);
	} else {
		snprintf(buf, sizeof(buf), "%d", o->schedules);
		setenv("DMB_EXPLORE_SCHEDULES", buf, 1);
		setenv("DMB_EXPLORE_STRATEGY",
		       o->strategy == EXPLORE_PCT ? "pct" : "random", 1);
		snprintf(buf, sizeof(buf), "%d", o->depth);
		setenv("DMB_EXPLORE_DEPTH", buf, 1);
	}
	if (argc > 1)
		setenv("DMB_EXPLORE_ONLY", argv[1], 1);
	execv(argv[0], argv);
	perror(argv[0]);
	return 1;
}

int cmd_explore(int argc, char **argv)
{
	struct explore_scenario es = { 0 };
	struct explore_result res;
	struct explore_opts o;
	unsigned long v;
	bool replay = false;
	int c, ret;

	dmb_cli_reset();
	explore_opts_init(&o);
	while ((c = dmb_cli_getopt(&explore_cli, argc, argv)) != -1) {
		switch (c) {
		case 'n':
			if (dmb_cli_parse_ulong(optarg, 100000000, &v) || !v)
				return dmb_cli_error(&explore_cli,
						     "bad --schedules");
			o.schedules = v;
			break;
		case 's':
			if (!strcmp(optarg, "pct"))
				o.strategy = EXPLORE_PCT;
			else if (!strcmp(optarg, "random"))
				o.strategy = EXPLORE_RANDOM;
			else
				return dmb_cli_error(&explore_cli,
						     "--strategy is pct or random");
			break;
		case 'd':
			if (dmb_cli_parse_ulong(optarg, 16, &v) || !v)
				return dmb_cli_error(&explore_cli,
						     "--depth is 1 to 16");
			o.depth = v;
			break;
		case 'k':
			if (dmb_cli_parse_ulong(optarg, 1UL << 40, &v))
				return dmb_cli_error(&explore_cli,
						     "bad --horizon");
			o.horizon = v;
			break;
		case 'S':
		case 'r':
			if (dmb_cli_parse_ulong(optarg, ~0UL, &v))
				return dmb_cli_error(&explore_cli, "bad seed");
			o.seed = v;
			if (c == 'r') {
				replay = true;
				o.schedules = 1;
			}
			break;
		case 'p':
			es.platform = optarg;
			break;
		default:
			return dmb_cli_exit(c);
		}
	}
	if (optind >= argc)
		return dmb_cli_error(&explore_cli,
				     "name a scenario or a test binary");
	if (strchr(argv[optind], '/'))
		return explore_exec(&o, replay, argv + optind, argc - optind);
	if (!scenario_find(argv[optind]))
		return dmb_cli_error(&explore_cli, "no scenario named '%s' "
				     "(see run --list)", argv[optind]);
	es.name = argv[optind];
	/* A scenario provokes some reports on purpose and checks them. */
	o.reports_ok = true;
	ret = explore_run(scenario_body, &es, &o, &res);
	printf("explore: %s: %d schedule%s, %s\n", es.name, res.runs,
	       res.runs == 1 ? "" : "s", ret ? "FAILED" : "all passed");
	return ret ? 1 : 0;
}
