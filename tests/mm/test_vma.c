// SPDX-License-Identifier: GPL-2.0
/* VMA index and the mmap/munmap/mprotect/madvise syscalls: splits, errno. */
#include "mm_test.h"

/* Random maps and unmaps checked against a bitmap of mapped pages. */
#define NPAGES 4096
#define BASE 0x10000000UL

static bool mapped[NPAGES];

static void check_index(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	unsigned long addr;
	int i, count = 0;

	for_each_vma(mm, vma) {
		assert_true(vma->vm_start < vma->vm_end);
		if (prev)
			assert_true(prev->vm_end <= vma->vm_start);
		assert_ptr_equal(find_vma(mm, vma->vm_start), vma);
		assert_ptr_equal(find_vma(mm, vma->vm_end - 1), vma);
		assert_ptr_equal(vma_lookup(mm, vma->vm_start), vma);
		assert_ptr_equal(vma_prev(mm, vma), prev);
		prev = vma;
		count++;
	}
	assert_int_equal(count, mm->map_count);
	assert_int_equal(count, mm->mm_mt.count);
	for (i = 0; i < NPAGES; i++) {
		addr = BASE + i * PAGE_SIZE;
		vma = vma_lookup(mm, addr);
		assert_int_equal(!!vma, mapped[i]);
		vma = find_vma(mm, addr);
		if (vma)
			assert_true(vma->vm_end > addr);
	}
}

static void test_vma_index_random(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct mm_struct *mm = current->mm;
	int round, i, start, n;

	srand(7);
	for (round = 0; round < 3000; round++) {
		start = rand() % NPAGES;
		n = 1 + rand() % 64;
		if (start + n > NPAGES)
			n = NPAGES - start;
		if (rand() % 3) {
			/* Alternate protections so neighbours differ. */
			long r = sys_mmap(BASE + start * PAGE_SIZE,
					  n * PAGE_SIZE,
					  (rand() & 1) ? PROT_READ : PROT_RW,
					  MAP_ANON_PRIV | MAP_FIXED, -1, 0);

			assert_int_equal(r, BASE + start * PAGE_SIZE);
			for (i = start; i < start + n; i++)
				mapped[i] = true;
		} else {
			assert_int_equal(sys_munmap(BASE + start * PAGE_SIZE,
						    n * PAGE_SIZE), 0);
			for (i = start; i < start + n; i++)
				mapped[i] = false;
		}
		if (round % 100 == 0)
			check_index(mm);
	}
	check_index(mm);
	assert_int_equal(sys_munmap(BASE, NPAGES * PAGE_SIZE), 0);
	memset(mapped, 0, sizeof(mapped));
	check_index(mm);
	assert_int_equal(mm->map_count, 0);
	mm_test_platform_free(plat);
}

static void test_mmap_errno(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a;
	int fd;

	/* Lengths and offsets */
	assert_int_equal(sys_mmap(0, 0, PROT_READ, MAP_ANON_PRIV, -1, 0),
			 -EINVAL);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV, -1,
				  123), -EINVAL);
	assert_int_equal(sys_mmap(0, -1UL, PROT_READ, MAP_ANON_PRIV, -1, 0),
			 -ENOMEM);
	assert_int_equal(sys_mmap(0, 1UL << 50, PROT_READ, MAP_ANON_PRIV, -1,
				  0), -ENOMEM);
	/* Flags */
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_ANONYMOUS, -1,
				  0), -EINVAL);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_HUGETLB, -1, 0),
			 -EOPNOTSUPP);
	/* MAP_FIXED: alignment, range, mmap_min_addr */
	assert_int_equal(sys_mmap(0x100001000UL + 1, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED, -1, 0), -EINVAL);
	assert_int_equal(sys_mmap(TASK_SIZE, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED, -1, 0), -ENOMEM);
	assert_int_equal(sys_mmap(0x1000, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED, -1, 0), -EPERM);
	/* File descriptors */
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, 77, 0),
			 -EBADF);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, -1, 0),
			 -EBADF);
	fd = sys_memfd_create("t", 0);
	assert_true(fd >= 0);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ,
				  MAP_SHARED_VALIDATE | 0x800000, fd, 0),
			 -EOPNOTSUPP);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED |
				  MAP_HUGETLB, fd, 0), -EINVAL);
	assert_int_equal(do_mmap(current->mm, NULL, 0, 2 * PAGE_SIZE,
				 PROT_READ, MAP_ANON_PRIV, -1UL), -EOVERFLOW);
	assert_int_equal(sys_close(fd), 0);

	/* A hint is used when free; MAP_FIXED_NOREPLACE refuses overlap. */
	a = sys_mmap(0x200000000UL, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV, -1,
		     0);
	assert_int_equal(a, 0x200000000UL);
	assert_int_equal(sys_mmap(a, PAGE_SIZE, PROT_READ,
				  MAP_ANON_PRIV | MAP_FIXED_NOREPLACE, -1, 0),
			 -EEXIST);
	assert_true(sys_mmap(a, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV, -1, 0) !=
		    (long)a);
	/* max_map_count */
	mm_set_max_map_count(current->mm, current->mm->map_count);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_ANON_PRIV, -1,
				  0), -ENOMEM);
	mm_set_max_map_count(current->mm, DEFAULT_MAX_MAP_COUNT);
	mm_test_platform_free(plat);
}

