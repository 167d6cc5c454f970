// SPDX-License-Identifier: GPL-2.0
/*
 * read/write/pread64/pwrite64 and the syscall exit rule: no kernel-internal
 * errno (restart codes, -ENOIOCTLCMD, ...) ever reaches a process.
 */
#include <string.h>
#include <sys/ioctl.h>
#include "dmb_test.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>

/* A 64-byte file: seekable, reads stop at the end, writes are clipped. */
struct store {
	char data[64];
	long ioctl_ret;
};

static ssize_t store_read(struct file *file, char *buf, size_t count,
			  loff_t *pos)
{
	struct store *s = file->private_data;

	if (*pos >= (loff_t)sizeof(s->data))
		return 0;
	count = min_t(size_t, count, sizeof(s->data) - *pos);
	memcpy(buf, s->data + *pos, count);
	*pos += count;
	return count;
}

static ssize_t store_write(struct file *file, const char *buf, size_t count,
			   loff_t *pos)
{
	struct store *s = file->private_data;

	if (*pos >= (loff_t)sizeof(s->data))
		return -ENOSPC;
	count = min_t(size_t, count, sizeof(s->data) - *pos);
	memcpy(s->data + *pos, buf, count);
	*pos += count;
	return count;
}

static loff_t store_llseek(struct file *file, loff_t off, int whence)
{
	if (whence != SEEK_SET || off < 0)
		return -EINVAL;
	file->f_pos = off;
	return off;
}

static long store_ioctl(struct file *file, unsigned int cmd,
			unsigned long arg)
{
	return ((struct store *)file->private_data)->ioctl_ret;
}

static const struct file_operations store_fops = {
	.name = "store",
	.read = store_read,
	.write = store_write,
	.llseek = store_llseek,
	.unlocked_ioctl = store_ioctl,
};

/* Readable and writable, but neither seekable nor positionable. */
static const struct file_operations stream_fops = {
	.name = "stream",
	.read = store_read,
	.write = store_write,
};

