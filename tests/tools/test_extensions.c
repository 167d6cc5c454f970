// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree registration as a program that links dmabridge uses it:
 * runs the examples demo_driver (a module driver registered before and
 * after platform_create) and demo_accel (a device model named by a
 * platform file, and its driver), built in the tree from examples/.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dmb_test.h"

extern char **environ;

/* Run $@env with @arg (or none); its stdout in *@out, exit code returned. */
static int run(const char *env, const char *arg, char **out)
{
	posix_spawn_file_actions_t fa;
	const char *bin = getenv(env);
	char *argv[] = { (char *)bin, (char *)arg, NULL };
	FILE *f = tmpfile();
	pid_t pid;
	int st;

	assert_non_null(bin);
	assert_non_null(f);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fileno(f), 1);
	assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	fseek(f, 0, SEEK_END);
	*out = dmb_slurp(f);
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

/*
 * module_pci_driver() binds at the boot of each platform created after
 * it; a module driver registered after boot binds every live platform's
 * devices at once, and unregistering unbinds them. Guards the module
 * list and the live-platform list of drivers/base/module.c.
 */
static void test_module_driver_binds_before_and_after_boot(void **state)
{
	char *out;

	assert_int_equal(run("DMB_DEMO_DRIVER", NULL, &out), 0);
	assert_int_equal(count(out, "demo-gpu: bound"), 6);
	assert_int_equal(count(out, "demo-nic: bound"), 4);
	assert_non_null(strstr(out, "demo_driver: ok"));
	free(out);
}

/*
 * A registered device model is a class platform files can name: its
 * class code, ids, default BARs and queues reach the device, its setup
 * runs before the driver binds, and its registers answer MMIO.
 */
static void test_device_model_from_a_platform_string(void **state)
{
	char *out;

	assert_int_equal(run("DMB_DEMO_ACCEL", NULL, &out), 0);
	assert_non_null(strstr(out, "demo-accel: 0000:01:00.0 (accel0) class "
				    "120000, 4 queues, scratch 0x5a5a, BAR2 "
				    "1024 KiB"));
	assert_non_null(strstr(out, "demo_accel: ok"));
	free(out);
}

/* The same model from a platform file, with the file's own BARs. */
static void test_device_model_from_a_platform_file(void **state)
{
	char path[] = "/tmp/dmb-accel-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *out;

	assert_non_null(f);
	fputs("{ \"ram\": { \"size\": \"64M\" },"
	      "  \"host_bridges\": [ { \"name\": \"hb0\" } ],"
	      "  \"root_ports\": [ { \"name\": \"rp0\" } ],"
	      "  \"endpoints\": [ { \"name\": \"acc\", \"class\": \"demo-accel\","
	      "    \"port\": \"rp0\", \"bars\": [ { \"index\": 0, \"size\": \"64K\" },"
	      "    { \"index\": 2, \"size\": \"4M\" } ] } ] }", f);
	fclose(f);
	assert_int_equal(run("DMB_DEMO_ACCEL", path, &out), 0);
	assert_non_null(strstr(out, "(acc) class 120000, 4 queues, scratch "
				    "0x5a5a, BAR2 4096 KiB"));
	unlink(path);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_module_driver_binds_before_and_after_boot),
		dmb_unit_test(test_device_model_from_a_platform_string),
		dmb_unit_test(test_device_model_from_a_platform_file),
	};

	return dmb_run_tests(tests);
}
