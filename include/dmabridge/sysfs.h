/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs, as far as the drivers need it (fs/sysfs.c, pci/pci-sysfs.c):
 *
 *   /sys/bus/pci/devices/<BDF>/{vendor,device,class,resource,resource<N>,
 *                               driver_override,driver@,iommu_group@}
 *   /sys/bus/pci/drivers/<name>/{bind,unbind,<BDF>@}
 *   /sys/bus/pci/drivers_probe
 *   /sys/kernel/iommu_groups/<N>/devices/<BDF>@
 *
 * Nodes are computed from the platform's state when a path is looked up
 * (nothing is stored), so they always agree with it. Processes reach them
 * with sys_open/sys_read/sys_write/sys_readlink/sys_getdents64. Modelling
 * choice: /sys/devices is not built, devices live directly under
 * /sys/bus/pci/devices, so link targets have fewer "../" than Linux's
 * (their last component, which tools use, is the same).
 */
#ifndef DMABRIDGE_SYSFS_H
#define DMABRIDGE_SYSFS_H

#include <sys/types.h>
#include <dmabridge/types.h>

struct platform;
struct device;
struct file;
struct vm_area_struct;

enum sysfs_type { SYSFS_DIR, SYSFS_ATTR, SYSFS_LINK };

/**
 * struct sysfs_node - what a path names
 * @type: directory, attribute or symbolic link
 * @plat: the machine
 * @dev: the device of a device attribute (referenced while the node lives)
 * @arg: a name (driver, group number) the callbacks need
 * @target: a link's target, relative to the link's directory
 * @show: fill @buf (PAGE_SIZE) with the attribute's text; length or -errno
 * @store: take @count bytes (NUL-terminated); @count or -errno
 * @iterate: directory entry @pos: 1 and its name (and DT_* type), 0 at end
 * @mmap: map the attribute (resource<N>: the BAR) into @vma
 */
struct sysfs_node {
	enum sysfs_type type;
	struct platform *plat;
	struct device *dev;
	char arg[64];
	char target[256];
	ssize_t (*show)(struct sysfs_node *n, char *buf);
	ssize_t (*store)(struct sysfs_node *n, const char *buf, size_t count);
	int (*iterate)(struct sysfs_node *n, int pos, char *name, size_t len,
		       unsigned char *type);
	int (*mmap)(struct sysfs_node *n, struct vm_area_struct *vma);
};

/*
 * The node at canonical @path (no links in it, no "." or ".."); the
 * callee fills @n (taking a device reference in n->dev). 0 or -ENOENT.
 */
int sysfs_node_at(struct platform *plat, const char *path,
		  struct sysfs_node *n);
/* /sys/bus/pci/...: @rest is what follows "/sys/bus/pci" ("" or "/..."). */
int pci_sysfs_node(struct platform *plat, const char *rest,
		   struct sysfs_node *n);
void sysfs_node_put(struct sysfs_node *n);

/* fs/: open a /sys path (devnode lookup falls back to it). */
struct file *sysfs_open(struct platform *plat, const char *path, int flags);
/* readlink(2) on a /sys path: bytes copied (not NUL-terminated) or -errno. */
ssize_t sysfs_readlink(struct platform *plat, const char *path, char *buf,
		       size_t bufsiz);

/* getdents64(2): a directory fd's entries as struct linux_dirent64. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

ssize_t sys_readlink(const char *path, char *buf, size_t bufsiz);
ssize_t sys_getdents64(int fd, void *dirp, size_t count);

#endif
