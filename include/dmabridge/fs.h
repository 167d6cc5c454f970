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

/**
 * struct file_operations - what a file does
 * @name: for bufinfo/fdinfo style dumps
 * @llseek: lseek(2); needs FMODE_LSEEK
 * @read: read(2)
 * @write: write(2)
 * @poll: the ready events; registers with poll_wait()
 * @unlocked_ioctl: ioctl(2); -ENOTTY for an unknown command
 * @mmap: mmap(2): set up the VMA
 * @open: called by sys_open() on a device node
 * @release: the last reference is gone
 * @ftruncate: ftruncate(2) (Linux reaches this through
 * 	inode->i_op->setattr; one hook is enough here)
 */
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

/**
 * struct inode - the inode behind a file (only what dmabridge needs)
 * @i_ino: inode number
 * @i_size: size in bytes
 * @i_mapping: its address space; set by the file's owner
 * @i_private: the owner's
 * @i_count: references
 */
struct inode {
	unsigned long i_ino;
	loff_t i_size;
	struct address_space *i_mapping;	/* set by the file's owner */
	void *i_private;
	refcount_t i_count;
};

/**
 * struct file - an open file
 * @f_count: references (get_file(), fput())
 * @f_op: its operations
 * @private_data: the owner's
 * @f_inode: its inode
 * @f_mapping: the address space its pages live in
 * @f_flags: O_* flags
 * @f_mode: FMODE_*
 * @f_pos: the file position
 * @f_pos_lock: serializes @f_pos updates
 * @platform: the machine the file belongs to
 * @f_name: the anon inode name, e.g. "dmabuf"
 */
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

/**
 * DOC: fcntl commands and seals
 *
 * F_ADD_SEALS, F_GET_SEALS, the F_SEAL_* memfd seals and F_DUPFD_CLOEXEC
 * have Linux's values, defined here when the C library lacks them.
 * F_ALL_SEALS is every seal.
 */
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

/**
 * struct files_struct - an fd table
 * @count: references (threads of the process)
 * @file_lock: protects everything below
 * @max_fds: the limit (RLIMIT_NOFILE)
 * @nr_slots: size of @fd
 * @next_fd: the lowest possibly free fd
 * @fd: the files
 * @open_fds: bitmap of allocated fds (maybe not installed yet)
 * @close_on_exec: bitmap of FD_CLOEXEC fds
 *
 * Hands out the lowest free number, like Linux.
 */
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

/**
 * files_alloc() - an empty fd table
 * Context: may sleep (allocates).
 * Return: the table (one reference), or NULL when out of memory.
 */
struct files_struct *files_alloc(void);
/**
 * get_files_struct() - take a reference on a table
 * @files: the table
 *
 * Context: any context.
 * Return: @files.
 */
struct files_struct *get_files_struct(struct files_struct *files);
/**
 * put_files_struct() - drop a reference; the last closes every fd
 * @files: the table
 *
 * Context: process context; may sleep (file releases).
 */
void put_files_struct(struct files_struct *files);
/**
 * files_close_all() - close every fd of a table (a process exiting)
 * @files: the table
 *
 * Context: process context; may sleep.
 */
void files_close_all(struct files_struct *files);

/**
 * anon_inode_getfile() - a file with its own anonymous inode
 * @name: e.g. "dmabuf"
 * @fops: its operations
 * @priv: private_data; no reference is taken
 * @flags: O_* flags (O_RDWR, O_CLOEXEC...)
 *
 * Context: may sleep (allocates).
 * Return: the file with one reference, owned by the caller, or
 * ERR_PTR(-EINVAL) (no @fops) or ERR_PTR(-ENOMEM).
 */
struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops, void *priv,
				int flags);
/**
 * get_file() - take a reference on a file
 * @f: the file
 *
 * Context: any context.
 * Return: @f.
 */
struct file *get_file(struct file *f);
/**
 * fput() - drop a reference on a file
 * @f: the file
 *
 * The last one calls f_op->release synchronously (Linux defers it to
 * task work; a modelling choice).
 *
 * Context: process context; may sleep.
 */
void fput(struct file *f);
/**
 * file_count() - a file's references
 * @f: the file
 *
 * Context: any context.
 * Return: the count.
 */
long file_count(struct file *f);

