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

#endif
