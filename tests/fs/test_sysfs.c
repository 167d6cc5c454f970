// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs as a process sees it: attribute formats, the driver and
 * iommu_group links, group directories, driver_override/bind/unbind/
 * drivers_probe writes with Linux's errno, bad input, and a removed
 * device's open attribute.
 */
#include "tdrv.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/sysfs.h>

#define DEV(bdf, attr) "/sys/bus/pci/devices/" bdf "/" attr
#define GPU0 "0000:03:00.0"
#define CAP0 "0000:06:00.0"
#define NIC1 "0000:07:00.0"

static struct platform *setup(void)
{
	atomic_set(&tdrv_probes, 0);
	tdrv_skip_quiesce = tdrv_export = tdrv_revoke = false;
	tdrv_probe_error = 0;
	return tdrv_platform();
}

/* The whole text of a sysfs file, or "" with *err set. */
static const char *cat(const char *path, ssize_t *err)
{
	static char buf[PAGE_SIZE + 1];
	int fd = sys_open(path, O_RDONLY);
	ssize_t n;

	*err = 0;
	buf[0] = 0;
	if (fd < 0) {
		*err = fd;
		return buf;
	}
	n = sys_read(fd, buf, PAGE_SIZE);
	if (n < 0)
		*err = n;
	else
		buf[n] = 0;
	sys_close(fd);
	return buf;
}

static ssize_t echo(const char *path, const char *s)
{
	int fd = sys_open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = sys_write(fd, s, strlen(s));
	sys_close(fd);
	return n;
}

static const char *link_of(const char *path)
{
	static char buf[256];
	ssize_t n = sys_readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return "";
	buf[n] = 0;
	return buf;
}

/* vendor, device, class and resource in Linux's formats. */
static void test_device_attributes_have_linux_formats(void **state)
{
	struct platform *plat = setup();
	struct pci_dev *gpu0 = tdrv_pdev(plat, "gpu0");
	char line[80];
	ssize_t err;
	int fd;

	assert_string_equal(cat(DEV(GPU0, "vendor"), &err), "0x10de\n");
	assert_string_equal(cat(DEV(GPU0, "device"), &err), "0x2330\n");
	assert_string_equal(cat(DEV(GPU0, "class"), &err), "0x030200\n");
	assert_string_equal(cat(DEV(CAP0, "class"), &err), "0x040000\n");
	assert_string_equal(cat(DEV(GPU0, "driver_override"), &err),
			    "(null)\n");
	assert_string_equal(cat(DEV(CAP0, "driver_override"), &err),
			    "pci-stub\n");
	snprintf(line, sizeof(line), "0x%016llx 0x%016llx 0x%016llx\n",
		 (unsigned long long)pci_resource_start(gpu0, 0),
		 (unsigned long long)pci_resource_end(gpu0, 0),
		 (unsigned long long)pci_resource_flags(gpu0, 0));
	assert_int_equal(strncmp(cat(DEV(GPU0, "resource"), &err), line,
				 strlen(line)), 0);
	assert_int_equal(strlen(cat(DEV(GPU0, "resource"), &err)),
			 7 * strlen(line));
	/* Reads continue at the file position; pread at an offset. */
	fd = sys_open(DEV(GPU0, "vendor"), O_RDONLY);
	assert_int_equal(sys_read(fd, line, 3), 3);
	assert_int_equal(sys_read(fd, line, sizeof(line)), 4);
	assert_memory_equal(line, "0de\n", 4);
	assert_int_equal(sys_read(fd, line, sizeof(line)), 0);
	assert_int_equal(sys_pread64(fd, line, 2, 4), 2);
	assert_memory_equal(line, "de", 2);
	sys_close(fd);
	tdrv_platform_destroy(plat);
}

