// SPDX-License-Identifier: GPL-2.0
/*
 * The command line behaves: every --help on stdout with exit 0, usage
 * errors on stderr with exit 2 naming the bad argument, options anywhere
 * and as --opt=value, and `bufinfo` printing exactly Linux's debugfs
 * format (dmabridge's extras only with --extras). Runs the built
 * programs: dmabridge ($DMB_CLI) and cli_demo ($DMB_CLI_DEMO), a user
 * program that registers the scenario "tiny" and calls dmabridge_main().
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "dmb_test.h"
#include "scenarios/scenario.h"
#include <dmabridge/dmabridge.h>
#include <dmabridge/stacktrace.h>
#include <dmabridge/printk.h>

extern char **environ;

struct cli_result {
	int status;		/* exit code; -1 if killed */
	char *out, *err;
};

/* Run $@env with @args (NULL-terminated, without argv[0]). */
static struct cli_result run(const char *env, const char *const *args)
{
	posix_spawn_file_actions_t fa;
	const char *bin = getenv(env);
	struct cli_result r;
	char *argv[16];
	FILE *out = tmpfile(), *err = tmpfile();
	pid_t pid;
	int i, st;

	assert_non_null(bin);
	assert_non_null(out);
	assert_non_null(err);
	argv[0] = (char *)bin;
	for (i = 0; args[i]; i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fileno(out), 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(err), 2);
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	fseek(out, 0, SEEK_END);
	fseek(err, 0, SEEK_END);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = dmb_slurp(out);
	r.err = dmb_slurp(err);
	fclose(out);
	fclose(err);
	return r;
}

static void cli_free(struct cli_result *r)
{
	free(r->out);
	free(r->err);
}

#define RUN(env, ...) run(env, (const char *const[]){ __VA_ARGS__, NULL })

/* `--help` anywhere: usage on stdout, nothing on stderr, exit 0. */
static void expect_help(struct cli_result r, const char *usage)
{
	if (r.status != 0 || !strstr(r.out, usage) || r.err[0])
		fprintf(stderr, "status %d\nstdout: %s\nstderr: %s\n",
			r.status, r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, usage));
	assert_string_equal(r.err, "");
	cli_free(&r);
}

/* A usage error: exit 2, nothing on stdout, stderr names @what. */
static void expect_usage_error(struct cli_result r, const char *what)
{
	if (r.status != 2 || r.out[0] || !strstr(r.err, what))
		fprintf(stderr, "status %d\nstdout: %s\nstderr: %s\n",
			r.status, r.out, r.err);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, what));
	cli_free(&r);
}

/* Every verb's --help and -h go to stdout with exit 0. */
static void test_help_on_stdout_exit_0(void **state)
{
	expect_help(RUN("DMB_CLI", "--help"), "usage: dmabridge ");
	expect_help(RUN("DMB_CLI", "-h"), "commands:");
	expect_help(RUN("DMB_CLI", "help"), "commands:");
	expect_help(RUN("DMB_CLI", "help", "topo"), "usage: dmabridge topo");
	expect_help(RUN("DMB_CLI", "topo", "--help"), "usage: dmabridge topo");
	expect_help(RUN("DMB_CLI", "topo", "--dot", "-h"),
		    "usage: dmabridge topo");
	expect_help(RUN("DMB_CLI", "bufinfo", "--help"),
		    "usage: dmabridge bufinfo");
	expect_help(RUN("DMB_CLI", "bufinfo", "tiny", "--help"),
		    "--extras");
	expect_help(RUN("DMB_CLI", "run", "--help"), "usage: dmabridge run");
	expect_help(RUN("DMB_CLI", "help", "run"), "usage: dmabridge run");
	expect_help(RUN("DMB_CLI", "version", "--help"),
		    "usage: dmabridge version");
}

