/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dmabridge command line as a library function, for programs that
 * link libdmabridge and add their own scenarios (scenario_register() in
 * <dmabridge/scenario.h>) before handing over to it:
 *
 *	int main(int argc, char **argv)
 *	{
 *		scenario_register(&my_scenario);
 *		return dmabridge_main(argc, argv);
 *	}
 *
 * `myprog run my-scenario`, `myprog run --list` and `myprog bufinfo` then
 * behave as dmabridge's own verbs do.
 */
#ifndef DMABRIDGE_DMABRIDGE_H
#define DMABRIDGE_DMABRIDGE_H

/**
 * dmabridge_main() - run the dmabridge command line
 * @argc: argument count, as main() got it
 * @argv: arguments; argv[0] names the program in messages and usage
 *
 * Parses the verb (run, bufinfo, topo, help, version) and its options with
 * getopt_long, and runs it. May be called more than once (getopt's state
 * is reset for each call).
 *
 * Context: the main thread, no platform running, no locks held.
 * Return: the exit status: 0 success, 1 failure (a scenario failed, a
 * platform could not be built), 2 usage error.
 */
int dmabridge_main(int argc, char **argv);

/**
 * dmabridge_version() - the library's version
 *
 * Context: any.
 * Return: a static string such as "0.1.0".
 */
const char *dmabridge_version(void);

#endif