static int fops_nommap_release(struct inode *i, struct file *f)
{
	return 0;
}

static const struct file_operations nommap_fops = {
	.name = "nommap",
	.release = fops_nommap_release,
};

static void test_mmap_file_access(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct file *f;
	int fd, rofd;

	/* ENODEV: a file without f_op->mmap */
	f = anon_inode_getfile("nommap", &nommap_fops, NULL, O_RDWR);
	assert_false(IS_ERR(f));
	fd = get_unused_fd_flags(0);
	fd_install(fd, f);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0),
			 -ENODEV);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0),
			 -ENODEV);
	assert_int_equal(sys_close(fd), 0);

	/* EACCES: a shared writable mapping of a read-only file */
	fd = sys_memfd_create("rw", 0);
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	f = fget(fd);
	f->f_mode &= ~FMODE_WRITE;	/* as if opened O_RDONLY */
	rofd = get_unused_fd_flags(0);
	fd_install(rofd, f);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, rofd, 0),
			 -EACCES);
	/* Read-only shared, and private writable (COW), are fine... */
	assert_true(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, rofd, 0) > 0);
	assert_true(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_PRIVATE, rofd, 0) > 0);
	/* ...but mprotect cannot make the shared one writable. */
	{
		long a = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, rofd, 0);

		assert_int_equal(sys_mprotect(a, PAGE_SIZE, PROT_RW), -EACCES);
	}
	/* EACCES: a file not open for reading */
	f->f_mode &= ~FMODE_READ;
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, rofd,
				  0), -EACCES);
	f->f_mode |= FMODE_READ;
	assert_int_equal(sys_close(rofd), 0);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

