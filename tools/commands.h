/* SPDX-License-Identifier: GPL-2.0 */
/* The dmabridge program's verbs: one file each, listed in dmabridge.c. */
#ifndef DMABRIDGE_TOOLS_COMMANDS_H
#define DMABRIDGE_TOOLS_COMMANDS_H

struct dmb_command {
	const char *name;
	const char *usage;	/* arguments, e.g. "[--dot] [PLATFORM.json]" */
	const char *help;	/* one line */
	int (*run)(int argc, char **argv);	/* argv[0] is the verb */
};

int cmd_run(int argc, char **argv);	/* run.c */
int cmd_bufinfo(int argc, char **argv);	/* bufinfo.c */
int cmd_topo(int argc, char **argv);	/* topo.c */
int cmd_torture(int argc, char **argv);	/* torture.c */
int cmd_explore(int argc, char **argv);	/* explore.c */

#endif
