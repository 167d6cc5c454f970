/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File syscalls of simulated processes, acting on current's fd table.
 * Memory syscalls (mmap, munmap, ...) are in mman.h.
 */
#ifndef DMABRIDGE_SYSCALLS_H
#define DMABRIDGE_SYSCALLS_H

#include <dmabridge/fs.h>
#include <dmabridge/poll.h>

/*
 * Device nodes: a path a process can open, e.g. "/dev/dma_heap/system".
 * Each open makes a new file with @fops and private_data = @priv, then
 * calls fops->open if set.
 */
int devnode_register(struct platform *plat, const char *path,
		     const struct file_operations *fops, void *priv);
int devnode_unregister(struct platform *plat, const char *path);
/* Platform teardown: forget every node (open files keep working). */
void devnodes_unregister_all(struct platform *plat);

int sys_open(const char *path, int flags);
int sys_close(int fd);
long sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
int sys_poll(struct pollfd *fds, unsigned int nfds, int timeout_ms);
loff_t sys_lseek(int fd, loff_t offset, int whence);
int sys_ftruncate(int fd, loff_t length);
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
ssize_t sys_read(int fd, void *buf, size_t count);
ssize_t sys_write(int fd, const void *buf, size_t count);
ssize_t sys_pread64(int fd, void *buf, size_t count, loff_t pos);
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
