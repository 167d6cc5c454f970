// SPDX-License-Identifier: GPL-2.0
/* struct file lifetime and per-process fd tables. */
#include <stdio.h>
#include <string.h>
#include <dmabridge/fs.h>
#include <dmabridge/sched.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>

#define BITS_PER_LONG 64
static atomic_long_t next_ino = ATOMIC_INIT(1);

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops, void *priv,
				int flags)
{
	struct file *f;
	struct inode *inode;

	if (!fops || !name)
		return ERR_PTR(-EINVAL);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	if (!f || !inode) {
		kfree(f);
		kfree(inode);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_ino = atomic_long_inc_return(&next_ino);
	refcount_set(&inode->i_count, 1);
	refcount_set(&f->f_count, 1);
	f->f_op = fops;
	f->private_data = priv;
	f->f_inode = inode;
	f->f_flags = flags;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		f->f_mode = FMODE_READ;
		break;
	case O_WRONLY:
		f->f_mode = FMODE_WRITE;
		break;
	default:
		f->f_mode = FMODE_READ | FMODE_WRITE;
	}
	if (fops->llseek)
		f->f_mode |= FMODE_LSEEK;
	mutex_init(&f->f_pos_lock);
	f->platform = current_platform();
	snprintf(f->f_name, sizeof(f->f_name), "anon_inode:%s", name);
	return f;
}

struct file *get_file(struct file *f)
{
	refcount_inc(&f->f_count);
	return f;
}

long file_count(struct file *f)
{
	return refcount_read(&f->f_count);
}

void fput(struct file *f)
{
	struct inode *inode;

	if (!f || !refcount_dec_and_test(&f->f_count))
		return;
	inode = f->f_inode;
	if (f->f_op->release)
		f->f_op->release(inode, f);
	mutex_destroy(&f->f_pos_lock);
	if (inode && refcount_dec_and_test(&inode->i_count))
		kfree(inode);
	kfree(f);
}

loff_t no_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

loff_t vfs_llseek(struct file *file, loff_t offset, int whence)
{
	if (!(file->f_mode & FMODE_LSEEK) || !file->f_op->llseek)
		return -ESPIPE;
	return file->f_op->llseek(file, offset, whence);
}

/* fd tables */
struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	refcount_set(&files->count, 1);
	spin_lock_init(&files->file_lock);
	files->max_fds = NR_OPEN_DEFAULT;
	return files;
}

struct files_struct *get_files_struct(struct files_struct *files)
{
	refcount_inc(&files->count);
	return files;
}

void put_files_struct(struct files_struct *files)
{
	if (!refcount_dec_and_test(&files->count))
		return;
	files_close_all(files);
	spin_lock_destroy(&files->file_lock);
	kfree(files->fd);
	kfree(files->open_fds);
	kfree(files->close_on_exec);
	kfree(files);
}

int files_set_max_fds(struct files_struct *files, unsigned int max)
{
	if (!files || !max || max > NR_OPEN_MAX)
		return -EINVAL;
	spin_lock(&files->file_lock);
	files->max_fds = max;
	spin_unlock(&files->file_lock);
	return 0;
}

/*
 * Grow the table to hold at least @nr slots. Called with file_lock held;
 * drops it for the allocations, which may sleep, and takes it again, as
 * Linux's expand_fdtable() does: the caller must look at the table again.
 * 0 (grown here or meanwhile by another thread) or -ENOMEM.
 */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	unsigned int slots = files->nr_slots ? files->nr_slots : 64;
	unsigned int words, old_words;
	unsigned long *bits, *cloexec;
	struct file **fd;

	while (slots < nr)
		slots *= 2;
	words = DIV_ROUND_UP(slots, BITS_PER_LONG);
	spin_unlock(&files->file_lock);
	fd = kcalloc(slots, sizeof(*fd), GFP_KERNEL);
	bits = kcalloc(words, sizeof(long), GFP_KERNEL);
	cloexec = kcalloc(words, sizeof(long), GFP_KERNEL);
	spin_lock(&files->file_lock);
	if (!fd || !bits || !cloexec || files->nr_slots >= slots) {
		kfree(fd);
		kfree(bits);
		kfree(cloexec);
		return files->nr_slots >= nr ? 0 : -ENOMEM;
	}
	/* Whatever the table holds now, opened meanwhile or not. */
	old_words = DIV_ROUND_UP(files->nr_slots, BITS_PER_LONG);
	if (files->nr_slots) {
		memcpy(fd, files->fd, files->nr_slots * sizeof(*fd));
		memcpy(bits, files->open_fds, old_words * sizeof(long));
		memcpy(cloexec, files->close_on_exec,
		       old_words * sizeof(long));
	}
	kfree(files->fd);
	kfree(files->open_fds);
	kfree(files->close_on_exec);
	files->fd = fd;
	files->open_fds = bits;
	files->close_on_exec = cloexec;
	files->nr_slots = slots;
	return 0;
}

