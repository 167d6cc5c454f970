// SPDX-License-Identifier: GPL-2.0
/* File syscalls: device nodes, open/close/ioctl/lseek/ftruncate/dup. */
#include <stdlib.h>
#include <sys/ioctl.h>
#include "dmb_test.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/uaccess.h>

struct fake_dev {
	int opens, releases;
	int open_error;
	loff_t size, truncated_to;
};

#define FAKE_IOC_GET _IOR('f', 1, int)

static int fake_open(struct inode *inode, struct file *file)
{
	struct fake_dev *d = file->private_data;

	if (d->open_error)
		return d->open_error;
	__atomic_add_fetch(&d->opens, 1, __ATOMIC_RELAXED);
	return 0;
}

static int fake_release(struct inode *inode, struct file *file)
{
	struct fake_dev *d = file->private_data;

	__atomic_add_fetch(&d->releases, 1, __ATOMIC_RELAXED);
	return 0;
}

static long fake_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int v = 42;

	if (cmd != FAKE_IOC_GET)
		return -ENOIOCTLCMD;
	if (copy_to_user((void *)arg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static loff_t fake_llseek(struct file *file, loff_t off, int whence)
{
	struct fake_dev *d = file->private_data;

	if (whence == SEEK_END && off == 0)
		return d->size;
	if (whence == SEEK_SET && off == 0)
		return 0;
	return -EINVAL;
}

static int fake_ftruncate(struct file *file, loff_t len)
{
	struct fake_dev *d = file->private_data;

	d->truncated_to = len;
	return 0;
}

static const struct file_operations fake_fops = {
	.name = "fake",
	.open = fake_open,
	.release = fake_release,
	.unlocked_ioctl = fake_ioctl,
	.llseek = fake_llseek,
	.ftruncate = fake_ftruncate,
};

static const struct file_operations bare_fops = { .name = "bare" };

static void test_open_close(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct fake_dev d = { .size = 8192 };
	int fd, fd2;

	assert_int_equal(devnode_register(plat, "/dev/fake", &fake_fops, &d), 0);
	assert_int_equal(devnode_register(plat, "/dev/fake", &fake_fops, &d),
			 -EEXIST);
	assert_int_equal(sys_open("/dev/nope", O_RDWR), -ENOENT);
	assert_int_equal(sys_open(NULL, O_RDWR), -EFAULT);
	assert_int_equal(sys_open("", O_RDWR), -ENOENT);
	assert_int_equal(sys_open("/dev/fake", O_ACCMODE), -EINVAL);
	fd = sys_open("/dev/fake", O_RDWR);
	assert_int_equal(fd, 0);
	fd2 = sys_dup(fd);
	assert_int_equal(fd2, 1);
	assert_int_equal(d.opens, 1);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(sys_close(fd), -EBADF);
	assert_int_equal(d.releases, 0);	/* the dup holds the file */
	assert_int_equal(sys_close(fd2), 0);
	assert_int_equal(d.releases, 1);
	assert_int_equal(sys_close(-1), -EBADF);
	assert_int_equal(sys_dup(-3), -EBADF);
	assert_int_equal(sys_dup(77), -EBADF);

	/* A failing ->open leaves no fd behind and no release. */
	d.open_error = -EBUSY;
	assert_int_equal(sys_open("/dev/fake", O_RDWR), -EBUSY);
	assert_int_equal(d.releases, 1);
	d.open_error = 0;
	assert_int_equal(sys_open("/dev/fake", O_RDWR), 0);
	assert_int_equal(sys_close(0), 0);

	assert_int_equal(devnode_unregister(plat, "/dev/fake"), 0);
	assert_int_equal(devnode_unregister(plat, "/dev/fake"), -ENOENT);
	dmb_kernel_platform_free(plat);
}

static void test_ioctl_lseek_ftruncate(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct fake_dev d = { .size = 8192 };
	int fd, ro, v = 0;

	assert_int_equal(devnode_register(plat, "/dev/fake", &fake_fops, &d), 0);
	assert_int_equal(devnode_register(plat, "/dev/bare", &bare_fops, NULL),
			 0);
	fd = sys_open("/dev/fake", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(sys_ioctl(fd, FAKE_IOC_GET, (unsigned long)&v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(sys_ioctl(fd, FAKE_IOC_GET, 0), -EFAULT);
	assert_int_equal(sys_ioctl(fd, _IO('f', 9), 0), -ENOTTY);
	assert_int_equal(sys_ioctl(99, FAKE_IOC_GET, 0), -EBADF);
	assert_int_equal(sys_lseek(fd, 0, SEEK_END), 8192);
	assert_int_equal(sys_lseek(fd, 0, 7), -EINVAL);
	assert_int_equal(sys_lseek(99, 0, SEEK_SET), -EBADF);
	assert_int_equal(sys_ftruncate(fd, 4096), 0);
	assert_int_equal(d.truncated_to, 4096);
	assert_int_equal(sys_ftruncate(fd, -1), -EINVAL);
	assert_int_equal(sys_ftruncate(99, 1), -EBADF);
	ro = sys_open("/dev/fake", O_RDONLY);
	assert_int_equal(sys_ftruncate(ro, 1), -EINVAL);

	v = sys_open("/dev/bare", O_RDWR);
	assert_true(v >= 0);
	assert_int_equal(sys_ioctl(v, 1, 0), -ENOTTY);
	assert_int_equal(sys_lseek(v, 0, SEEK_SET), -ESPIPE);
	assert_int_equal(sys_ftruncate(v, 0), -EINVAL);

	assert_int_equal(sys_close(v), 0);
	assert_int_equal(sys_close(ro), 0);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(d.releases, 2);
	devnode_unregister(plat, "/dev/fake");
	devnode_unregister(plat, "/dev/bare");
	dmb_kernel_platform_free(plat);
}

static void test_open_alloc_failure(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct fake_dev d = { 0 };
	int i, fd;

	assert_int_equal(devnode_register(plat, "/dev/fake", &fake_fops, &d), 0);
	/* Fail each allocation in turn: an error, never a leak or an fd. */
	for (i = 1; i < 6; i++) {
		failslab_after(i);
		fd = sys_open("/dev/fake", O_RDWR);
		failslab_off();
		if (fd >= 0) {
			assert_int_equal(sys_close(fd), 0);
			continue;
		}
		assert_int_equal(fd, -ENOMEM);
		assert_int_equal(sys_close(0), -EBADF);
	}
	assert_int_equal(d.opens, d.releases);
	devnode_unregister(plat, "/dev/fake");
	dmb_kernel_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_open_close),
		dmb_unit_test(test_ioctl_lseek_ftruncate),
		dmb_unit_test(test_open_alloc_failure),
	};

	return dmb_run_tests(tests);
}
