// SPDX-License-Identifier: GPL-2.0
/* dmabridge: run scenarios and inspect a simulated platform. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <dmb_config.h>
#include <dmabridge/dmabridge.h>
#include <dmabridge/printk.h>
#include "commands.h"
#include "options.h"

static int cmd_help(int argc, char **argv);

const char *dmabridge_version(void)
{
	return DMABRIDGE_VERSION;
}

static int cmd_version(int argc, char **argv)
{
	static const struct dmb_cli cli = {
		.cmd = "version", .args = "",
		.summary = "Print the version.",
	};
	int c;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&cli, argc, argv)) != -1)
		return dmb_cli_exit(c);
	if (optind < argc)
		return dmb_cli_error(&cli, "unexpected argument '%s'",
				     argv[optind]);
	printf("%s %s\n", dmb_prog, DMABRIDGE_VERSION);
	return 0;
}

static const struct dmb_command commands[] = {
	{ "run", "[--list] [--platform=FILE] [SCENARIO...]",
	  "run the self-checking scenarios (default: all)", cmd_run },
	{ "bufinfo", "[--extras] [--platform=FILE] [SCENARIO...]",
	  "run scenarios, printing debugfs dma_buf/bufinfo at their checkpoints",
	  cmd_bufinfo },
	{ "topo", "[--dot] [PLATFORM.json]",
	  "print the PCIe tree, devices and P2P map types", cmd_topo },
	{ "torture", "--seconds=N [--seed=S] [--threads=T]",
	  "random concurrent workloads, checked end to end", cmd_torture },
	{ "explore", "[--schedules=N] [--strategy=S] [--replay=SEED] SCENARIO|TEST",
	  "run under deterministic schedule exploration, seeds replayable",
	  cmd_explore },
	{ "help", "[COMMAND]", "show this help, or a command's", cmd_help },
	{ "version", "", "print the version", cmd_version },
};

static const struct dmb_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: %s [--version] [--help] [-q] [-v]... "
		"[--log-level=LEVEL] <command> [args]\n\n"
		"A working model of Linux buffer sharing (dma-buf, P2P DMA,\n"
		"pinning) on a simulated platform.\n\ncommands:\n", dmb_prog);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n  %-8s   %s\n", commands[i].name,
			commands[i].usage, "", commands[i].help);
	fprintf(out, "\nglobal options (before or after the command):\n%s",
		dmb_cli_global_help);
	fprintf(out, "\n'%s <command> --help' describes a command's options.\n",
		dmb_prog);
}

/* help [COMMAND]: the overview, or the command's own --help. */
static int cmd_help(int argc, char **argv)
{
	static const struct dmb_cli cli = {
		.cmd = "help", .args = "[COMMAND]",
		.summary = "Show the list of commands, or one command's help.",
	};
	const struct dmb_command *cmd;
	char *help_argv[] = { NULL, "--help", NULL };
	int c;

	dmb_cli_reset();
	while ((c = dmb_cli_getopt(&cli, argc, argv)) != -1)
		return dmb_cli_exit(c);
	if (optind >= argc) {
		usage(stdout);
		return 0;
	}
	if (optind + 1 < argc)
		return dmb_cli_error(&cli, "unexpected argument '%s'",
				     argv[optind + 1]);
	cmd = find_command(argv[optind]);
	if (!cmd)
		return dmb_cli_error(&cli, "unknown command '%s'",
				     argv[optind]);
	help_argv[0] = (char *)cmd->name;
	return cmd->run(2, help_argv);
}

/*
 * The options before the command: --help, --version and the global ones.
 * Returns -1 to go on with the command at argv[optind], else an exit code.
 */
static int main_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "log-level", required_argument, NULL, DMB_CLI_LOGLEVEL },
		{ 0 },
	};
	const char *arg;
	int c;

	dmb_cli_reset();
	opterr = 0;
	/* '+': stop at the command; its options are its own to parse. */
	while ((c = getopt_long(argc, argv, "+:hqv", longopts, NULL)) != -1) {
		arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return cmd_version(1, (char *[]){ "version", NULL });
		case 'q':
		case 'v':
			dmb_cli_global(c, NULL);
			break;
		case DMB_CLI_LOGLEVEL:
			if (!dmb_cli_global(c, optarg))
				break;
			fprintf(stderr, "%s: invalid log level '%s' (0-15, or "
				"err, warning, info, debug)\n", dmb_prog,
				optarg);
			return 2;
		case ':':
			fprintf(stderr, "%s: option '%.*s' needs a value (see "
				"%s --help)\n", dmb_prog,
				(int)strcspn(arg, "="), arg, dmb_prog);
			return 2;
		default:
			if (!strncmp(arg, "--", 2))
				fprintf(stderr, "%s: unrecognized option '%.*s' "
					"(see %s --help)\n", dmb_prog,
					(int)strcspn(arg, "="), arg, dmb_prog);
			else
				fprintf(stderr, "%s: unrecognized option '-%c' "
					"(see %s --help)\n", dmb_prog, optopt,
					dmb_prog);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

int dmabridge_main(int argc, char **argv)
{
	const struct dmb_command *cmd;
	const char *slash;
	int level = dmb_get_loglevel(), ret;

	if (argc > 0 && argv[0] && argv[0][0]) {
		slash = strrchr(argv[0], '/');
		dmb_prog = slash ? slash + 1 : argv[0];
	}
	ret = main_options(argc, argv);
	if (ret >= 0)
		goto out;
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "%s: unknown command '%s' (see %s --help)\n",
			dmb_prog, argv[optind], dmb_prog);
		ret = 2;
		goto out;
	}
	ret = cmd->run(argc - optind, argv + optind);
out:
	/* -q/-v/--log-level last for this call only: the caller's stays. */
	dmb_set_loglevel(level);
	return ret;
}
