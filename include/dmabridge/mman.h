/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory syscalls of simulated processes, acting on current->mm, with
 * Linux's constants (from the host's headers) and errno.
 */
#ifndef DMABRIDGE_MMAN_H
#define DMABRIDGE_MMAN_H

#include <sys/mman.h>
#include <linux/memfd.h>
#include <dmabridge/types.h>

/**
 * DOC: constants
 *
 * Linux's MAP_*, MFD_*, MADV_* and PROT_* values come from the host's
 * headers; those older headers lack are defined here with Linux's values.
 */
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED 0x4000000
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#endif
#ifndef PROT_SEM
#define PROT_SEM 0x8
#endif

/**
 * sys_mmap() - mmap(2) for current
 * @addr: hint, or the address with MAP_FIXED / MAP_FIXED_NOREPLACE
 * @len: bytes
 * @prot: PROT_*
 * @flags: MAP_*
 * @fd: the file for a file mapping
 * @off: offset in the file (page aligned)
 *
 * Context: process context, with a current task; takes mmap_lock.
 * Return: the mapped address, or a negative errno as Linux's: -EINVAL,
 * -EBADF, -EACCES, -ENODEV (a file without mmap), -EEXIST
 * (MAP_FIXED_NOREPLACE), -ENOMEM, -EOVERFLOW, -EPERM (a seal),
 * -EOPNOTSUPP (MAP_HUGETLB: no hugetlb pages), -EINTR, or the file's
 * mmap error.
 */
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, unsigned long off);
/**
 * sys_munmap() - munmap(2) for current
 * @addr: page aligned
 * @len: bytes
 *
 * Context: process context, with a current task; takes mmap_lock.
 * Return: 0, -EINVAL, -ENOMEM.
 */
int sys_munmap(unsigned long addr, size_t len);
/**
 * sys_mprotect() - mprotect(2) for current
 * @start: page aligned
 * @len: bytes
 * @prot: PROT_*
 *
 * Context: process context, with a current task; takes mmap_lock.
 * Return: 0, -EINVAL, -ENOMEM (a hole in the range), -EACCES (more
 * access than the file was opened for, or a seal).
 */
int sys_mprotect(unsigned long start, size_t len, unsigned long prot);
/**
 * sys_madvise() - madvise(2) for current
 * @start: page aligned
 * @len: bytes
 * @behavior: MADV_*
 *
 * Context: process context, with a current task; takes mmap_lock.
 * Return: 0, -EINVAL (unknown advice), -EOPNOTSUPP (advice not built),
 * -ENOMEM (a hole), -EFAULT or -ENOMEM from populating.
 */
int sys_madvise(unsigned long start, size_t len, int behavior);
/**
 * sys_memfd_create() - memfd_create(2) for current
 * @uname: the name (at most 249 bytes)
 * @flags: MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL, MFD_EXEC
 *
 * Context: process context, with a current task.
 * Return: a new fd for a RAM-backed (shmem) file, or -EINVAL, -EFAULT,
 * -EOPNOTSUPP (MFD_HUGETLB), -EMFILE, -ENOMEM.
 */
int sys_memfd_create(const char *uname, unsigned int flags);

#endif