/* f_pos advances for read/write; pread/pwrite leave it where it was. */
static void test_read_write_move_f_pos_positioned_io_does_not(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct store s = { .data = "0123456789" };
	char buf[16] = { 0 };
	int fd;

	assert_int_equal(devnode_register(plat, "/dev/store", &store_fops, &s),
			 0);
	fd = sys_open("/dev/store", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(sys_read(fd, buf, 4), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(sys_read(fd, buf, 2), 2);
	assert_memory_equal(buf, "45", 2);
	assert_int_equal(sys_pread64(fd, buf, 3, 1), 3);
	assert_memory_equal(buf, "123", 3);
	/* pread did not move the position: the next read goes on at 6. */
	assert_int_equal(sys_read(fd, buf, 1), 1);
	assert_int_equal(buf[0], '6');
	assert_int_equal(sys_write(fd, "ab", 2), 2);
	assert_memory_equal(s.data + 7, "ab", 2);
	assert_int_equal(sys_pwrite64(fd, "Z", 1, 0), 1);
	assert_int_equal(s.data[0], 'Z');
	assert_int_equal(sys_read(fd, buf, 1), 1);
	assert_int_equal(buf[0], '9');
	/* At the end: a read returns 0, a write the device's error. */
	assert_int_equal(sys_pread64(fd, buf, 4, 64), 0);
	assert_int_equal(sys_pwrite64(fd, "x", 1, 64), -ENOSPC);
	/* A zero-length read of a NULL buffer is not a fault. */
	assert_int_equal(sys_read(fd, NULL, 0), 0);
	assert_int_equal(sys_close(fd), 0);
	devnode_unregister(plat, "/dev/store");
	dmb_kernel_platform_free(plat);
}

/* Each bad argument gets Linux's errno, and nothing is transferred. */
static void test_read_write_bad_arguments(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct store s = { .data = "abc" };
	char buf[4];
	int ro, wo, st;

	assert_int_equal(devnode_register(plat, "/dev/store", &store_fops, &s),
			 0);
	assert_int_equal(devnode_register(plat, "/dev/stream", &stream_fops,
					  &s), 0);
	ro = sys_open("/dev/store", O_RDONLY);
	wo = sys_open("/dev/store", O_WRONLY);
	st = sys_open("/dev/stream", O_RDWR);
	assert_true(ro >= 0 && wo >= 0 && st >= 0);
	assert_int_equal(sys_read(-1, buf, 1), -EBADF);
	assert_int_equal(sys_read(99, buf, 1), -EBADF);
	assert_int_equal(sys_write(ro, "x", 1), -EBADF);
	assert_int_equal(sys_read(wo, buf, 1), -EBADF);
	assert_int_equal(sys_read(ro, NULL, 1), -EFAULT);
	assert_int_equal(sys_write(wo, (void *)8, 1), -EFAULT);
	assert_int_equal(sys_pread64(ro, buf, 1, -1), -EINVAL);
	/* Position + count past the largest loff_t (fuzz finding F3). */
	assert_int_equal(sys_pread64(ro, buf, 4, INT64_MAX - 1), -EINVAL);
	assert_int_equal(sys_pwrite64(wo, "abcd", 4, INT64_MAX - 2), -EINVAL);
	assert_int_equal(sys_pread64(st, buf, 1, 0), -ESPIPE);
	assert_int_equal(sys_pwrite64(st, "x", 1, 0), -ESPIPE);
	assert_string_equal(s.data, "abc");
	/* A stream still reads and writes at f_pos. */
	assert_int_equal(sys_read(st, buf, 3), 3);
	assert_memory_equal(buf, "abc", 3);
	sys_close(ro);
	sys_close(wo);
	sys_close(st);
	devnode_unregister(plat, "/dev/store");
	devnode_unregister(plat, "/dev/stream");
	dmb_kernel_platform_free(plat);
}

/*
 * The restart codes a driver returns when a signal cut its wait short
 * reach the process as -EINTR, -ENOIOCTLCMD as -ENOTTY, and any other
 * kernel-internal code is a WARN and -EINVAL. Guards syscall_exit() on
 * the ioctl path (issue: -ERESTARTSYS from DMA_BUF_IOCTL_SYNC leaked).
 */
static void test_no_kernel_internal_errno_reaches_a_process(void **state)
{
	static const struct {
		long kernel, user;
	} cases[] = {
		{ -ERESTARTSYS, -EINTR },	{ -ERESTARTNOINTR, -EINVAL },
		{ -514, -EINTR },		{ -ENOIOCTLCMD, -ENOTTY },
		{ -516, -EINTR },		{ -EPROBE_DEFER, -EINVAL },
		{ -ENOTSUPP, -EINVAL },		{ -EBUSY, -EBUSY },
		{ 0, 0 },			{ 7, 7 },
	};
	struct platform *plat = dmb_kernel_platform();
	struct store s = { 0 };
	unsigned int i;
	int fd;

	assert_int_equal(devnode_register(plat, "/dev/store", &store_fops, &s),
			 0);
	fd = sys_open("/dev/store", O_RDWR);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool leaks = cases[i].user == -EINVAL &&
			     cases[i].kernel != -EINVAL;

		if (leaks)
			dmb_expect_reports(REPORT_WARN, 1);
		s.ioctl_ret = cases[i].kernel;
		assert_int_equal(sys_ioctl(fd, _IO('s', 1), 0), cases[i].user);
	}
	sys_close(fd);
	devnode_unregister(plat, "/dev/store");
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_read_write_move_f_pos_positioned_io_does_not),
		dmb_unit_test(test_read_write_bad_arguments),
		dmb_unit_test(test_no_kernel_internal_errno_reaches_a_process),
	};

	return dmb_run_tests(tests);
}