static void test_munmap_split(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct mm_struct *mm = current->mm;
	unsigned long a = map_anon(8 * PAGE_SIZE, PROT_RW);
	struct vm_area_struct *v;

	assert_int_equal(sys_munmap(a + 1, PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_munmap(a, 0), -EINVAL);
	assert_int_equal(sys_munmap(TASK_SIZE, PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_munmap(a, -PAGE_SIZE), -EINVAL);
	/* Punch a hole in the middle: two VMAs remain. */
	assert_int_equal(sys_munmap(a + 2 * PAGE_SIZE, 3 * PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 2);
	mmap_read_lock(mm);
	v = vma_lookup(mm, a);
	assert_int_equal(v->vm_end, a + 2 * PAGE_SIZE);
	assert_null(vma_lookup(mm, a + 2 * PAGE_SIZE));
	v = find_vma(mm, a + 2 * PAGE_SIZE);
	assert_int_equal(v->vm_start, a + 5 * PAGE_SIZE);
	assert_int_equal(v->vm_pgoff, (a >> PAGE_SHIFT) + 5);
	assert_ptr_equal(find_vma_intersection(mm, a + 2 * PAGE_SIZE,
					       a + 6 * PAGE_SIZE), v);
	assert_null(find_vma_intersection(mm, a + 2 * PAGE_SIZE,
					  a + 5 * PAGE_SIZE));
	mmap_read_unlock(mm);
	/* Unmapping a hole is fine; unmapping everything leaves nothing. */
	assert_int_equal(sys_munmap(a + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(sys_munmap(a, 8 * PAGE_SIZE), 0);
	assert_int_equal(mm->map_count, 0);
	/* A hole in the middle at the map count limit is -ENOMEM. */
	a = map_anon(4 * PAGE_SIZE, PROT_RW);
	mm_set_max_map_count(mm, 1);
	assert_int_equal(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), -ENOMEM);
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);	/* no new VMA */
	mm_set_max_map_count(mm, DEFAULT_MAX_MAP_COUNT);
	mm_test_platform_free(plat);
}

static void test_mprotect(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct mm_struct *mm = current->mm;
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_RW);
	char c = 1;

	assert_int_equal(sys_mprotect(a + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	assert_int_equal(sys_mprotect(a, PAGE_SIZE, 0x100), -EINVAL);
	assert_int_equal(sys_mprotect(a, 0, PROT_READ), 0);
	assert_int_equal(sys_mprotect(a, 8 * PAGE_SIZE, PROT_READ), -ENOMEM);
	assert_int_equal(sys_mprotect(a - PAGE_SIZE, PAGE_SIZE, PROT_READ),
			 -ENOMEM);
	assert_int_equal(cpu_write(a + PAGE_SIZE, &c, 1), 0);
	assert_int_equal(sys_mprotect(a + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	assert_int_equal(mm->map_count, 3);
	assert_int_equal(cpu_write(a + PAGE_SIZE, &c, 1), -EFAULT);
	assert_int_equal(cpu_read(a + PAGE_SIZE, &c, 1), 0);
	assert_int_equal(c, 1);
	assert_int_equal(cpu_write(a, &c, 1), 0);
	assert_int_equal(sys_mprotect(a + PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, &c, 1), -EFAULT);
	assert_false(pte_user(test_get_pte(a + PAGE_SIZE)));
	assert_int_equal(sys_mprotect(a, 4 * PAGE_SIZE, PROT_RW), 0);
	c = 0;
	assert_int_equal(cpu_read(a + PAGE_SIZE, &c, 1), 0);
	assert_int_equal(c, 1);
	assert_int_equal(cpu_write(a + PAGE_SIZE, &c, 1), 0);
	mm_test_platform_free(plat);
}

static void test_madvise(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(4 * PAGE_SIZE, PROT_RW), before;
	char c = 5;

	assert_int_equal(sys_madvise(a, PAGE_SIZE, 12345), -EINVAL);
	assert_int_equal(sys_madvise(a + 1, PAGE_SIZE, MADV_DONTNEED), -EINVAL);
	assert_int_equal(sys_madvise(a, -1UL, MADV_DONTNEED), -EINVAL);
	assert_int_equal(sys_madvise(a, 0, MADV_DONTNEED), 0);
	assert_int_equal(cpu_write(a, &c, 1), 0);
	before = free_pages_all(plat);
	assert_int_equal(sys_madvise(a, PAGE_SIZE, MADV_DONTNEED), 0);
	assert_int_equal(free_pages_all(plat), before + 1);
	assert_int_equal(cpu_read(a, &c, 1), 0);
	assert_int_equal(c, 0);		/* anonymous: zero-filled again */
	/* A hole in the range: the mapped part is done, then -ENOMEM. */
	assert_int_equal(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(sys_madvise(a, 4 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
	assert_int_equal(sys_madvise(a, 4 * PAGE_SIZE, MADV_WILLNEED), -ENOMEM);
	assert_int_equal(sys_madvise(a, PAGE_SIZE, MADV_NORMAL), 0);
	assert_int_equal(sys_madvise(a, PAGE_SIZE, MADV_REMOVE), -EOPNOTSUPP);
	assert_int_equal(sys_madvise(a, PAGE_SIZE, MADV_DONTFORK), 0);
	mmap_read_lock(current->mm);
	assert_true(vma_lookup(current->mm, a)->vm_flags & VM_DONTCOPY);
	mmap_read_unlock(current->mm);
	assert_int_equal(sys_madvise(a + 2 * PAGE_SIZE, 2 * PAGE_SIZE,
				     MADV_POPULATE_WRITE), 0);
	assert_true(pte_present(test_get_pte(a + 3 * PAGE_SIZE)));
	mm_test_platform_free(plat);
}

static void test_process_exit_frees(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long before = free_pages_all(plat), a;
	struct task_struct *p, *self = current;
	char buf[64] = "hello";
	int i;

	p = process_create(plat, "child");
	assert_false(IS_ERR(p));
	set_current(p);
	a = map_anon(64 * PAGE_SIZE, PROT_RW);
	for (i = 0; i < 64; i++)
		assert_int_equal(cpu_write(a + i * PAGE_SIZE, buf, 6), 0);
	assert_true(free_pages_all(plat) <= before - 64);
	assert_int_equal(atomic_long_read(&current->mm->rss_anon), 64);
	set_current(self);
	task_exit(p);
	assert_int_equal(free_pages_all(plat), before);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_vma_index_random),
		dmb_unit_test(test_mmap_errno),
		dmb_unit_test(test_mmap_file_access),
		dmb_unit_test(test_munmap_split),
		dmb_unit_test(test_mprotect),
		dmb_unit_test(test_madvise),
		dmb_unit_test(test_process_exit_frees),
	};

	return dmb_run_tests(tests);
}
