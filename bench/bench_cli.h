/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmarks' command line: positional numbers only, plus -h/--help.
 * --help prints the usage on stdout (exit 0); an unknown option, a
 * value that is not a number or one too many arguments is a usage error
 * on stderr naming it (exit 2).
 */
#ifndef DMABRIDGE_BENCH_CLI_H
#define DMABRIDGE_BENCH_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Parse argv; on return the positional arguments are argv[1..*argc) (the
 * options taken out, as GNU getopt permutes them). @args: the synopsis,
 * e.g. "[MiB] [rounds]"; @what: one paragraph; @max_args: how many
 * positional numbers the program takes.
 */
static inline void bench_cli(int *argc, char **argv, const char *args,
			     const char *what, int max_args)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 :
						   argv[0];
	char *end;
	int c, i;

	opterr = 0;
	while ((c = getopt_long(*argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: %s %s\n%s\n", prog, args, what);
			exit(0);
		}
		fprintf(stderr, "%s: unrecognized option '%s'\nusage: %s %s\n",
			prog, argv[optind - 1], prog, args);
		exit(2);
	}
	if (*argc - optind > max_args) {
		fprintf(stderr, "%s: unexpected argument '%s'\nusage: %s %s\n",
			prog, argv[optind + max_args], prog, args);
		exit(2);
	}
	for (i = optind; i < *argc; i++) {
		strtod(argv[i], &end);
		if (end == argv[i] || *end) {
			fprintf(stderr, "%s: '%s' is not a number\n"
				"usage: %s %s\n", prog, argv[i], prog, args);
			exit(2);
		}
	}
	/* Positional arguments back to argv[1..]: the mains index them. */
	memmove(argv + 1, argv + optind, (*argc - optind) * sizeof(*argv));
	*argc = *argc - optind + 1;
}

#endif
