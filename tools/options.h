/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Option parsing shared by the dmabridge verbs: getopt_long with GNU
 * permutation (options anywhere, --opt=value), --help on stdout (exit 0),
 * and usage errors on stderr naming the bad argument (exit 2). Every verb
 * also takes the global options -q/--quiet, -v/--verbose (repeatable) and
 * --log-level=N|NAME, handled here: they set the console log level
 * (dmb_set_loglevel()) and are never returned to the verb.
 *
 *	static const struct dmb_cli cli = {
 *		.cmd = "topo", .args = "[--dot] [PLATFORM.json]",
 *		.help = "  --dot   a Graphviz graph\n",
 *		.shortopts = "", .longopts = (const struct option[]) {
 *			{ "dot", no_argument, NULL, 'd' }, { 0 } },
 *	};
 *	dmb_cli_reset();
 *	while ((c = dmb_cli_getopt(&cli, argc, argv)) != -1) {
 *		switch (c) {
 *		case 'd': dot = true; break;
 *		default: return dmb_cli_exit(c);	(help or error)
 *		}
 *	}
 *	... positional arguments: argv[optind .. argc)
 */
#ifndef DMABRIDGE_TOOLS_OPTIONS_H
#define DMABRIDGE_TOOLS_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

struct dmb_cli {
	const char *cmd;		/* the verb, e.g. "run" */
	const char *args;		/* synopsis after the verb */
	const char *summary;		/* one line: what the verb does */
	const char *help;		/* the options, one per line */
	const char *shortopts;		/* without 'h' and the leading ':' */
	const struct option *longopts;	/* without "help"; { 0 }-terminated */
};

/*
 * Start a fresh parse: every verb calls it first, since a verb may run
 * more than once in one process (dmabridge_main() called again, tests).
 */
static inline void dmb_cli_reset(void)
{
	optind = 0;	/* glibc: 0 reinitializes everything */
}

/* dmb_cli_getopt() returns these for --help and for a usage error. */
#define DMB_CLI_HELP 0x10000
#define DMB_CLI_ERROR 0x10001

/*
 * The next option, as getopt_long() returns it, or -1 at the end (the
 * positional arguments are then argv[optind .. argc)). -h/--help prints
 * the usage on stdout and returns DMB_CLI_HELP; an unknown option or a
 * missing argument is reported on stderr and returns DMB_CLI_ERROR.
 */
int dmb_cli_getopt(const struct dmb_cli *cli, int argc, char **argv);
/* Print the usage of @cli on @out. */
void dmb_cli_usage(const struct dmb_cli *cli, FILE *out);
/* Report a bad argument (printf-style) on stderr; returns 2. */
__attribute__((format(printf, 2, 3)))
int dmb_cli_error(const struct dmb_cli *cli, const char *fmt, ...);
/* The exit code for DMB_CLI_HELP (0) or DMB_CLI_ERROR (2). */
static inline int dmb_cli_exit(int c)
{
	return c == DMB_CLI_HELP ? 0 : 2;
}
/*
 * Parse a non-negative decimal integer option value (no sign, no junk,
 * no overflow past @max). 0 or -EINVAL.
 */
int dmb_cli_parse_ulong(const char *s, unsigned long max, unsigned long *val);

/*
 * Apply one global option: 'q', 'v', or DMB_CLI_LOGLEVEL with @arg. 0, or
 * -EINVAL for a bad log level (the caller reports it).
 */
#define DMB_CLI_LOGLEVEL 0x10002
int dmb_cli_global(int c, const char *arg);
/* Help lines of the global options. */
extern const char dmb_cli_global_help[];
/* Whether -v was given (the console log level is above the default). */
bool dmb_cli_verbose(void);

/* The program name used in messages ("dmabridge" or the user's). */
extern const char *dmb_prog;

#endif