/* driver and iommu_group links, and the group's devices directory. */
static void test_links_and_group_directories(void **state)
{
	struct platform *plat = setup();
	int gid = iommu_group_id(tdrv_pdev(plat, "gpu0")->dev.iommu_group);
	char path[128], want[128], buf[512];
	int fd, n, names = 0;
	long off;

	assert_string_equal(link_of(DEV(CAP0, "driver")),
			    "../../drivers/pci-stub");
	assert_int_equal(sys_readlink(DEV(GPU0, "driver"), buf, 10), -ENOENT);
	snprintf(want, sizeof(want), "../../../../kernel/iommu_groups/%d", gid);
	assert_string_equal(link_of(DEV(GPU0, "iommu_group")), want);
	/* No IOMMU, no group. */
	assert_int_equal(sys_readlink(DEV(NIC1, "iommu_group"), buf, 10),
			 -ENOENT);
	assert_int_equal(sys_readlink(DEV(GPU0, "vendor"), buf, 10), -EINVAL);
	/* Through the link to the group, and back to a member. */
	snprintf(path, sizeof(path), "%s", DEV(GPU0, "iommu_group/devices"));
	fd = sys_open(path, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(sys_read(fd, buf, 10), -EISDIR);
	n = sys_getdents64(fd, buf, sizeof(buf));
	assert_true(n > 0);
	for (off = 0; off < n;) {
		struct linux_dirent64 *d = (void *)(buf + off);

		assert_int_equal(d->d_type, DT_LNK);
		names++;
		off += d->d_reclen;
	}
	/* gpu0 and gpu1 share (p0, p1 no ACS); nic0 is behind ACS. */
	assert_int_equal(names, 2);
	assert_int_equal(sys_getdents64(fd, buf, sizeof(buf)), 0);
	sys_close(fd);
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices/"
		 GPU0, gid);
	assert_string_equal(link_of(path), "../../../../bus/pci/devices/"
			    GPU0);
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices/"
		 GPU0 "/vendor", gid);
	assert_string_equal(cat(path, &(ssize_t){ 0 }), "0x10de\n");
	assert_string_equal(cat(DEV(CAP0, "driver/../../devices/" GPU0
				    "/device"), &(ssize_t){ 0 }), "0x2330\n");
	/* A group id that does not exist, a leading zero. */
	assert_int_equal(sys_open("/sys/kernel/iommu_groups/99", O_RDONLY),
			 -ENOENT);
	assert_int_equal(sys_open("/sys/kernel/iommu_groups/00", O_RDONLY),
			 -ENOENT);
	tdrv_platform_destroy(plat);
}

/*
 * driver_override, unbind, bind and drivers_probe written by a process,
 * with Linux's errno for every bad write.
 */
static void test_bind_unbind_override_by_writes(void **state)
{
	struct platform *plat = setup();
	char big[PAGE_SIZE + 8];
	ssize_t err;

	assert_int_equal(pci_platform_register_driver(plat, &tdrv_driver), 0);
	assert_string_equal(link_of(DEV(GPU0, "driver")), "../../drivers/tdrv");
	/* Hand gpu0 to tdrv-plain: override, unbind, drivers_probe. */
	assert_int_equal(pci_platform_register_driver(plat,
						      &tdrv_plain_driver), 0);
	assert_int_equal(echo(DEV(GPU0, "driver_override"), "tdrv-plain\n"),
			 11);
	assert_int_equal(echo("/sys/bus/pci/drivers/tdrv/unbind", GPU0), 12);
	assert_int_equal(echo("/sys/bus/pci/drivers_probe", GPU0 "\n"), 13);
	assert_string_equal(link_of(DEV(GPU0, "driver")),
			    "../../drivers/tdrv-plain");
	assert_string_equal(link_of("/sys/bus/pci/drivers/tdrv-plain/" GPU0),
			    "../../devices/" GPU0);
	/* Errors. */
	assert_int_equal(echo("/sys/bus/pci/drivers/tdrv/bind", GPU0), -ENODEV);
	assert_int_equal(echo("/sys/bus/pci/drivers/tdrv-plain/bind", GPU0),
			 -EBUSY);
	assert_int_equal(echo("/sys/bus/pci/drivers/tdrv/bind", "0000:ff:1f.7"),
			 -ENODEV);
	assert_int_equal(echo("/sys/bus/pci/drivers/tdrv/unbind", GPU0),
			 -ENODEV);
	assert_int_equal(echo("/sys/bus/pci/drivers_probe", "bogus"), -ENODEV);
	assert_int_equal(echo("/sys/bus/pci/drivers/nodrv/bind", GPU0),
			 -ENOENT);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = 0;
	assert_int_equal(echo(DEV(GPU0, "driver_override"), big), -EINVAL);
	assert_int_equal(echo(DEV(GPU0, "vendor"), "0x1234"), -EACCES);
	assert_int_equal(sys_open("/sys/bus/pci/drivers/tdrv/bind", O_RDONLY),
			 -EACCES);
	assert_int_equal(sys_open("/sys/bus/pci/devices", O_WRONLY), -EISDIR);
	assert_int_equal(sys_open(DEV(GPU0, "nothing"), O_RDONLY), -ENOENT);
	assert_int_equal(sys_open(DEV(GPU0, "vendor/x"), O_RDONLY), -ENOTDIR);
	assert_int_equal(sys_open(DEV(GPU0, "driver"), O_RDONLY | O_NOFOLLOW),
			 -ELOOP);
	assert_int_equal(sys_readlink(NULL, big, 10), -EFAULT);
	assert_int_equal(sys_readlink(DEV(GPU0, "driver"), big, 0), -EINVAL);
	/* Clearing the override; the device stays with its driver. */
	assert_int_equal(echo(DEV(GPU0, "driver_override"), "\n"), 1);
	assert_string_equal(cat(DEV(GPU0, "driver_override"), &err),
			    "(null)\n");
	assert_string_equal(link_of(DEV(GPU0, "driver")),
			    "../../drivers/tdrv-plain");
	pci_platform_unregister_driver(plat, &tdrv_plain_driver);
	pci_platform_unregister_driver(plat, &tdrv_driver);
	tdrv_platform_destroy(plat);
}

