/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File syscalls of simulated processes, acting on current's fd table.
 * Memory syscalls (mmap, munmap, ...) are in mman.h.
 */
#ifndef DMABRIDGE_SYSCALLS_H
#define DMABRIDGE_SYSCALLS_H

#include <dmabridge/fs.h>
#include <dmabridge/poll.h>

/**
 * devnode_register() - a path a process can open
 * @plat: the platform
 * @path: e.g. "/dev/dma_heap/system"
 * @fops: each open makes a new file with these operations (and calls
 * 	@fops->open if set)
 * @priv: the new file's private_data
 *
 * Context: process context; takes the platform's devnodes_lock.
 * Return: 0, -EINVAL (a NULL argument), -EEXIST (the path is taken),
 * -ENOMEM.
 */
int devnode_register(struct platform *plat, const char *path,
		     const struct file_operations *fops, void *priv);
/**
 * devnode_unregister() - remove a device node
 * @plat: the platform
 * @path: its path
 *
 * Open files keep working.
 *
 * Context: process context; takes the platform's devnodes_lock.
 * Return: 0, or -ENOENT.
 */
int devnode_unregister(struct platform *plat, const char *path);
/**
 * devnodes_unregister_all() - forget every node (platform teardown)
 * @plat: the platform
 *
 * Open files keep working.
 *
 * Context: process context.
 */
void devnodes_unregister_all(struct platform *plat);

/**
 * sys_open() - open(2) of a device node or a /sys path, for current
 * @path: the path
 * @flags: O_RDONLY, O_RDWR, O_CLOEXEC...
 *
 * Context: process context, with a current task; may sleep (->open).
 * Return: the fd, or -EFAULT (NULL path), -ENOENT, -EINVAL, -EBADF (no fd
 * table), -EMFILE, -EACCES, -EISDIR, or ->open's errno.
 */
int sys_open(const char *path, int flags);
/**
 * sys_close() - close(2)
 * @fd: the fd
 *
 * Context: process context, with a current task; may sleep (release).
 * Return: 0, or -EBADF.
 */
int sys_close(int fd);
/**
 * sys_ioctl() - ioctl(2)
 * @fd: the fd
 * @cmd: the command
 * @arg: its argument
 *
 * Context: process context, with a current task; may sleep.
 * Return: the file's result; -EBADF; -ENOTTY for a file without ioctls or
 * an unknown command.
 */
long sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
/**
 * sys_poll() - poll(2)
 * @fds: the fds and events
 * @nfds: entries in @fds
 * @timeout_ms: < 0 waits forever
 *
 * Context: process context, with a current task; sleeps.
 * Return: as do_sys_poll(), through syscall_exit().
 */
int sys_poll(struct pollfd *fds, unsigned int nfds, int timeout_ms);
/**
 * sys_lseek() - lseek(2)
 * @fd: the fd
 * @offset: the offset
 * @whence: SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE
 *
 * Context: process context, with a current task.
 * Return: the new position, -EBADF, -EINVAL, -ESPIPE, or the file's
 * errno.
 */
loff_t sys_lseek(int fd, loff_t offset, int whence);
/**
 * sys_ftruncate() - ftruncate(2)
 * @fd: the fd
 * @length: the new size
 *
 * Context: process context, with a current task; may sleep.
 * Return: 0, -EBADF (not open, or not for writing), -EINVAL (negative
 * length, or a file that cannot be truncated), or the file's errno
 * (-EPERM for a seal).
 */
int sys_ftruncate(int fd, loff_t length);
/**
 * sys_dup() - dup(2)
 * @fd: the fd
 *
 * Context: process context, with a current task.
 * Return: the new fd, -EBADF, -EMFILE.
 */
int sys_dup(int fd);
/**
 * sys_fcntl() - fcntl(2) on an fd of current
 * @fd: the fd
 * @cmd: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL,
 *       F_ADD_SEALS or F_GET_SEALS
 * @arg: the command's argument
 *
 * Context: process context; F_ADD_SEALS may sleep.
 * Return: as Linux: the new fd, the flags or seals, or 0; -EBADF for a
 * closed fd; -EINVAL for an unknown command; -EOPNOTSUPP for commands
 * that exist in Linux but are not built here (locks, leases, owners).
 */
long sys_fcntl(int fd, unsigned int cmd, unsigned long arg);
/**
 * sys_read() - read(2)
 * @fd: the fd
 * @buf: host buffer
 * @count: bytes
 *
 * Context: process context, with a current task; may sleep.
 * Return: bytes read, -EBADF (not open for reading), -EFAULT, -EINVAL
 * (a file without read), or the file's errno.
 */
ssize_t sys_read(int fd, void *buf, size_t count);
/**
 * sys_write() - write(2)
 * @fd: the fd
 * @buf: host buffer
 * @count: bytes
 *
 * Context: process context, with a current task; may sleep.
 * Return: bytes written, -EBADF, -EFAULT, -EINVAL, or the file's errno.
 */
ssize_t sys_write(int fd, const void *buf, size_t count);
/**
 * sys_pread64() - pread64(2)
 * @fd: the fd
 * @buf: host buffer
 * @count: bytes
 * @pos: file position (the fd's position is unchanged)
 *
 * Context: process context, with a current task; may sleep.
 * Return: as sys_read(); -ESPIPE for a file that cannot seek, -EINVAL for
 * a negative @pos.
 */
ssize_t sys_pread64(int fd, void *buf, size_t count, loff_t pos);
/**
 * sys_pwrite64() - pwrite64(2)
 * @fd: the fd
 * @buf: host buffer
 * @count: bytes
 * @pos: file position
 *
 * Context: process context, with a current task; may sleep.
 * Return: as sys_write(); -ESPIPE, -EINVAL.
 */
ssize_t sys_pwrite64(int fd, const void *buf, size_t count, loff_t pos);

/**
 * syscall_exit() - what a simulated process sees of a syscall's result
 * @ret: the value the kernel side returned
 *
 * Every sys_* entry point returns through this. Restart codes become
 * -EINTR (the process has no handler to restart under), -ENOIOCTLCMD
 * becomes -ENOTTY, and any other kernel-internal errno (512..4095) is a
 * WARN and -EINVAL: none may ever reach a process.
 *
 * Return: @ret as userspace sees it.
 */
long syscall_exit(long ret);

#endif
