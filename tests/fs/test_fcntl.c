// SPDX-License-Identifier: GPL-2.0
/* fcntl: fd duplication, close-on-exec, status flags, seal commands. */
#include "dmb_test.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/sched.h>

static const struct file_operations plain_fops = { .name = "plain" };

/*
 * F_DUPFD takes the lowest free fd at or above its argument; an argument
 * at the fd limit is -EINVAL, no free fd below it -EMFILE. F_DUPFD_CLOEXEC
 * marks the new fd close-on-exec, F_DUPFD does not. Guards: alloc_fd's
 * start and the close_on_exec bitmap.
 */
static void test_fcntl_dupfd_lowest_at_or_above(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	int fd = sys_memfd_create("d", 0), a, b, c;

	assert_int_equal(fd, 0);
	a = sys_fcntl(fd, F_DUPFD, 5);
	assert_int_equal(a, 5);
	b = sys_fcntl(fd, F_DUPFD_CLOEXEC, 5);
	assert_int_equal(b, 6);
	c = sys_fcntl(fd, F_DUPFD, 0);
	assert_int_equal(c, 1);
	assert_int_equal(sys_fcntl(a, F_GETFD, 0), 0);
	assert_int_equal(sys_fcntl(b, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl(c, F_GETFD, 0), 0);
	/* The same file behind every fd. */
	assert_int_equal(sys_ftruncate(a, 1), 0);
	assert_int_equal(sys_lseek(b, 0, SEEK_END), 1);
	assert_int_equal(files_set_max_fds(current->files, 8), 0);
	assert_int_equal(sys_fcntl(fd, F_DUPFD, 8), -EINVAL);
	assert_int_equal(sys_fcntl(fd, F_DUPFD, 7), 7);
	assert_int_equal(sys_fcntl(fd, F_DUPFD, 7), -EMFILE);
	assert_int_equal(sys_fcntl(99, F_DUPFD, 0), -EBADF);
	assert_int_equal(sys_fcntl(-1, F_GETFD, 0), -EBADF);
	dmb_kernel_platform_free(plat);
}

/*
 * FD_CLOEXEC follows the fd: set by O_CLOEXEC/MFD_CLOEXEC, changed by
 * F_SETFD, cleared when the fd number is reused. F_GETFL reports the
 * access mode and status flags, never O_CLOEXEC; F_SETFL changes only
 * the status flags Linux lets it change.
 */
static void test_fcntl_cloexec_and_status_flags(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	int fd = sys_memfd_create("c", MFD_CLOEXEC);
	long fl;

	assert_int_equal(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(sys_fcntl(fd, F_SETFD, 0), 0);
	assert_int_equal(sys_fcntl(fd, F_GETFD, 0), 0);
	assert_int_equal(sys_fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	assert_int_equal(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	fl = sys_fcntl(fd, F_GETFL, 0);
	assert_int_equal(fl & O_ACCMODE, O_RDWR);
	assert_int_equal(fl & O_CLOEXEC, 0);
	assert_int_equal(sys_fcntl(fd, F_SETFL, O_NONBLOCK | O_WRONLY), 0);
	fl = sys_fcntl(fd, F_GETFL, 0);
	assert_int_equal(fl & O_ACCMODE, O_RDWR);
	assert_true(fl & O_NONBLOCK);
	assert_int_equal(sys_close(fd), 0);
	/* The reused number starts without close-on-exec. */
	assert_int_equal(sys_memfd_create("n", 0), fd);
	assert_int_equal(sys_fcntl(fd, F_GETFD, 0), 0);
	/* Unknown commands -EINVAL; Linux commands not built -EOPNOTSUPP. */
	assert_int_equal(sys_fcntl(fd, 0x7fff, 0), -EINVAL);
	assert_int_equal(sys_fcntl(fd, F_SETLK, 0), -EOPNOTSUPP);
	dmb_kernel_platform_free(plat);
}

/* Seal commands on a file that is not a memfd: -EINVAL, as Linux. */
static void test_fcntl_seals_need_a_memfd(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct file *f = anon_inode_getfile("plain", &plain_fops, NULL, O_RDWR);
	int fd = get_unused_fd_flags(0);

	fd_install(fd, f);
	assert_int_equal(sys_fcntl(fd, F_GET_SEALS, 0), -EINVAL);
	assert_int_equal(sys_fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), -EINVAL);
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_fcntl_dupfd_lowest_at_or_above),
		dmb_unit_test(test_fcntl_cloexec_and_status_flags),
		dmb_unit_test(test_fcntl_seals_need_a_memfd),
	};

	return dmb_run_tests(tests);
}
