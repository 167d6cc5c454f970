// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs for simulated processes: path walking with symbolic links, the
 * attribute and directory files, readlink and getdents64, and the
 * /sys/kernel/iommu_groups tree. /sys/bus/pci is pci/pci-sysfs.c.
 *
 * Like kernfs: an attribute is shown into one page on each read (reads
 * past the text return 0), a write hands at most one page, NUL-
 * terminated, to the store; opening for writing an attribute without a
 * store (or for reading one without show) is -EACCES; a directory opens
 * read-only (-EISDIR otherwise) and is read with getdents64. An open
 * file keeps its device referenced; once the device is removed its
 * attributes give -ENODEV, as kernfs does after the node is deactivated.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/sysfs.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/platform.h>
#include <dmabridge/device.h>
#include <dmabridge/iommu.h>
#include <dmabridge/pci.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/err.h>
#include <dmabridge/hw.h>
#include <dmabridge/uaccess.h>

#define SYSFS_PATH_MAX 512
#define SYSFS_MAXLINKS 8	/* Linux: MAXSYMLINKS is 40; 8 is plenty here */

void sysfs_node_put(struct sysfs_node *n)
{
	put_device(n->dev);
	n->dev = NULL;
}

/* A directory whose entries are a fixed list of names (all dirs). */
struct fixed_dir {
	const char *path;
	const char *const *names;
};

static const char *const sys_names[] = { "bus", "kernel", NULL };
static const char *const bus_names[] = { "pci", NULL };
static const char *const kernel_names[] = { "iommu_groups", NULL };
static const char *const group_names[] = { "devices", NULL };

static const struct fixed_dir fixed_dirs[] = {
	{ "/sys", sys_names },
	{ "/sys/bus", bus_names },
	{ "/sys/kernel", kernel_names },
};

static int fixed_iterate(struct sysfs_node *n, int pos, char *name,
			 size_t len, unsigned char *type)
{
	const char *const *names = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fixed_dirs); i++)
		if (!strcmp(fixed_dirs[i].path, n->arg))
			names = fixed_dirs[i].names;
	if (!names && !strncmp(n->arg, "/sys/kernel/iommu_groups/", 25))
		names = group_names;
	for (i = 0; names && names[i]; i++)
		if ((int)i == pos) {
			snprintf(name, len, "%s", names[i]);
			*type = DT_DIR;
			return 1;
		}
	return 0;
}

static int groups_iterate(struct sysfs_node *n, int pos, char *name,
			  size_t len, unsigned char *type)
{
	if (pos >= iommu_groups_count(n->plat))
		return 0;
	snprintf(name, len, "%d", pos);
	*type = DT_DIR;
	return 1;
}

struct nth_arg {
	int want, at;
	struct device *dev;
};

static int nth_dev(struct device *dev, void *data)
{
	struct nth_arg *a = data;

	if (a->at++ == a->want) {
		a->dev = dev;
		return 1;
	}
	return 0;
}

static int group_devices_iterate(struct sysfs_node *n, int pos, char *name,
				 size_t len, unsigned char *type)
{
	struct iommu_group *g = iommu_group_by_id(n->plat, atoi(n->arg));
	struct nth_arg a = { .want = pos };

	if (!g || !iommu_group_for_each_dev(g, &a, nth_dev))
		return 0;
	snprintf(name, len, "%s", dev_name(a.dev));
	*type = DT_LNK;
	return 1;
}

/* "N" with no sign, no leading zero: the group, or NULL. */
static struct iommu_group *group_of_name(struct platform *plat,
					 const char *s, size_t len)
{
	int id = 0;
	size_t i;

	if (!len || len > 6 || (s[0] == '0' && len > 1))
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NULL;
		id = id * 10 + (s[i] - '0');
	}
	return iommu_group_by_id(plat, id);
}

