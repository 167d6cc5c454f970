// SPDX-License-Identifier: GPL-2.0
/* dmabridge: run scenarios and inspect a simulated platform. */
#include <stdio.h>
#include <string.h>
#include <dmb_config.h>
#include "commands.h"

static int cmd_help(int argc, char **argv);

static int cmd_version(int argc, char **argv)
{
	printf("dmabridge %s\n", DMABRIDGE_VERSION);
	return 0;
}

static const struct dmb_command commands[] = {
	{ "run", "[-v] [--list] [--platform F] [SCENARIO...]",
	  "run the self-checking scenarios (default: all)", cmd_run },
	{ "help", "", "show this help", cmd_help },
	{ "version", "", "print the version", cmd_version },
	{ "topo", "[--dot] [PLATFORM.json]",
	  "print the PCIe tree, devices and P2P map types", cmd_topo },
	{ "bufinfo", "[--platform F] [SCENARIO...]",
	  "run scenarios, dumping debugfs dma_buf/bufinfo at their checkpoints",
	  cmd_bufinfo },
	{ "torture", "--seconds N [--seed S] [--threads T]", "random concurrent workloads, checked end to end", cmd_torture },
};

static int cmd_help(int argc, char **argv)
{
	size_t i;

	printf("usage: dmabridge <command> [args]\n\n"
	       "A working model of Linux buffer sharing (dma-buf, P2P DMA,\n"
	       "pinning) on a simulated platform.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-8s %s\n  %-8s   %s\n", commands[i].name,
		       commands[i].usage, "", commands[i].help);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc, argv);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc, argv);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "dmabridge: unknown command '%s' (see dmabridge --help)\n",
		argv[1]);
	return 2;
}
