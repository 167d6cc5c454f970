// SPDX-License-Identifier: GPL-2.0
/*
 * fcntl for simulated processes: duplicating fds (F_DUPFD,
 * F_DUPFD_CLOEXEC), the close-on-exec flag (F_GETFD/F_SETFD), the file's
 * status flags (F_GETFL/F_SETFL) and memfd seals (F_ADD_SEALS/F_GET_SEALS,
 * in mm/memfd.c). Record locks, leases, owners and signals are not built:
 * -EOPNOTSUPP (see docs/STATUS.md); unknown commands are -EINVAL, as Linux.
 */
#include <dmabridge/syscalls.h>
#include <dmabridge/shmem.h>
#include <dmabridge/err.h>

/* The status flags F_SETFL may change (Linux's SETFL_MASK). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME)

static long do_fcntl(int fd, unsigned int cmd, unsigned long arg,
		     struct file *filp)
{
	switch (cmd) {
	case F_DUPFD:
		return f_dupfd(arg, filp, 0);
	case F_DUPFD_CLOEXEC:
		return f_dupfd(arg, filp, O_CLOEXEC);
	case F_GETFD:
		return get_close_on_exec(fd) > 0 ? FD_CLOEXEC : 0;
	case F_SETFD:
		return set_close_on_exec(fd, arg & FD_CLOEXEC);
	case F_GETFL:
		/* O_CLOEXEC belongs to the fd, not the file. */
		return filp->f_flags & ~O_CLOEXEC;
	case F_SETFL:
		filp->f_flags = (arg & SETFL_MASK) |
				(filp->f_flags & ~SETFL_MASK);
		return 0;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_fcntl(filp, cmd, arg);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
	case F_GETOWN:
	case F_SETOWN:
	case F_GETOWN_EX:
	case F_SETOWN_EX:
	case F_GETSIG:
	case F_SETSIG:
	case F_GETLEASE:
	case F_SETLEASE:
	case F_NOTIFY:
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

long sys_fcntl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *filp;
	long ret;

	if (fd < 0)
		return -EBADF;
	filp = fget(fd);
	if (!filp)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, filp);
	fput(filp);
	return syscall_exit(ret);
}