static int kernel_groups_node(struct platform *plat, const char *rest,
			      struct sysfs_node *n)
{
	const char *slash = strchr(rest, '/');
	size_t len = slash ? (size_t)(slash - rest) : strlen(rest);
	struct iommu_group *g = group_of_name(plat, rest, len);

	if (!g)
		return -ENOENT;
	snprintf(n->arg, sizeof(n->arg), "%d", iommu_group_id(g));
	if (!slash) {
		snprintf(n->arg, sizeof(n->arg), "/sys/kernel/iommu_groups/%d",
			 iommu_group_id(g));
		n->type = SYSFS_DIR;
		n->iterate = fixed_iterate;
		return 0;
	}
	rest = slash + 1;
	if (!strcmp(rest, "devices")) {
		n->type = SYSFS_DIR;
		n->iterate = group_devices_iterate;
		return 0;
	}
	if (strncmp(rest, "devices/", 8))
		return -ENOENT;
	rest += 8;
	{
		struct pci_dev *pdev = pci_get_by_name(plat, rest);
		bool member = pdev && pdev->dev.iommu_group == g &&
			      !strcmp(pci_name(pdev), rest);

		pci_dev_put(pdev);
		if (!member)
			return -ENOENT;
	}
	n->type = SYSFS_LINK;
	snprintf(n->target, sizeof(n->target),
		 "../../../../bus/pci/devices/%s", rest);
	return 0;
}

int sysfs_node_at(struct platform *plat, const char *path,
		  struct sysfs_node *n)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	n->plat = plat;
	for (i = 0; i < ARRAY_SIZE(fixed_dirs); i++)
		if (!strcmp(path, fixed_dirs[i].path)) {
			n->type = SYSFS_DIR;
			n->iterate = fixed_iterate;
			snprintf(n->arg, sizeof(n->arg), "%s", path);
			return 0;
		}
	if (!strcmp(path, "/sys/bus/pci") || !strncmp(path, "/sys/bus/pci/", 13))
		return pci_sysfs_node(plat, path + 12, n);
	if (!strcmp(path, "/sys/kernel/iommu_groups")) {
		n->type = SYSFS_DIR;
		n->iterate = groups_iterate;
		return 0;
	}
	if (!strncmp(path, "/sys/kernel/iommu_groups/", 25))
		return kernel_groups_node(plat, path + 25, n);
	return -ENOENT;
}

/*
 * Walk @path to a canonical one in @canon, following links (the last one
 * only if @follow). The node found is left in @n (sysfs_node_put it).
 */
static int sysfs_walk(struct platform *plat, const char *path, bool follow,
		      char *canon, struct sysfs_node *n)
{
	char todo[SYSFS_PATH_MAX], cur[SYSFS_PATH_MAX];
	int links = 0, ret;
	char *p;

	if (!path)
		return -EFAULT;
	if (strlen(path) >= SYSFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] != '/')
		return -ENOENT;	/* no working directory here */
	snprintf(todo, sizeof(todo), "%s", path);
restart:
	cur[0] = 0;
	memset(n, 0, sizeof(*n));
	n->type = SYSFS_DIR;	/* "/" */
	p = todo;
	while (*p) {
		char comp[SYSFS_PATH_MAX];
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		if (n->type != SYSFS_DIR) {
			sysfs_node_put(n);
			return -ENOTDIR;
		}
		memcpy(comp, p, len);
		comp[len] = 0;
		p += len;
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *s = strrchr(cur, '/');

			if (s)
				*s = 0;
		} else if (strlen(cur) + len + 2 > sizeof(cur)) {
			sysfs_node_put(n);
			return -ENAMETOOLONG;
		} else {
			strcat(cur, "/");
			strcat(cur, comp);
		}
		sysfs_node_put(n);
		if (!cur[0]) {
			n->type = SYSFS_DIR;
			continue;
		}
		if (strcmp(cur, "/sys") && strncmp(cur, "/sys/", 5))
			return -ENOENT;	/* only /sys exists */
		ret = sysfs_node_at(plat, cur, n);
		if (ret)
			return ret;
		while (*p == '/')
			p++;
		if (n->type == SYSFS_LINK && (*p || follow)) {
			char next[SYSFS_PATH_MAX], *s;

			if (++links > SYSFS_MAXLINKS) {
				sysfs_node_put(n);
				return -ELOOP;
			}
			s = strrchr(cur, '/');
			*s = 0;
			if (snprintf(next, sizeof(next), "%s/%s/%s", cur,
				     n->target, p) >= (int)sizeof(next)) {
				sysfs_node_put(n);
				return -ENAMETOOLONG;
			}
			sysfs_node_put(n);
			memcpy(todo, next, sizeof(todo));
			goto restart;
		}
	}
	if (!cur[0])
		return -ENOENT;	/* "/" itself: not modelled */
	snprintf(canon, SYSFS_PATH_MAX, "%s", cur);
	return 0;
}