/**
 * get_unused_fd_flags() - reserve the lowest free fd of current
 * @flags: O_CLOEXEC
 *
 * Context: process context, with a current task.
 * Return: the fd, -EBADF without a task or table, -EMFILE (limit
 * reached), -ENOMEM.
 */
int get_unused_fd_flags(unsigned int flags);
/**
 * put_unused_fd() - give back a reserved fd that was not installed
 * @fd: the fd
 *
 * Context: process context, with a current task.
 */
void put_unused_fd(unsigned int fd);
/**
 * fd_install() - install a file at a reserved fd
 * @fd: from get_unused_fd_flags()
 * @file: the file; the caller's reference is consumed
 *
 * Context: process context, with a current task.
 */
void fd_install(unsigned int fd, struct file *file);
/**
 * fget() - the file behind an fd of current
 * @fd: the fd
 *
 * Context: process context, with a current task.
 * Return: a new reference, or NULL.
 */
struct file *fget(unsigned int fd);
/**
 * fget_task() - the file behind an fd of another task
 * @task: the task
 * @fd: the fd
 *
 * Context: any context; takes task_lock(@task).
 * Return: a new reference, or NULL.
 */
struct file *fget_task(struct task_struct *task, unsigned int fd);
/**
 * close_fd() - close an fd of current
 * @fd: the fd
 *
 * Context: process context; may sleep (the release of the last reference).
 * Return: 0, or -EBADF if @fd is not open.
 */
int close_fd(unsigned int fd);
/**
 * receive_fd() - install a new reference to a file in current's table
 * @file: the file
 * @o_flags: O_CLOEXEC
 *
 * Context: process context, with a current task.
 * Return: the new fd, or -EBADF, -EMFILE, -ENOMEM.
 */
int receive_fd(struct file *file, unsigned int o_flags);
/**
 * f_dupfd() - F_DUPFD: a new reference at the lowest free fd >= @from
 * @from: the lowest fd acceptable
 * @file: the file
 * @flags: O_CLOEXEC marks the new fd close-on-exec
 *
 * Context: process context, with a current task.
 * Return: the new fd, -EINVAL if @from is at or above the fd limit,
 * -EMFILE if no fd is free below it, -ENOMEM.
 */
int f_dupfd(unsigned int from, struct file *file, unsigned int flags);
/**
 * get_close_on_exec() - FD_CLOEXEC of an open fd of current
 * @fd: the fd
 *
 * Context: process context, with a current task.
 * Return: 1 or 0, or -EBADF.
 */
int get_close_on_exec(unsigned int fd);
/**
 * set_close_on_exec() - set or clear FD_CLOEXEC
 * @fd: the fd
 * @flag: the new value
 *
 * Context: process context, with a current task.
 * Return: 0, or -EBADF.
 */
int set_close_on_exec(unsigned int fd, bool flag);
/**
 * fd_transfer() - the SCM_RIGHTS analogue
 * @from: the sending task
 * @fd: its fd
 * @to: the receiving task
 *
 * The file behind @fd in @from's table gets a new fd in @to's table.
 * dmabridge's own: there are no sockets.
 *
 * Context: process context.
 * Return: the new fd, -EBADF or -EMFILE.
 */
int fd_transfer(struct task_struct *from, int fd, struct task_struct *to);
/**
 * files_set_max_fds() - set a table's fd limit
 * @files: the table
 * @max: 1 .. NR_OPEN_MAX
 *
 * For tests of -EMFILE.
 *
 * Context: any context; takes the table's lock.
 * Return: 0, or -EINVAL if 0 or above NR_OPEN_MAX.
 */
int files_set_max_fds(struct files_struct *files, unsigned int max);

/**
 * no_llseek() - the llseek of files that cannot seek
 * @file: the file
 * @offset: ignored
 * @whence: ignored
 *
 * Context: any context.
 * Return: -ESPIPE.
 */
loff_t no_llseek(struct file *file, loff_t offset, int whence);
/**
 * vfs_llseek() - lseek through f_op->llseek
 * @file: the file
 * @offset: the offset
 * @whence: SEEK_SET, SEEK_CUR, SEEK_END...
 *
 * Context: process context.
 * Return: the new position, -ESPIPE if the file cannot seek, or the
 * file's errno.
 */
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);

#endif
