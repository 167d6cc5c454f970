/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files and fd tables. A struct file is refcounted; f_op->release runs
 * when the last reference is dropped. An fd table maps small integers to
 * files and hands out the lowest free number, like Linux.
 */
#ifndef DMABRIDGE_FS_H
#define DMABRIDGE_FS_H

#include <fcntl.h>
#include <dmabridge/types.h>
#include <dmabridge/refcount.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/mutex.h>

struct file;
struct inode;
struct vm_area_struct;
struct address_space;
struct poll_table_struct;
struct task_struct;
struct platform;

/* loff_t comes from <sys/types.h>. */
typedef unsigned int __poll_t;

struct file_operations {
	const char *name;	/* for bufinfo/fdinfo style dumps */
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char *buf, size_t count,
			loff_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t count,
			 loff_t *pos);
	__poll_t (*poll)(struct file *file, struct poll_table_struct *pt);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd,
			       unsigned long arg);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	/* Linux reaches this through inode->i_op->setattr; one hook is enough. */
	int (*ftruncate)(struct file *file, loff_t length);
};

struct inode {
	unsigned long i_ino;
	loff_t i_size;
	struct address_space *i_mapping;	/* set by the file's owner */
	void *i_private;
	refcount_t i_count;
};

struct file {
	refcount_t f_count;
	const struct file_operations *f_op;
	void *private_data;
	struct inode *f_inode;
	struct address_space *f_mapping;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	struct mutex f_pos_lock;
	struct platform *platform;	/* the machine the file belongs to */
	char f_name[64];		/* anon inode name, e.g. "dmabuf" */
};

/* fcntl commands and memfd seals (Linux's values, if libc lacks them). */
#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#endif
#ifndef F_SEAL_SEAL
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#define F_ALL_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | \
		     F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC)
#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif

#define FMODE_READ 0x1u
#define FMODE_WRITE 0x2u
#define FMODE_LSEEK 0x4u

/* Default per-process fd limit (RLIMIT_NOFILE). */
#define NR_OPEN_DEFAULT 1024
/* The highest limit files_set_max_fds() accepts (fs.nr_open). */
#define NR_OPEN_MAX (1024 * 1024)

struct files_struct {
	refcount_t count;
	spinlock_t file_lock;
	unsigned int max_fds;		/* the limit */
	unsigned int nr_slots;		/* size of fd[] */
	unsigned int next_fd;		/* lowest possibly free fd */
	struct file **fd;
	unsigned long *open_fds;	/* allocated (maybe not installed) */
	unsigned long *close_on_exec;	/* FD_CLOEXEC, per fd */
};

struct files_struct *files_alloc(void);
struct files_struct *get_files_struct(struct files_struct *files);
void put_files_struct(struct files_struct *files);
/* Close every fd of the table (a process exiting). */
void files_close_all(struct files_struct *files);

/*
 * A file with its own anonymous inode. Takes no reference on @priv; the
 * file starts with one reference, owned by the caller.
 */
struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops, void *priv,
				int flags);
struct file *get_file(struct file *f);
/* Drop a reference; the last one calls f_op->release synchronously. */
void fput(struct file *f);
long file_count(struct file *f);

/* All of these act on current's fd table. */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Consumes the caller's reference to @file. */
void fd_install(unsigned int fd, struct file *file);
/* A new reference to the file behind @fd, or NULL. */
struct file *fget(unsigned int fd);
struct file *fget_task(struct task_struct *task, unsigned int fd);
/* 0, or -EBADF if @fd is not open. */
int close_fd(unsigned int fd);
/* Install a new reference to @file in current's table: the new fd. */
int receive_fd(struct file *file, unsigned int o_flags);
/*
 * F_DUPFD: a new reference to @file at the lowest free fd >= @from
 * (O_CLOEXEC in @flags marks it close-on-exec). -EINVAL if @from is at
 * or above the fd limit, -EMFILE if no fd is free below it.
 */
int f_dupfd(unsigned int from, struct file *file, unsigned int flags);
/* FD_CLOEXEC of an open fd: 1 or 0, or -EBADF. */
int get_close_on_exec(unsigned int fd);
int set_close_on_exec(unsigned int fd, bool flag);
/*
 * The SCM_RIGHTS analogue: the file behind @fd in @from's table gets a
 * new fd in @to's table. Returns that fd, -EBADF or -EMFILE.
 */
int fd_transfer(struct task_struct *from, int fd, struct task_struct *to);
/* Set a table's fd limit (for tests of -EMFILE); -EINVAL if 0 or huge. */
int files_set_max_fds(struct files_struct *files, unsigned int max);

/* Generic llseek helpers. */
loff_t no_llseek(struct file *file, loff_t offset, int whence);
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);

#endif