ssize_t sysfs_readlink(struct platform *plat, const char *path, char *buf,
		       size_t bufsiz)
{
	char canon[SYSFS_PATH_MAX];
	struct sysfs_node n;
	size_t len;
	int ret;

	ret = sysfs_walk(plat, path, false, canon, &n);
	if (ret)
		return ret;
	if (n.type != SYSFS_LINK) {
		sysfs_node_put(&n);
		return -EINVAL;
	}
	len = min(strlen(n.target), bufsiz);
	/* A bad buffer is -EFAULT, not a crash (fuzz finding F7). */
	ret = copy_to_user(buf, n.target, len) ? -EFAULT : 0;
	sysfs_node_put(&n);
	return ret ? ret : (ssize_t)len;
}

/* ---- files ---- */

static bool node_gone(struct sysfs_node *n)
{
	return n->dev && READ_ONCE(n->dev->dead);
}

static ssize_t sysfs_read(struct file *file, char *buf, size_t count,
			  loff_t *pos)
{
	struct sysfs_node *n = file->private_data;
	char *page;
	ssize_t len;

	if (n->type == SYSFS_DIR)
		return -EISDIR;
	if (node_gone(n))
		return -ENODEV;
	if (!n->show)
		return -EINVAL;	/* mmap-only, like a BAR's resource file */
	page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	len = n->show(n, page);
	if (len >= 0) {
		if (*pos >= len) {
			len = 0;
		} else {
			len = min_t(size_t, count, len - *pos);
			memcpy(buf, page + *pos, len);
			*pos += len;
		}
	}
	kfree(page);
	return len;
}

static ssize_t sysfs_write(struct file *file, const char *buf, size_t count,
			   loff_t *pos)
{
	struct sysfs_node *n = file->private_data;
	ssize_t ret;
	char *page;

	if (node_gone(n))
		return -ENODEV;
	if (!n->store)
		return -EINVAL;
	count = min_t(size_t, count, PAGE_SIZE);
	page = kmalloc(count + 1, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	memcpy(page, buf, count);
	page[count] = 0;
	ret = n->store(n, page, count);
	kfree(page);
	return ret;
}

static loff_t sysfs_llseek(struct file *file, loff_t off, int whence)
{
	loff_t ret;

	mutex_lock(&file->f_pos_lock);
	if (whence == SEEK_CUR &&
	    __builtin_add_overflow(off, file->f_pos, &off))
		off = -1;	/* past the largest loff_t: -EINVAL (F9) */
	if (whence == SEEK_END || off < 0) {
		ret = -EINVAL;
	} else {
		file->f_pos = off;
		ret = off;
	}
	mutex_unlock(&file->f_pos_lock);
	return ret;
}

static int sysfs_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct sysfs_node *n = file->private_data;

	if (!n->mmap)
		return -ENODEV;
	if (node_gone(n))
		return -ENODEV;
	return n->mmap(n, vma);
}

static int sysfs_release(struct inode *inode, struct file *file)
{
	struct sysfs_node *n = file->private_data;

	sysfs_node_put(n);
	kfree(n);
	return 0;
}

