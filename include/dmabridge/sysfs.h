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

/**
 * enum sysfs_type - what a sysfs path names
 * @SYSFS_DIR: a directory
 * @SYSFS_ATTR: an attribute file
 * @SYSFS_LINK: a symbolic link
 */
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

/**
 * sysfs_node_at() - the node at a canonical path
 * @plat: the platform
 * @path: no links in it, no "." or ".."
 * @n: filled in (with a device reference in n->dev)
 *
 * Nodes are computed from the platform's state (nothing is stored).
 *
 * Context: process context.
 * Return: 0, or -ENOENT.
 */
int sysfs_node_at(struct platform *plat, const char *path,
		  struct sysfs_node *n);
/**
 * pci_sysfs_node() - the nodes under /sys/bus/pci
 * @plat: the platform
 * @rest: what follows "/sys/bus/pci" ("" or "/...")
 * @n: filled in
 *
 * Context: process context.
 * Return: 0, or -ENOENT.
 */
int pci_sysfs_node(struct platform *plat, const char *rest,
		   struct sysfs_node *n);
/**
 * sysfs_node_put() - drop what sysfs_node_at() took
 * @n: the node
 *
 * Context: process context.
 */
void sysfs_node_put(struct sysfs_node *n);

/**
 * sysfs_open() - open a /sys path (devnode lookup falls back to it)
 * @plat: the platform
 * @path: the path
 * @flags: O_* flags
 *
 * Context: process context.
 * Return: the file, or ERR_PTR(): -ENOENT, -EACCES (writing a read-only
 * attribute), -EISDIR (writing a directory), -ELOOP (a link), -ENOMEM.
 */
struct file *sysfs_open(struct platform *plat, const char *path, int flags);
/**
 * sysfs_readlink() - readlink(2) on a /sys path
 * @plat: the platform
 * @path: the path
 * @buf: receives the target (not NUL-terminated)
 * @bufsiz: size of @buf
 *
 * Context: process context.
 * Return: bytes copied, -ENOENT, or -EINVAL (not a link).
 */
ssize_t sysfs_readlink(struct platform *plat, const char *path, char *buf,
		       size_t bufsiz);

/**
 * struct linux_dirent64 - one entry getdents64(2) returns
 * @d_ino: inode number
 * @d_off: offset of the next entry
 * @d_reclen: size of this entry
 * @d_type: DT_DIR, DT_REG, DT_LNK
 * @d_name: NUL-terminated name
 */
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

/**
 * sys_readlink() - readlink(2) for current
 * @path: the path
 * @buf: receives the target
 * @bufsiz: size of @buf
 *
 * Context: process context, with a current task.
 * Return: bytes copied, -EFAULT, -ENOENT, -EINVAL.
 */
ssize_t sys_readlink(const char *path, char *buf, size_t bufsiz);
/**
 * sys_getdents64() - getdents64(2) on a directory fd
 * @fd: the fd
 * @dirp: receives struct linux_dirent64 entries
 * @count: size of @dirp
 *
 * Context: process context, with a current task.
 * Return: bytes filled (0 at the end), -EBADF, -EFAULT, -ENOTDIR, -EINVAL
 * (@count too small for the next entry).
 */
ssize_t sys_getdents64(int fd, void *dirp, size_t count);

#endif
