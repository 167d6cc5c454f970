// SPDX-License-Identifier: GPL-2.0
/* File syscalls and the per-platform table of device nodes. */
#include <string.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/platform.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/err.h>
#include <dmabridge/sysfs.h>

/* What a file whose ->open failed is left with: nothing to release. */
static const struct file_operations unopened_fops = { .name = "unopened" };

struct devnode {
	struct list_head node;
	char *path;
	const struct file_operations *fops;
	void *priv;
};

static struct devnode *devnode_find(struct platform *plat, const char *path)
{
	struct devnode *dn;

	list_for_each_entry(dn, &plat->devnodes, node)
		if (!strcmp(dn->path, path))
			return dn;
	return NULL;
}

int devnode_register(struct platform *plat, const char *path,
		     const struct file_operations *fops, void *priv)
{
	struct devnode *dn;
	int ret = 0;

	if (!plat || !path || !fops)
		return -EINVAL;
	dn = kzalloc(sizeof(*dn), GFP_KERNEL);
	if (!dn)
		return -ENOMEM;
	dn->path = kstrdup(path, GFP_KERNEL);
	dn->fops = fops;
	dn->priv = priv;
	if (!dn->path) {
		kfree(dn);
		return -ENOMEM;
	}
	spin_lock(&plat->devnodes_lock);
	if (devnode_find(plat, path))
		ret = -EEXIST;
	else
		list_add_tail(&dn->node, &plat->devnodes);
	spin_unlock(&plat->devnodes_lock);
	if (ret) {
		kfree(dn->path);
		kfree(dn);
	}
	return ret;
}

int devnode_unregister(struct platform *plat, const char *path)
{
	struct devnode *dn;

	spin_lock(&plat->devnodes_lock);
	dn = devnode_find(plat, path);
	if (dn)
		list_del(&dn->node);
	spin_unlock(&plat->devnodes_lock);
	if (!dn)
		return -ENOENT;
	kfree(dn->path);
	kfree(dn);
	return 0;
}

void devnodes_unregister_all(struct platform *plat)
{
	struct devnode *dn, *tmp;
	LIST_HEAD(gone);

	spin_lock(&plat->devnodes_lock);
	list_splice_init(&plat->devnodes, &gone);
	spin_unlock(&plat->devnodes_lock);
	list_for_each_entry_safe(dn, tmp, &gone, node) {
		kfree(dn->path);
		kfree(dn);
	}
}

static struct file *devnode_open(const char *path, int flags)
{
	struct platform *plat = current_platform();
	const struct file_operations *fops = NULL;
	struct devnode *dn;
	struct file *file;
	void *priv = NULL;
	int ret;

	spin_lock(&plat->devnodes_lock);
	dn = devnode_find(plat, path);
	if (dn) {
		fops = dn->fops;
		priv = dn->priv;
	}
	spin_unlock(&plat->devnodes_lock);
	if (!fops && (!strcmp(path, "/sys") || !strncmp(path, "/sys/", 5)))
		return sysfs_open(plat, path, flags);
	if (!fops)
		return ERR_PTR(-ENOENT);
	file = anon_inode_getfile(path, fops, priv, flags);
	if (IS_ERR(file) || !fops->open)
		return file;
	ret = fops->open(file->f_inode, file);
	if (ret) {
		/* Not opened: no release for it either. */
		file->f_op = &unopened_fops;
		fput(file);
		return ERR_PTR(ret);
	}
	return file;
}

int sys_open(const char *path, int flags)
{
	struct file *file;
	int fd;

	if (!current || !current->files || !current->platform)
		return -EBADF;
	if (!path)
		return -EFAULT;
	if (!*path)
		return -ENOENT;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	fd = get_unused_fd_flags(flags);
	if (fd < 0)
		return fd;
	file = devnode_open(path, flags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}

int sys_close(int fd)
{
	if (fd < 0)
		return -EBADF;
	return close_fd(fd);
}

long sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *file;
	long ret;

	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = file->f_op->unlocked_ioctl ?
		      file->f_op->unlocked_ioctl(file, cmd, arg) : -ENOTTY;
	fput(file);
	/* -ENOIOCTLCMD ("not mine") and restart codes end here. */
	return syscall_exit(ret);
}

int sys_poll(struct pollfd *fds, unsigned int nfds, int timeout_ms)
{
	return syscall_exit(do_sys_poll(fds, nfds, timeout_ms));
}

loff_t sys_lseek(int fd, loff_t offset, int whence)
{
	struct file *file;
	loff_t ret;

	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	if (whence < SEEK_SET || whence > SEEK_END)
		ret = -EINVAL;
	else
		ret = vfs_llseek(file, offset, whence);
	fput(file);
	return ret;
}

int sys_ftruncate(int fd, loff_t length)
{
	struct file *file;
	int ret;

	if (length < 0)
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	if (!(file->f_mode & FMODE_WRITE) || !file->f_op->ftruncate)
		ret = -EINVAL;
	else
		ret = file->f_op->ftruncate(file, length);
	fput(file);
	return ret;
}

int sys_dup(int fd)
{
	struct file *file;
	int ret;

	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = receive_fd(file, 0);
	fput(file);
	return ret;
}
