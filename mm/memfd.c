// SPDX-License-Identifier: GPL-2.0
/*
 * memfd_create: an fd for a new RAM-backed (shmem) file; memfd_fcntl:
 * F_ADD_SEALS and F_GET_SEALS on it (the seals live in shmem.c).
 */
#include <stdio.h>
#include <string.h>
#include <dmabridge/mman.h>
#include <dmabridge/fs.h>
#include <dmabridge/shmem.h>
#include <dmabridge/err.h>
#include <dmabridge/syscalls.h>

#define MFD_NAME_PREFIX "memfd:"
#define MFD_NAME_PREFIX_LEN (sizeof(MFD_NAME_PREFIX) - 1)
#define MFD_NAME_MAX_LEN (255 - MFD_NAME_PREFIX_LEN)
#define MFD_ALL_FLAGS (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | \
		       MFD_NOEXEC_SEAL | MFD_EXEC)

long memfd_fcntl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case F_ADD_SEALS:
		if (arg > UINT32_MAX)	/* no upper 32 bits */
			return -EINVAL;
		return shmem_add_seals(file, arg);
	case F_GET_SEALS:
		return shmem_get_seals(file);
	default:
		return -EINVAL;
	}
}

static int do_memfd_create(const char *uname, unsigned int flags)
{
	char name[MFD_NAME_PREFIX_LEN + MFD_NAME_MAX_LEN + 1];
	struct file *file;
	size_t len;
	int fd;

	if (flags & MFD_HUGETLB) {
		/* The size bits are only valid with MFD_HUGETLB. */
		if (flags & ~(MFD_ALL_FLAGS |
			      ((unsigned int)MFD_HUGE_MASK << MFD_HUGE_SHIFT)))
			return -EINVAL;
	} else if (flags & ~MFD_ALL_FLAGS) {
		return -EINVAL;
	}
	if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL))
		return -EINVAL;
	if (!uname || (uintptr_t)uname < 4096)
		return -EFAULT;
	len = strnlen(uname, MFD_NAME_MAX_LEN + 1);
	if (len > MFD_NAME_MAX_LEN)
		return -EINVAL;
	if (flags & MFD_HUGETLB)
		return -EOPNOTSUPP;	/* hugetlbfs is not built */
	snprintf(name, sizeof(name), MFD_NAME_PREFIX "%s", uname);

	fd = get_unused_fd_flags((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	file = shmem_file_setup(name, 0, O_RDWR | O_LARGEFILE);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	/* Without MFD_ALLOW_SEALING the file keeps F_SEAL_SEAL. */
	shmem_memfd_init_seals(file, flags & MFD_ALLOW_SEALING,
			       flags & MFD_NOEXEC_SEAL);
	fd_install(fd, file);
	return fd;
}

int sys_memfd_create(const char *uname, unsigned int flags)
{
	return syscall_exit(do_memfd_create(uname, flags));
}
