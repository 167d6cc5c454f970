// SPDX-License-Identifier: GPL-2.0
/*
 * mmap, munmap, mprotect and madvise for simulated processes. Each returns
 * through syscall_exit(): no kernel-internal errno reaches the process.
 */
#include <dmabridge/mman.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mm.h>
#include <dmabridge/fs.h>
#include <dmabridge/sched.h>

static struct mm_struct *current_mm(void)
{
	return current ? current->mm : NULL;
}

static long do_sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, unsigned long off)
{
	struct mm_struct *mm = current_mm();
	struct file *file = NULL;
	long ret;

	if (!mm)
		return -EINVAL;
	if (offset_in_page(off))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((int)fd < 0 || fd > INT32_MAX)
			return -EBADF;
		file = fget(fd);
		if (!file)
			return -EBADF;
		if (flags & MAP_HUGETLB) {
			fput(file);
			return -EINVAL;	/* not a hugetlbfs file */
		}
	} else if (flags & MAP_HUGETLB) {
		return -EOPNOTSUPP;	/* hugetlb pages are not built */
	}
	ret = do_mmap(mm, file, addr, len, prot, flags, off >> PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, unsigned long off)
{
	return syscall_exit(do_sys_mmap(addr, len, prot, flags, fd, off));
}

int sys_munmap(unsigned long addr, size_t len)
{
	struct mm_struct *mm = current_mm();

	if (!mm)
		return -EINVAL;
	return syscall_exit(do_munmap(mm, addr, len));
}

int sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current_mm();

	if (!mm)
		return -ENOMEM;
	return syscall_exit(do_mprotect(mm, start, len, prot));
}

int sys_madvise(unsigned long start, size_t len, int behavior)
{
	struct mm_struct *mm = current_mm();

	if (!mm)
		return -EINVAL;
	return syscall_exit(do_madvise(mm, start, len, behavior));
}