/*
 * readlink and getdents64 into a bad buffer give -EFAULT (fuzz finding
 * F7: both wrote through the process's pointer and crashed). Guards the
 * copy_to_user() of each.
 */
static void test_bad_user_buffer_is_efault(void **state)
{
	struct platform *plat = setup();
	void *bad = (void *)16;
	int fd = sys_open("/sys/bus/pci/devices", O_RDONLY | O_DIRECTORY);

	assert_true(fd >= 0);
	assert_int_equal(sys_readlink(DEV(GPU0, "iommu_group"), bad, 64),
			 -EFAULT);
	assert_int_equal(sys_getdents64(fd, bad, 4096), -EFAULT);
	sys_close(fd);
	tdrv_platform_destroy(plat);
}

/*
 * A seek past the largest loff_t is -EINVAL and leaves the position
 * alone (finding F9: the sum overflowed, undefined behaviour that the
 * UBSan build reports). Guards the overflow check in sysfs_llseek().
 */
static void test_seek_past_largest_offset_is_einval(void **state)
{
	struct platform *plat = setup();
	int fd = sys_open(DEV(GPU0, "vendor"), O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(sys_lseek(fd, INT64_MAX, SEEK_SET), INT64_MAX);
	assert_int_equal(sys_lseek(fd, 1, SEEK_CUR), -EINVAL);
	assert_int_equal(sys_lseek(fd, INT64_MAX, SEEK_CUR), -EINVAL);
	assert_int_equal(sys_lseek(fd, 0, SEEK_CUR), INT64_MAX);
	assert_int_equal(sys_lseek(fd, -INT64_MAX, SEEK_CUR), 0);
	sys_close(fd);
	tdrv_platform_destroy(plat);
}

/* An open attribute of a device removed meanwhile gives -ENODEV. */
static void test_removed_device_attribute_gives_enodev(void **state)
{
	struct platform *plat = setup();
	char buf[16];
	int fd = sys_open(DEV(GPU0, "vendor"), O_RDONLY);

	assert_true(fd >= 0);
	pci_remove_device(tdrv_pdev(plat, "gpu0"));
	assert_int_equal(sys_read(fd, buf, sizeof(buf)), -ENODEV);
	sys_close(fd);
	tdrv_platform_destroy(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_device_attributes_have_linux_formats),
		dmb_unit_test(test_links_and_group_directories),
		dmb_unit_test(test_bind_unbind_override_by_writes),
		dmb_unit_test(test_removed_device_attribute_gives_enodev),
		dmb_unit_test(test_bad_user_buffer_is_efault),
		dmb_unit_test(test_seek_past_largest_offset_is_einval),
	};

	return dmb_run_tests(tests);
}
