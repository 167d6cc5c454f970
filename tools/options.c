// SPDX-License-Identifier: GPL-2.0
/* Option parsing shared by the dmabridge verbs (see options.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/printk.h>
#include "options.h"

const char *dmb_prog = "dmabridge";

const char dmb_cli_global_help[] =
	"  -q, --quiet            print only errors (reports of the DMA "
	"sanitizer)\n"
	"  -v, --verbose          more: every step of run and bufinfo; "
	"-vv debug messages\n"
	"      --log-level=LEVEL  console log level: 0-15 as Linux's "
	"loglevel=, or a\n"
	"                         name (err, warning, info, debug) "
	"for that level and worse\n";

int dmb_cli_global(int c, const char *arg)
{
	int level;

	switch (c) {
	case 'q':
		dmb_set_loglevel(CONSOLE_LOGLEVEL_QUIET);
		return 0;
	case 'v':
		level = dmb_get_loglevel();
		if (level < CONSOLE_LOGLEVEL_DEFAULT)
			level = CONSOLE_LOGLEVEL_DEFAULT;
		if (level < CONSOLE_LOGLEVEL_MOTORMOUTH)
			level++;
		dmb_set_loglevel(level);
		return 0;
	case DMB_CLI_LOGLEVEL:
		level = dmb_parse_loglevel(arg);
		if (level < 0)
			return level;
		dmb_set_loglevel(level);
		return 0;
	}
	return -EINVAL;
}

bool dmb_cli_verbose(void)
{
	return dmb_get_loglevel() > CONSOLE_LOGLEVEL_DEFAULT;
}

void dmb_cli_usage(const struct dmb_cli *cli, FILE *out)
{
	fprintf(out, "usage: %s %s%s%s\n", dmb_prog, cli->cmd,
		cli->args[0] ? " " : "", cli->args);
	if (cli->summary)
		fprintf(out, "%s\n", cli->summary);
	fprintf(out, "\noptions:\n%s  -h, --help             show this help\n"
		"\nglobal options (also before the command):\n%s",
		cli->help ? cli->help : "", dmb_cli_global_help);
}

int dmb_cli_error(const struct dmb_cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", dmb_prog, cli->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s%s%s\n(see %s %s --help)\n", dmb_prog,
		cli->cmd, cli->args[0] ? " " : "", cli->args, dmb_prog,
		cli->cmd);
	return 2;
}

/* The argument getopt_long() looked at last. */
static const char *last_arg(char **argv, int argc)
{
	return optind > 0 && optind <= argc ? argv[optind - 1] : "";
}

/* The option as the user wrote it: "--name" (without "=value") or "-c". */
static void bad_option(char *buf, size_t len, char **argv, int argc)
{
	const char *arg = last_arg(argv, argc);

	if (!strncmp(arg, "--", 2))
		snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
	else if (optopt > 0 && optopt < 256)
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", arg);
}

/* "--dot=1" for a flag: getopt says '?' too; name the real problem. */
static bool takes_no_value(const struct option *longopts, const char *name,
			   const char *arg)
{
	if (strncmp(name, "--", 2) || !strchr(arg, '='))
		return false;
	for (; longopts->name; longopts++)
		if (!strcmp(longopts->name, name + 2))
			return longopts->has_arg == no_argument;
	return false;
}

int dmb_cli_getopt(const struct dmb_cli *cli, int argc, char **argv)
{
	struct option longopts[32];
	char shortopts[64];
	char bad[128];
	size_t n = 0;
	int c;

	/* Our own and the global options plus the verb's; ':' reports missing args. */
	while (cli->longopts && cli->longopts[n].name &&
	       n < sizeof(longopts) / sizeof(longopts[0]) - 5) {
		longopts[n] = cli->longopts[n];
		n++;
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[n++] = (struct option){ "quiet", no_argument, NULL, 'q' };
	longopts[n++] = (struct option){ "verbose", no_argument, NULL, 'v' };
	longopts[n++] = (struct option){ "log-level", required_argument, NULL,
					 DMB_CLI_LOGLEVEL };
	longopts[n] = (struct option){ 0 };
	snprintf(shortopts, sizeof(shortopts), ":hqv%s",
		 cli->shortopts ? cli->shortopts : "");

	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
		switch (c) {
		case 'h':
			dmb_cli_usage(cli, stdout);
			return DMB_CLI_HELP;
		case 'q':
		case 'v':
			dmb_cli_global(c, NULL);
			continue;
		case DMB_CLI_LOGLEVEL:
			if (dmb_cli_global(c, optarg)) {
				dmb_cli_error(cli, "invalid log level '%s' "
					      "(0-15, or err, warning, info, "
					      "debug)", optarg);
				return DMB_CLI_ERROR;
			}
			continue;
		case '?':
			bad_option(bad, sizeof(bad), argv, argc);
			if (takes_no_value(longopts, bad,
					   last_arg(argv, argc)))
				dmb_cli_error(cli, "option '%s' takes no value",
					      bad);
			else
				dmb_cli_error(cli, "unrecognized option '%s'",
					      bad);
			return DMB_CLI_ERROR;
		case ':':
			bad_option(bad, sizeof(bad), argv, argc);
			dmb_cli_error(cli, "option '%s' needs a value", bad);
			return DMB_CLI_ERROR;
		default:
			return c;
		}
	}
}

int dmb_cli_parse_ulong(const char *s, unsigned long max, unsigned long *val)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}