/* Unknown verbs, options and values: stderr, exit 2, the bad argument named. */
static void test_usage_errors_exit_2_naming_the_argument(void **state)
{
	expect_usage_error(RUN("DMB_CLI", "frobnicate"), "'frobnicate'");
	expect_usage_error(RUN("DMB_CLI", "topo", "--bogus"), "'--bogus'");
	expect_usage_error(RUN("DMB_CLI", "topo", "--bogus=1"), "'--bogus'");
	expect_usage_error(RUN("DMB_CLI", "topo", "-Z"), "'-Z'");
	expect_usage_error(RUN("DMB_CLI", "topo", "--dot=yes"),
			   "option '--dot' takes no value");
	expect_usage_error(RUN("DMB_CLI", "topo", "a.json", "b.json"),
			   "'b.json'");
	expect_usage_error(RUN("DMB_CLI", "bufinfo", "--platform"),
			   "option '--platform' needs a value");
	expect_usage_error(RUN("DMB_CLI", "bufinfo", "no-such-scenario"),
			   "'no-such-scenario'");
	expect_usage_error(RUN("DMB_CLI", "help", "frobnicate"),
			   "'frobnicate'");
	expect_usage_error(RUN("DMB_CLI", "version", "extra"), "'extra'");
	expect_usage_error(RUN("DMB_CLI", "run", "--bogus"), "'--bogus'");
	expect_usage_error(RUN("DMB_CLI", "run", "--platform"), "platform");
	expect_usage_error(RUN("DMB_CLI", "run", "nope"), "'nope'");
	expect_usage_error(RUN("DMB_CLI", "run", "-Z"), "'-Z'");
	expect_usage_error(RUN("DMB_CLI", "run", "--list=1"),
			   "option '--list' takes no value");
	expect_usage_error(RUN("DMB_CLI", "run", "--platform="), "''");
	expect_usage_error(RUN("DMB_CLI", "run", "p2p-dma", "dma-buf", "nope"),
			   "'nope'");
	/* The global options, before and after the verb. */
	expect_usage_error(RUN("DMB_CLI", "--log-level=loud", "run"),
			   "'loud'");
	expect_usage_error(RUN("DMB_CLI", "run", "--log-level=16"), "'16'");
	expect_usage_error(RUN("DMB_CLI", "run", "--log-level"),
			   "option '--log-level' needs a value");
	expect_usage_error(RUN("DMB_CLI", "--bogus", "run"), "'--bogus'");
	expect_usage_error(RUN("DMB_CLI", "-Z", "run"), "'-Z'");
	expect_usage_error(RUN("DMB_CLI", "-q"), "usage: dmabridge");
	/* No verb at all is a usage error too. */
	expect_usage_error(run("DMB_CLI", (const char *const[]){ NULL }),
			   "usage: dmabridge");
}

/* Options after positional arguments, and --opt=value, are parsed. */
static void test_options_anywhere_and_equals_form(void **state)
{
	struct cli_result r;

	r = RUN("DMB_CLI", "topo", "--dot");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "graph"));
	cli_free(&r);
	/* A missing platform file is a failure (1), not a usage error. */
	r = RUN("DMB_CLI", "topo", "/nonexistent.json", "--dot");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "/nonexistent.json"));
	cli_free(&r);
	r = RUN("DMB_CLI", "bufinfo", "tiny", "--platform=/nonexistent.json");
	/* dmabridge itself has no "tiny": the name is checked first. */
	assert_int_equal(r.status, 2);
	cli_free(&r);
	r = RUN("DMB_CLI_DEMO", "bufinfo", "tiny",
		"--platform=/nonexistent.json");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "/nonexistent.json"));
	cli_free(&r);
	/* run: options after the scenario names, --platform=FILE. */
	r = RUN("DMB_CLI", "run", "--list", "-v", "--quiet");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "p2p-dma"));
	cli_free(&r);
	r = RUN("DMB_CLI", "run", "p2p-dma", "--platform=/nonexistent.json");
	assert_int_equal(r.status, 1);
	cli_free(&r);
	r = RUN("DMB_CLI", "--version");
	assert_int_equal(r.status, 0);
	assert_true(!strncmp(r.out, "dmabridge ", 10));
	cli_free(&r);
}

