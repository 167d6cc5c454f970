// SPDX-License-Identifier: GPL-2.0
/* `dmabridge topo`: the text and Graphviz output, and the command. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "pci_test.h"

int cmd_topo(int argc, char **argv);

static char *print(struct platform *plat, bool dot)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(dot ? pci_topo_print_dot(plat, f) :
			       pci_topo_print(plat, f), 0);
	fclose(f);
	return buf;
}

static void expect_line(const char *text, const char *line)
{
	const char *p = text;
	size_t n = strlen(line);

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, line, n) && (p[n] == '\n' || p[n] == 0))
			return;
	fail_msg("no line '%s' in:\n%s", line, text);
}

static void test_default_text(void **state)
{
	struct platform *plat = platform_create(NULL);
	char *t = print(plat, false);

	expect_line(t, "platform default (default)");
	expect_line(t, "RAM 4 GiB: normal 2816 MiB, movable 1 GiB, cma 256 MiB");
	expect_line(t, "host bridge hb0 [0000:00] bus offset 0x10000000000, "
		    "P2P allowed (same host bridge only)");
	expect_line(t, "host bridge hb1 [0000:80] bus offset 0, "
		    "P2P not allowed");
	expect_line(t, "|-- 0000:00:01.0 rp0 (root port, buses 01-05)");
	expect_line(t, "|       |   `-- 0000:03:00.0 gpu0 (gpu 10de:2330)");
	expect_line(t, "|       |-- 0000:07:00.0 sw1.0 (switch downstream "
		    "port, buses 08-08) ACS redirect");
	expect_line(t, "    `-- 0000:81:00.0 nic1 (nic 15b3:101d)");
	expect_line(t, "0000:09:00.0 nvme0: nvme [144d:a80a] class 010802, "
		    "iommu passthrough");
	expect_line(t, "0000:03:00.0 gpu0: gpu [10de:2330] class 030200, "
		    "iommu translate (can fault)");
	expect_line(t, "  BAR2: cpu 0x100000000 bus 0x10100000000 size "
		    "256 MiB mem64 prefetch p2p");
	expect_line(t, "          gpu0             gpu1             nic0   "
		    "          gpu2             nvme0            capture0 "
		    "        nic1");
	expect_line(t, "gpu0      BUS_ADDR         BUS_ADDR         BUS_ADDR "
		    "        THRU_HOST_BRIDGE THRU_HOST_BRIDGE THRU_HOST_BRIDGE "
		    "NOT_SUPPORTED");
	expect_line(t, "nvme0     THRU_HOST_BRIDGE THRU_HOST_BRIDGE "
		    "THRU_HOST_BRIDGE THRU_HOST_BRIDGE BUS_ADDR         "
		    "THRU_HOST_BRIDGE NOT_SUPPORTED");
	/* Non-providers get no row. */
	assert_null(strstr(t, "\nnic0 "));
	free(t);

	/* Removed devices are marked. */
	pci_remove_device(pdev_of(plat, "nic0"));
	t = print(plat, false);
	expect_line(t, "|           `-- 0000:05:00.0 nic0 (nic 15b3:101d) "
		    "[removed]");
	free(t);
	platform_destroy(plat);
}

static void test_default_dot(void **state)
{
	struct platform *plat = platform_create(NULL);
	char *t = print(plat, true);
	size_t n = strlen(t);

	assert_int_equal(strncmp(t, "digraph \"default\" {\n", 20), 0);
	assert_string_equal(t + n - 2, "}\n");
	expect_line(t, "  \"hb:hb0\" -> \"0000:00:01.0\";");
	expect_line(t, "  \"0000:02:00.0\" -> \"0000:03:00.0\";");
	expect_line(t, "  \"0000:03:00.0\" -> \"0000:04:00.0\" [dir=none, "
		    "constraint=false, style=dashed, color=darkgreen, "
		    "fontcolor=darkgreen, label=\"BUS_ADDR\"];");
	expect_line(t, "  \"0000:03:00.0\" -> \"0000:81:00.0\" [dir=none, "
		    "constraint=false, style=dashed, color=red, "
		    "fontcolor=red, label=\"NOT_SUPPORTED\"];");
	assert_non_null(strstr(t, "label=\"THRU_HOST_BRIDGE\""));
	assert_non_null(strstr(t, "ACS redirect\", color=red];"));
	/* Two non-providers: no P2P edge between the NICs. */
	assert_null(strstr(t, "\"0000:05:00.0\" -> \"0000:81:00.0\""));
	free(t);
	platform_destroy(plat);
}

/* Run the command with stdout in a temporary file; returns its text. */
static char *run_cmd(int argc, char **argv, int *ret)
{
	char path[] = "/tmp/dmb-topo-XXXXXX";
	int fd = mkstemp(path), saved;
	char *buf;
	FILE *f;
	long len;

	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	*ret = cmd_topo(argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, len + 1);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
	unlink(path);
	return buf;
}

static void test_command(void **state)
{
	char file[512];
	char *a_plain[] = { "topo", NULL };
	char *a_dot[] = { "topo", "--dot", file, NULL };
	char *a_file[] = { "topo", file, NULL };
	char *a_bad[] = { "topo", "--bogus", NULL };
	char *a_two[] = { "topo", file, file, NULL };
	char *a_missing[] = { "topo", "/nonexistent.json", NULL };
	char *a_help[] = { "topo", "--help", NULL };
	char *out;
	int ret;

	snprintf(file, sizeof(file), "%s/acs_redirect.json", platforms_dir());
	out = run_cmd(1, a_plain, &ret);
	assert_int_equal(ret, 0);
	expect_line(out, "platform default (default)");
	free(out);
	out = run_cmd(2, a_file, &ret);
	assert_int_equal(ret, 0);
	expect_line(out, "gpu1      THRU_HOST_BRIDGE BUS_ADDR         "
		    "THRU_HOST_BRIDGE");
	free(out);
	out = run_cmd(3, a_dot, &ret);
	assert_int_equal(ret, 0);
	assert_int_equal(strncmp(out, "digraph \"acs-redirect\"", 22), 0);
	free(out);
	out = run_cmd(2, a_help, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(out, "usage: dmabridge topo"));
	free(out);
	/* Errors say so on stderr and print nothing. */
	out = run_cmd(2, a_bad, &ret);
	assert_int_equal(ret, 2);
	assert_string_equal(out, "");
	free(out);
	out = run_cmd(3, a_two, &ret);
	assert_int_equal(ret, 2);
	free(out);
	out = run_cmd(2, a_missing, &ret);
	assert_int_equal(ret, 1);
	assert_string_equal(out, "");
	free(out);
}

static void test_bad_args(void **state)
{
	assert_int_equal(pci_topo_print(NULL, stderr), -EINVAL);
	assert_int_equal(pci_topo_print_dot(NULL, stderr), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_default_text),
		dmb_unit_test(test_default_dot),
		dmb_unit_test(test_command),
		dmb_unit_test(test_bad_args),
	};

	return dmb_run_tests(tests);
}