static bool fd_is_open(struct files_struct *files, unsigned int fd)
{
	return fd < files->nr_slots &&
	       (files->open_fds[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static void set_bit_in(unsigned long *map, unsigned int nr, bool on)
{
	if (on)
		map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
	else
		map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

/* The lowest free fd >= @start; O_CLOEXEC in @flags sets close-on-exec. */
static int alloc_fd(struct files_struct *files, unsigned int start,
		    unsigned int flags)
{
	unsigned int fd;
	int err;

	spin_lock(&files->file_lock);
repeat:
	for (fd = max(start, files->next_fd); fd_is_open(files, fd); fd++)
		;
	if (fd >= files->max_fds) {
		err = -EMFILE;
		goto out;
	}
	if (fd >= files->nr_slots) {
		err = expand_files(files, fd + 1);
		if (err)
			goto out;
		goto repeat;	/* the lock was dropped */
	}
	files->open_fds[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
	set_bit_in(files->close_on_exec, fd, flags & O_CLOEXEC);
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	err = fd;
out:
	spin_unlock(&files->file_lock);
	return err;
}

static void release_fd(struct files_struct *files, unsigned int fd)
{
	files->open_fds[fd / BITS_PER_LONG] &= ~(1UL << (fd % BITS_PER_LONG));
	if (fd < files->next_fd)
		files->next_fd = fd;
}

static struct files_struct *current_files(void)
{
	return current ? current->files : NULL;
}

int get_unused_fd_flags(unsigned int flags)
{
	struct files_struct *files = current_files();

	if (WARN_ON(!files))
		return -EBADF;
	return alloc_fd(files, 0, flags);
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current_files();

	if (WARN_ON(!files))
		return;
	spin_lock(&files->file_lock);
	if (!WARN_ON(!fd_is_open(files, fd) || files->fd[fd]))
		release_fd(files, fd);
	spin_unlock(&files->file_lock);
}

/* Consumes the reference; on a caller bug (fd not reserved) drops it. */
static void __fd_install(struct files_struct *files, unsigned int fd,
			 struct file *file)
{
	bool bad;

	spin_lock(&files->file_lock);
	bad = WARN_ON(!fd_is_open(files, fd) || files->fd[fd]);
	if (!bad)
		files->fd[fd] = file;
	spin_unlock(&files->file_lock);
	if (bad)
		fput(file);
}

void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = current_files();

	if (WARN_ON(!files || !file)) {
		fput(file);
		return;
	}
	__fd_install(files, fd, file);
}

static struct file *__fget(struct files_struct *files, unsigned int fd)
{
	struct file *file = NULL;

	if (!files)
		return NULL;
	spin_lock(&files->file_lock);
	if (fd < files->nr_slots && files->fd[fd])
		file = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return file;
}

struct file *fget(unsigned int fd)
{
	return __fget(current_files(), fd);
}

struct file *fget_task(struct task_struct *task, unsigned int fd)
{
	struct file *file;

	if (!task)
		return NULL;
	task_lock(task);
	file = __fget(task->files, fd);
	task_unlock(task);
	return file;
}

static int __close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *file = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->nr_slots && files->fd[fd]) {
		file = files->fd[fd];
		files->fd[fd] = NULL;
		release_fd(files, fd);
	}
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	fput(file);
	return 0;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current_files();

	if (!files)
		return -EBADF;
	return __close_fd(files, fd);
}

void files_close_all(struct files_struct *files)
{
	unsigned int fd, nr;

	spin_lock(&files->file_lock);
	nr = files->nr_slots;
	spin_unlock(&files->file_lock);
	for (fd = 0; fd < nr; fd++)
		__close_fd(files, fd);
}

static int install_new_ref(struct files_struct *files, struct file *file,
			   unsigned int start, unsigned int o_flags)
{
	int fd = alloc_fd(files, start, o_flags);

	if (fd < 0)
		return fd;
	__fd_install(files, fd, get_file(file));
	return fd;
}

int receive_fd(struct file *file, unsigned int o_flags)
{
	struct files_struct *files = current_files();

	if (!files || WARN_ON(!file))
		return -EBADF;
	return install_new_ref(files, file, 0, o_flags);
}

int f_dupfd(unsigned int from, struct file *file, unsigned int flags)
{
	struct files_struct *files = current_files();
	unsigned int max;

	if (!files || WARN_ON(!file))
		return -EBADF;
	spin_lock(&files->file_lock);
	max = files->max_fds;
	spin_unlock(&files->file_lock);
	if (from >= max)
		return -EINVAL;
	return install_new_ref(files, file, from, flags);
}

int get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current_files();
	int ret = -EBADF;

	if (!files)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (fd < files->nr_slots && files->fd[fd])
		ret = (files->close_on_exec[fd / BITS_PER_LONG] >>
		       (fd % BITS_PER_LONG)) & 1;
	spin_unlock(&files->file_lock);
	return ret;
}

int set_close_on_exec(unsigned int fd, bool flag)
{
	struct files_struct *files = current_files();
	int ret = -EBADF;

	if (!files)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (fd < files->nr_slots && files->fd[fd]) {
		set_bit_in(files->close_on_exec, fd, flag);
		ret = 0;
	}
	spin_unlock(&files->file_lock);
	return ret;
}

int fd_transfer(struct task_struct *from, int fd, struct task_struct *to)
{
	struct files_struct *files = NULL;
	struct file *file;
	int ret;

	if (fd < 0 || !from || !to)
		return -EBADF;
	file = fget_task(from, fd);
	if (!file)
		return -EBADF;
	/* Pin the receiver's table: it may be exiting right now. */
	task_lock(to);
	if (to->files)
		files = get_files_struct(to->files);
	task_unlock(to);
	ret = -EBADF;
	if (files) {
		ret = install_new_ref(files, file, 0, 0);
		put_files_struct(files);
	}
	fput(file);
	return ret;
}