/* Every line of @text starts with a printk timestamp "[    1.234567] ". */
static bool all_lines_timestamped(const char *text)
{
	const char *line = text;

	while (*line) {
		unsigned long s, us;
		int n = 0;

		if (sscanf(line, "[%5lu.%6lu]%n", &s, &us, &n) != 2 ||
		    n != 14 || line[n] != ' ')
			return false;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return true;
}

/*
 * The sanitizer report of p2p-dma's deliberate stale DMA, as `run` prints
 * it: the KASAN-style banner and title, the access with its call trace,
 * the mapping with the stack that mapped it, the page's story, every line
 * timestamped; with libdw, frames name the functions (dma_map_phys on the
 * mapping side, the engine's thread on the access side).
 */
static void test_run_prints_kernel_style_sanitizer_report(void **state)
{
	struct cli_result r = RUN("DMB_CLI", "run", "p2p-dma");

	if (r.status)
		fprintf(stderr, "stdout: %s\nstderr: %s\n", r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_true(all_lines_timestamped(r.err));
	assert_non_null(strstr(r.err, "] ================================="
				      "================================="
				      "\n"));
	assert_non_null(strstr(r.err, "] BUG: dma-sanitizer: "));
	assert_non_null(strstr(r.err, " in dma:"));
	assert_non_null(strstr(r.err, "] CPU: "));
	assert_non_null(strstr(r.err, "] Call Trace:\n"));
	assert_non_null(strstr(r.err, "] The address belongs to mapping #"));
	assert_non_null(strstr(r.err, "] Mapped by:\n"));
	assert_non_null(strstr(r.err, "] The memory at phys "));
	assert_non_null(strstr(r.err, "] Last changed ("));
	/*
	 * Symbolized frames of both sides: the mapping's (dma_map_phys)
	 * after "Mapped by:", the access's (the engine's kthread) in the
	 * call trace. Without libdw the statically linked program's frames
	 * print as "dmabridge(+0xoff)".
	 */
	if (stack_trace_symbolized()) {
		assert_non_null(strstr(strstr(r.err, "] Mapped by:\n"),
				       "]  dma_map_phys+0x"));
		assert_non_null(strstr(r.err, "]  kthread_start+0x"));
	} else {
		assert_non_null(strstr(r.err, "]  dmabridge(+0x"));
	}
	cli_free(&r);
}

/*
 * -q/--quiet, -v/--verbose and --log-level, before or after the verb:
 * they change what reaches stderr (and, for -v, the steps on stdout),
 * never the exit code; the report is counted either way (the scenario
 * still passes, expecting its one report).
 */
static void test_quiet_verbose_and_log_level(void **state)
{
	struct cli_result def, r;
	size_t out_len;

	def = RUN("DMB_CLI", "run", "p2p-dma");
	assert_int_equal(def.status, 0);
	assert_non_null(strstr(def.err, "BUG: dma-sanitizer: "));
	out_len = strlen(def.out);
	/* -q: errors (the sanitizer's) still print; stdout unchanged. */
	r = RUN("DMB_CLI", "-q", "run", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "BUG: dma-sanitizer: "));
	assert_int_equal(strlen(r.out), out_len);
	cli_free(&r);
	/* Below the sanitizer's KERN_ERR: nothing on stderr. */
	r = RUN("DMB_CLI", "run", "p2p-dma", "--log-level=crit");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(r.out, "1 passed"));
	cli_free(&r);
	r = RUN("DMB_CLI", "--log-level=3", "run", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	cli_free(&r);
	r = RUN("DMB_CLI", "--log-level", "0", "run", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	cli_free(&r);
	/* err and worse: the sanitizer report prints. */
	r = RUN("DMB_CLI", "run", "--log-level=err", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "BUG: dma-sanitizer: "));
	cli_free(&r);
	/* -v, before or after the verb: every step on stdout. */
	r = RUN("DMB_CLI", "-v", "run", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_true(strlen(r.out) > out_len);
	assert_non_null(strstr(r.err, "BUG: dma-sanitizer: "));
	cli_free(&r);
	r = RUN("DMB_CLI", "run", "p2p-dma", "--verbose");
	assert_int_equal(r.status, 0);
	assert_true(strlen(r.out) > out_len);
	cli_free(&r);
	/* The last one wins: -v then -q is quiet, so no steps. */
	r = RUN("DMB_CLI", "-v", "run", "-q", "p2p-dma");
	assert_int_equal(r.status, 0);
	assert_int_equal(strlen(r.out), out_len);
	cli_free(&r);
	/* Help mentions them, on stdout. */
	expect_help(RUN("DMB_CLI", "--help"), "--log-level=LEVEL");
	expect_help(RUN("DMB_CLI", "topo", "--help"), "-q, --quiet");
	cli_free(&def);
}

/*
 * Every benchmark: --help on stdout with exit 0, an unknown option, a
 * non-number and one argument too many are usage errors (exit 2). None
 * of these runs a benchmark.
 */
static void test_bench_help_and_usage_errors(void **state)
{
	char *list = strdup(getenv("DMB_BENCHES") ?: "");
	char *save = NULL, *path;
	int n = 0;

	assert_non_null(list);
	for (path = strtok_r(list, ":", &save); path;
	     path = strtok_r(NULL, ":", &save), n++) {
		assert_int_equal(setenv("DMB_BENCH", path, 1), 0);
		expect_help(RUN("DMB_BENCH", "--help"), "usage: bench_");
		expect_help(RUN("DMB_BENCH", "1", "-h"), "usage: bench_");
		expect_usage_error(RUN("DMB_BENCH", "--bogus"), "'--bogus'");
		expect_usage_error(RUN("DMB_BENCH", "abc"), "'abc'");
		expect_usage_error(RUN("DMB_BENCH", "1", "2", "3"),
				   "unexpected argument '");
	}
	free(list);
	assert_int_equal(n, 6);
}

/* A program that registers a scenario sees it listed and runs it. */
static void test_registered_scenario_runs_from_user_program(void **state)
{
	struct cli_result r;

	r = RUN("DMB_CLI_DEMO", "run", "--list");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "tiny "));
	assert_non_null(strstr(r.out, "dma-buf "));
	cli_free(&r);
	r = RUN("DMB_CLI_DEMO", "run", "tiny");
	if (r.status)
		fprintf(stderr, "%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "== tiny: passed"));
	cli_free(&r);
	/* Usage messages name the user's program. */
	expect_help(RUN("DMB_CLI_DEMO", "topo", "--help"),
		    "usage: cli_demo topo");
}

/* The dump between the checkpoint markers. */
static char *dump_of(const char *out)
{
	const char *b = strstr(out, "  -- bufinfo: one buffer, one device --\n");
	const char *e = strstr(out, "  -- end of bufinfo --");
	char *s;

	assert_non_null(b);
	assert_non_null(e);
	b = strchr(b, '\n') + 1;
	s = strndup(b, e - b);
	assert_non_null(s);
	return s;
}

/*
 * bufinfo prints Linux's dma_buf_debug_show() layout, line for line: the
 * header, one line per buffer, its fences, "\tAttached Devices:", one
 * line per device holding only its name, the totals.
 */
static void test_bufinfo_is_linux_debugfs_format(void **state)
{
	static const char header[] =
		"Dma-buf Objects:\n"
		"size    \tflags   \tmode    \tcount   \texp_name\t"
		"ino     \tname\n";
	unsigned long size, flags, mode, count, ino;
	char exp_name[32], name[32], dev[32];
	struct cli_result r;
	char *dump;
	int n;

	r = RUN("DMB_CLI_DEMO", "bufinfo", "tiny");
	if (r.status)
		fprintf(stderr, "%s%s", r.out, r.err);
	assert_int_equal(r.status, 0);
	dump = dump_of(r.out);
	assert_true(!strncmp(dump, header, strlen(header)));
	n = sscanf(dump + strlen(header), "%8lu\t%8lx\t%8lx\t%8lu\t%31[^\t]\t%8lu\t%31[^\n]",
		   &size, &flags, &mode, &count, exp_name, &ino, name);
	assert_int_equal(n, 7);
	assert_int_equal(size, 8192);
	assert_string_equal(exp_name, "system");
	assert_string_equal(name, "<none>");
	assert_non_null(strstr(dump, "\tAttached Devices:\n"));
	n = sscanf(strstr(dump, "\tAttached Devices:\n") + 19, "\t%31[^\n]\n",
		   dev);
	assert_int_equal(n, 1);
	assert_null(strchr(dev, '\t'));
	assert_non_null(strstr(dump, "\tAttached Devices:\n\t0000:"));
	assert_non_null(strstr(dump, "\nTotal 1 devices attached\n\n"));
	assert_non_null(strstr(dump, "\nTotal 1 objects, 8192 bytes\n"));
	/* None of dmabridge's own lines. */
	assert_null(strstr(dump, "State:"));
	assert_null(strstr(dump, "CPU mappings:"));
	assert_null(strstr(dump, "Fences:"));
	free(dump);
	cli_free(&r);

	/* --extras: the library's full dump. */
	r = RUN("DMB_CLI_DEMO", "bufinfo", "--extras", "tiny");
	assert_int_equal(r.status, 0);
	dump = dump_of(r.out);
	assert_non_null(strstr(dump, "\tState: live"));
	assert_non_null(strstr(dump, " static "));
	free(dump);
	cli_free(&r);
}

static int nop_run(struct platform *plat, struct scenario_ctx *ctx)
{
	return 0;
}

/*
 * scenario_register() refuses what `run` could not use: no name, no run
 * function, a name already taken (built-in or registered), a full list.
 */
static void test_scenario_register_refuses_bad_and_duplicate(void **state)
{
	static const struct scenario noname = { .name = "", .run = nop_run };
	static const struct scenario norun = { .name = "x" };
	static const struct scenario dup = { .name = "dma-buf",
					     .run = nop_run };
	static struct scenario many[SCENARIO_MAX];
	static char names[SCENARIO_MAX][16];
	int i, ret = 0;

	assert_int_equal(scenario_register(NULL), -EINVAL);
	assert_int_equal(scenario_register(&noname), -EINVAL);
	assert_int_equal(scenario_register(&norun), -EINVAL);
	assert_int_equal(scenario_register(&dup), -EEXIST);
	for (i = 0; i < SCENARIO_MAX && !ret; i++) {
		snprintf(names[i], sizeof(names[i]), "user-%d", i);
		many[i] = (struct scenario){ .name = names[i], .run = nop_run };
		ret = scenario_register(&many[i]);
	}
	assert_int_equal(ret, -ENOSPC);
	assert_ptr_equal(scenario_find("user-0"), &many[0]);
	assert_int_equal(scenario_register(&many[0]), -EEXIST);
	assert_null(scenario_list[SCENARIO_MAX]);
}

/*
 * dmabridge_main() can be called again in one process: each call parses
 * its argv from the start (getopt's state is reset, not carried over).
 */
static void test_main_twice_parses_each_argv_afresh(void **state)
{
	char *bad[] = { "dmabridge", "topo", "--dot", "--bogus", NULL };
	char *extra[] = { "dmabridge", "version", "extra", NULL };
	char *ok[] = { "dmabridge", "version", NULL };
	char *quiet[] = { "dmabridge", "-q", "version", "-v", NULL };

	int out = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

	/* stdout is the TAP stream: the version line goes elsewhere. */
	assert_true(out >= 0 && null >= 0);
	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	assert_int_equal(dmabridge_main(4, bad), 2);
	assert_int_equal(dmabridge_main(3, extra), 2);
	assert_int_equal(dmabridge_main(2, ok), 0);
	/* -q and -v last for one call: the caller's log level stays. */
	assert_int_equal(dmabridge_main(4, quiet), 0);
	assert_int_equal(dmb_get_loglevel(), CONSOLE_LOGLEVEL_DEFAULT);
	fflush(stdout);
	dup2(out, STDOUT_FILENO);
	close(out);
	close(null);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_help_on_stdout_exit_0),
		dmb_unit_test(test_usage_errors_exit_2_naming_the_argument),
		dmb_unit_test(test_options_anywhere_and_equals_form),
		dmb_unit_test(test_run_prints_kernel_style_sanitizer_report),
		dmb_unit_test(test_quiet_verbose_and_log_level),
		dmb_unit_test(test_bench_help_and_usage_errors),
		dmb_unit_test(test_registered_scenario_runs_from_user_program),
		dmb_unit_test(test_bufinfo_is_linux_debugfs_format),
		dmb_unit_test(test_scenario_register_refuses_bad_and_duplicate),
		dmb_unit_test(test_main_twice_parses_each_argv_afresh),
	};

	return dmb_run_tests(tests);
}
