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

/* The mapped address, or a negative errno. */
long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, unsigned long off);
int sys_munmap(unsigned long addr, size_t len);
int sys_mprotect(unsigned long start, size_t len, unsigned long prot);
int sys_madvise(unsigned long start, size_t len, int behavior);
/* A new fd for a RAM-backed file, or a negative errno. */
int sys_memfd_create(const char *uname, unsigned int flags);

#endif