static const struct file_operations sysfs_fops = {
	.name = "sysfs",
	.read = sysfs_read,
	.write = sysfs_write,
	.llseek = sysfs_llseek,
	.mmap = sysfs_mmap,
	.release = sysfs_release,
};

struct file *sysfs_open(struct platform *plat, const char *path, int flags)
{
	char canon[SYSFS_PATH_MAX];
	struct sysfs_node *n;
	bool rd = (flags & O_ACCMODE) != O_WRONLY;
	bool wr = (flags & O_ACCMODE) != O_RDONLY;
	struct file *file;
	int ret;

	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	ret = sysfs_walk(plat, path, !(flags & O_NOFOLLOW), canon, n);
	if (ret) {
		kfree(n);
		return ERR_PTR(ret);
	}
	if (n->type == SYSFS_LINK)
		ret = -ELOOP;		/* O_NOFOLLOW on a link */
	else if (n->type == SYSFS_DIR && wr)
		ret = -EISDIR;
	else if (n->type == SYSFS_ATTR && !n->mmap &&
		 ((rd && !n->show) || (wr && !n->store)))
		ret = -EACCES;
	if (ret) {
		sysfs_node_put(n);
		kfree(n);
		return ERR_PTR(ret);
	}
	file = anon_inode_getfile(canon, &sysfs_fops, n, flags);
	if (IS_ERR(file)) {
		sysfs_node_put(n);
		kfree(n);
	}
	return file;
}

/* ---- syscalls ---- */

ssize_t sys_readlink(const char *path, char *buf, size_t bufsiz)
{
	struct platform *plat = current ? current->platform : NULL;

	if (!plat)
		return -EBADF;
	if (!path || !buf)
		return -EFAULT;
	if (!bufsiz || bufsiz > INT32_MAX)
		return -EINVAL;
	if (!*path)
		return -ENOENT;
	return syscall_exit(sysfs_readlink(plat, path, buf, bufsiz));
}

ssize_t sys_getdents64(int fd, void *dirp, size_t count)
{
	struct file *file;
	struct sysfs_node *n;
	size_t used = 0;
	ssize_t ret = 0;

	if (fd < 0)
		return -EBADF;
	if (!dirp)
		return -EFAULT;
	file = fget(fd);
	if (!file)
		return -EBADF;
	n = file->f_op == &sysfs_fops ? file->private_data : NULL;
	if (!n || n->type != SYSFS_DIR) {
		fput(file);
		return -ENOTDIR;
	}
	mutex_lock(&file->f_pos_lock);
	for (;;) {
		union {
			struct linux_dirent64 d;
			char buf[offsetof(struct linux_dirent64, d_name) + 256 +
				 8];
		} ent;
		char name[256];
		unsigned char type = DT_REG;
		size_t reclen;

		if (!n->iterate(n, (int)file->f_pos, name, sizeof(name), &type))
			break;
		reclen = ALIGN(offsetof(struct linux_dirent64, d_name) +
			       strlen(name) + 1, 8);
		if (used + reclen > count) {
			if (!used)
				ret = -EINVAL;	/* buffer too small */
			break;
		}
		memset(&ent, 0, reclen);
		ent.d.d_ino = file->f_pos + 1;
		ent.d.d_off = file->f_pos + 1;
		ent.d.d_reclen = reclen;
		ent.d.d_type = type;
		strcpy(ent.d.d_name, name);
		/*
		 * A bad buffer: -EFAULT, or what was copied before it, as
		 * filldir64's failed copy_to_user (fuzz finding F7).
		 */
		if (copy_to_user((char *)dirp + used, &ent, reclen)) {
			if (!used)
				ret = -EFAULT;
			break;
		}
		used += reclen;
		file->f_pos++;
	}
	mutex_unlock(&file->f_pos_lock);
	fput(file);
	return syscall_exit(ret ? ret : (ssize_t)used);
}
