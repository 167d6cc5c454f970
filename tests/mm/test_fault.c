// SPDX-License-Identifier: GPL-2.0
/* Faults: anonymous, memfd (shared and private), driver fault handlers. */
#include <signal.h>
#include <dmabridge/completion.h>
#include "mm_test.h"

static void test_anon_fault(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 4 * MiB);
	unsigned long a = map_anon(3 * PAGE_SIZE, PROT_RW);
	char buf[2 * PAGE_SIZE], out[2 * PAGE_SIZE];
	pte_t pte;
	int i;

	/* First touch reads zeros. */
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(cpu_read(a, out, sizeof(out)), 0);
	for (i = 0; i < (int)sizeof(out); i++)
		assert_int_equal(out[i], 0);
	/* A write spanning two pages reads back. */
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i * 7;
	assert_int_equal(cpu_write(a + 100, buf, sizeof(buf)), 0);
	assert_int_equal(cpu_read(a + 100, out, sizeof(out)), 0);
	assert_memory_equal(buf, out, sizeof(buf));
	pte = test_get_pte(a);
	assert_true(pte_present(pte) && pte_write(pte) && pte_dirty(pte) &&
		    pte_young(pte) && !pte_special(pte));
	/* Anonymous memory comes from the movable zone. */
	assert_int_equal(page_zonenum(platform_pfn_to_page(plat, pte_pfn(pte))),
			 ZONE_MOVABLE);
	/* Outside any VMA: -EFAULT; across the end: -EFAULT. */
	assert_int_equal(cpu_read(a + 3 * PAGE_SIZE, out, 1), -EFAULT);
	assert_int_equal(cpu_read(a + 3 * PAGE_SIZE - 1, out, 2), -EFAULT);
	assert_int_equal(cpu_read(TASK_SIZE, out, 1), -EFAULT);
	/* copy_*_user count bytes not copied. */
	assert_int_equal(cpu_copy_to_user(a + 3 * PAGE_SIZE - 10, buf, 20), 10);
	assert_int_equal(cpu_copy_from_user(out, a, 20), 0);
	assert_int_equal(cpu_copy_from_user(out, 0x1000, 20), 20);
	mm_test_platform_free(plat);
}

static void test_readonly_anon(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long a = map_anon(PAGE_SIZE, PROT_READ);
	char c = 3;

	assert_int_equal(cpu_read(a, &c, 1), 0);
	assert_int_equal(c, 0);
	assert_int_equal(cpu_write(a, &c, 1), -EFAULT);
	assert_false(pte_write(test_get_pte(a)));
	mm_test_platform_free(plat);
}

static void test_memfd_shared_between_processes(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct task_struct *self = current, *p2;
	struct file *file;
	unsigned long a, b;
	char msg[] = "shared memory", out[32] = { 0 };
	int fd, fd2;

	fd = sys_memfd_create("shm", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(sys_ftruncate(fd, 2 * PAGE_SIZE), 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_true((long)a > 0);
	assert_int_equal(cpu_write(a + PAGE_SIZE + 5, msg, sizeof(msg)), 0);

	p2 = process_create(plat, "peer");
	assert_false(IS_ERR(p2));
	fd2 = fd_transfer(self, fd, p2);
	assert_true(fd2 >= 0);
	set_current(p2);
	/* Map only the second page, at offset PAGE_SIZE. */
	b = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd2, PAGE_SIZE);
	assert_true((long)b > 0);
	assert_int_equal(cpu_read(b + 5, out, sizeof(msg)), 0);
	assert_string_equal(out, msg);
	assert_int_equal(cpu_write(b, "X", 1), 0);
	file = fget(fd2);
	assert_int_equal(shmem_nr_pages(file), 1);
	set_current(self);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 1), 0);
	assert_int_equal(out[0], 'X');

	/* unmap_mapping_range zaps both processes; they fault back in. */
	unmap_mapping_range(file->f_mapping, 0, 0, 1);
	assert_false(pte_present(test_get_pte(a + PAGE_SIZE)));
	set_current(p2);
	assert_false(pte_present(test_get_pte(b)));
	assert_int_equal(cpu_read(b + 5, out, sizeof(msg)), 0);
	assert_string_equal(out, msg);
	set_current(self);

	/* Shrinking: the cut page gives SIGBUS (-EFAULT) in both. */
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 1), -EFAULT);
	assert_int_equal(cpu_read(a, out, 1), 0);
	set_current(p2);
	assert_int_equal(cpu_read(b, out, 1), -EFAULT);
	set_current(self);
	assert_int_equal(shmem_nr_pages(file), 1);
	/* Growing again: zeros. */
	assert_int_equal(sys_ftruncate(fd, 2 * PAGE_SIZE), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE + 5, out, 4), 0);
	assert_int_equal(out[0] | out[1] | out[2] | out[3], 0);
	fput(file);
	task_exit(p2);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

static void test_memfd_errno(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	char longname[300];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	assert_int_equal(sys_memfd_create(NULL, 0), -EFAULT);
	assert_int_equal(sys_memfd_create("x", 0x1000), -EINVAL);
	assert_int_equal(sys_memfd_create(longname, 0), -EINVAL);
	assert_int_equal(sys_memfd_create("x", MFD_EXEC | MFD_NOEXEC_SEAL),
			 -EINVAL);
	assert_int_equal(sys_memfd_create("x", MFD_HUGETLB), -EOPNOTSUPP);
	longname[249] = 0;
	assert_int_equal(sys_close(sys_memfd_create(longname,
						    MFD_ALLOW_SEALING)), 0);
	mm_test_platform_free(plat);
}

static void test_memfd_private_cow(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	unsigned long shared, priv;
	char out[8];
	struct file *file;
	int fd;

	fd = sys_memfd_create("cow", 0);
	assert_int_equal(sys_ftruncate(fd, PAGE_SIZE), 0);
	shared = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	priv = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_PRIVATE, fd, 0);
	assert_int_equal(cpu_write(shared, "orig", 5), 0);
	/* A private read sees the file; a private write copies. */
	assert_int_equal(cpu_read(priv, out, 5), 0);
	assert_string_equal(out, "orig");
	assert_false(pte_write(test_get_pte(priv)));
	assert_int_equal(cpu_write(priv, "mine", 5), 0);
	assert_true(pte_write(test_get_pte(priv)));
	assert_int_equal(cpu_read(shared, out, 5), 0);
	assert_string_equal(out, "orig");
	assert_int_equal(cpu_read(priv, out, 5), 0);
	assert_string_equal(out, "mine");
	/* Zapping the file keeps the private copy unless even_cows. */
	file = fget(fd);
	unmap_mapping_range(file->f_mapping, 0, 0, 0);
	assert_true(pte_present(test_get_pte(priv)));
	assert_false(pte_present(test_get_pte(shared)));
	unmap_mapping_range(file->f_mapping, 0, 0, 1);
	assert_false(pte_present(test_get_pte(priv)));
	fput(file);
	assert_int_equal(sys_close(fd), 0);
	/* The mapping keeps the file alive after close. */
	assert_int_equal(cpu_read(shared, out, 5), 0);
	assert_string_equal(out, "orig");
	mm_test_platform_free(plat);
}

static void test_shared_anon(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	long a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char out[4];

	assert_true(a > 0);
	assert_int_equal(cpu_write(a + PAGE_SIZE, "abc", 4), 0);
	assert_int_equal(sys_madvise(a, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	/* Shared memory keeps its data across MADV_DONTNEED. */
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 4), 0);
	assert_string_equal(out, "abc");
	/* A split keeps both halves on the same shmem object. */
	assert_int_equal(sys_munmap(a, PAGE_SIZE), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 4), 0);
	assert_string_equal(out, "abc");
	mm_test_platform_free(plat);
}

/* A driver whose mmap inserts PFNs of its own pages in a fault handler. */
struct drv {
	struct platform *plat;
	struct page *pages[4];
	int faults;
	int opens, closes;
	bool remap;		/* remap_pfn_range in mmap instead */
	bool mixed;		/* vmf_insert_page */
	bool wc;
	/* Waits interruptibly for @never first, as a fence-waiting handler. */
	bool interruptible;
	struct completion never;
	int mmap_err;		/* returned by ->mmap */
};

/* How often an interrupted fault may retry before the test gives up. */
#define DRV_MAX_RETRIES 50

static vm_fault_t drv_fault(struct vm_fault *vmf)
{
	struct drv *d = vmf->vma->vm_private_data;
	pgprot_t prot = vmf->vma->vm_page_prot;

	__atomic_add_fetch(&d->faults, 1, __ATOMIC_RELAXED);
	if (vmf->pgoff >= 4)
		return VM_FAULT_SIGBUS;
	if (d->interruptible && !completion_done(&d->never)) {
		/* Without the fix the access spins here: end it. */
		if (d->faults >= DRV_MAX_RETRIES)
			flush_signals(current);
		else if (wait_for_completion_interruptible(&d->never))
			return VM_FAULT_NOPAGE;	/* retry the access */
	}
	if (d->mixed)
		return vmf_insert_page(vmf->vma, vmf->address,
				       d->pages[vmf->pgoff]);
	if (d->wc)
		prot = pgprot_writecombine(prot);
	return vmf_insert_pfn_prot(vmf->vma, vmf->address,
				   page_to_pfn(d->pages[vmf->pgoff]), prot);
}

static void drv_open(struct vm_area_struct *vma)
{
	struct drv *d = vma->vm_private_data;

	d->opens++;
}

static void drv_close(struct vm_area_struct *vma)
{
	struct drv *d = vma->vm_private_data;

	d->closes++;
}

static const struct vm_operations_struct drv_vm_ops = {
	.open = drv_open,
	.close = drv_close,
	.fault = drv_fault,
};

static int drv_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct drv *d = file->private_data;

	if (vma->vm_pgoff + vma_pages(vma) > 4)
		return -EINVAL;
	if (d->mmap_err)
		return d->mmap_err;
	vma->vm_private_data = d;
	vma->vm_ops = &drv_vm_ops;
	if (d->remap)
		return remap_pfn_range(vma, vma->vm_start,
				       page_to_pfn(d->pages[vma->vm_pgoff]),
				       vma->vm_end - vma->vm_start,
				       pgprot_noncached(vma->vm_page_prot));
	vm_flags_set(vma, d->mixed ? VM_MIXEDMAP : VM_IO | VM_PFNMAP);
	return 0;
}

static int drv_release(struct inode *inode, struct file *file)
{
	return 0;
}

static const struct file_operations drv_fops = {
	.name = "drv",
	.mmap = drv_mmap,
	.release = drv_release,
};

/* Contiguous pages so remap_pfn_range can map them in one go. */
static int drv_setup(struct drv *d, struct platform *plat)
{
	struct page *block;
	struct file *f;
	int i, fd;

	memset(d, 0, sizeof(*d));
	d->plat = plat;
	block = platform_alloc_pages(plat, GFP_KERNEL | __GFP_ZERO, 2);
	assert_non_null(block);
	for (i = 0; i < 4; i++)
		d->pages[i] = block + i;
	f = anon_inode_getfile("drv", &drv_fops, d, O_RDWR);
	assert_false(IS_ERR(f));
	fd = get_unused_fd_flags(0);
	fd_install(fd, f);
	return fd;
}

static void drv_teardown(struct drv *d)
{
	__free_pages(d->pages[0], 2);
}

static void test_driver_pfn_fault(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct follow_pfnmap_args args = { 0 };
	struct drv d;
	int fd = drv_setup(&d, plat);
	long a;
	char out[8];

	d.wc = true;
	strcpy(page_address(d.pages[1]), "page1");
	a = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_true(a > 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 6), 0);
	assert_string_equal(out, "page1");
	assert_int_equal(d.faults, 1);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 6), 0);
	assert_int_equal(d.faults, 1);	/* mapped now */
	assert_int_equal(cpu_write(a + 3 * PAGE_SIZE, "w", 2), 0);
	assert_string_equal((char *)page_address(d.pages[3]), "w");

	mmap_read_lock(current->mm);
	args.vma = vma_lookup(current->mm, a);
	args.address = a + PAGE_SIZE;
	assert_int_equal(follow_pfnmap_start(&args), 0);
	assert_int_equal(args.pfn, page_to_pfn(d.pages[1]));
	assert_true(args.special);
	assert_true(args.writable);
	assert_int_equal(pgprot_cachemode(args.pgprot), _PAGE_CACHE_MODE_WC);
	follow_pfnmap_end(&args);
	/*
	 * Inserting over a present PTE: the same PFN is a raced fault
	 * (quiet), another PFN a missing zap (WARN, the PTE stays). Guards:
	 * the check in insert_pfn().
	 */
	assert_int_equal(vmf_insert_pfn(args.vma, a + PAGE_SIZE,
					page_to_pfn(d.pages[1])),
			 VM_FAULT_NOPAGE);
	dmb_expect_reports(REPORT_WARN, 1);
	assert_int_equal(vmf_insert_pfn(args.vma, a + PAGE_SIZE,
					page_to_pfn(d.pages[2])),
			 VM_FAULT_NOPAGE);
	assert_int_equal(pte_pfn(test_get_pte(a + PAGE_SIZE)),
			 page_to_pfn(d.pages[1]));
	/* Not present: -EINVAL */
	args.address = a + 2 * PAGE_SIZE;
	assert_int_equal(follow_pfnmap_start(&args), -EINVAL);
	/* zap_vma_ptes: the next access faults again. */
	zap_vma_ptes(args.vma, a, 4 * PAGE_SIZE);
	mmap_read_unlock(current->mm);
	assert_false(pte_present(test_get_pte(a + PAGE_SIZE)));
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 6), 0);
	assert_int_equal(d.faults, 3);

	/* A hole in the middle: two splits (two opens), one close. */
	assert_int_equal(sys_munmap(a + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(d.opens, 2);
	assert_int_equal(d.closes, 1);
	assert_int_equal(sys_munmap(a, 4 * PAGE_SIZE), 0);
	assert_int_equal(d.closes, 3);
	/* The driver refuses a range beyond its object. */
	a = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 4 * PAGE_SIZE);
	assert_int_equal(a, -EINVAL);
	assert_int_equal(sys_close(fd), 0);
	drv_teardown(&d);
	mm_test_platform_free(plat);
}

/*
 * A fault whose handler waits interruptibly, with a signal pending: the
 * wait returns at once and the access is retried. The access must end
 * with -EINTR (the signal is delivered, the process has no handler), not
 * spin. Guards: the signal check in cpu_access_mm()'s retry loop, and
 * syscall_exit() in sys_mmap for a driver's interrupted ->mmap.
 */
static void test_fault_with_signal_pending_returns_eintr(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct drv d;
	int fd = drv_setup(&d, plat);
	char out[4];
	long a;

	d.interruptible = true;
	init_completion(&d.never);
	a = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_true(a > 0);
	send_sig(SIGUSR1, current);
	assert_int_equal(cpu_read(a, out, 1), -EINTR);
	assert_int_equal(d.faults, 1);
	assert_int_equal(cpu_write(a, "x", 1), -EINTR);
	assert_int_equal(d.faults, 2);
	/* A driver's mmap interrupted: the process sees -EINTR. */
	d.mmap_err = -ERESTARTSYS;
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0),
			 -EINTR);
	d.mmap_err = 0;
	/* Signal handled: the access completes. */
	flush_signals(current);
	complete_all(&d.never);
	assert_int_equal(cpu_write(a, "x", 1), 0);
	assert_int_equal(sys_munmap(a, 4 * PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	drv_teardown(&d);
	mm_test_platform_free(plat);
}

static void test_driver_remap_and_mixed(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct drv d;
	int fd = drv_setup(&d, plat);
	struct vm_area_struct *vma;
	long a;
	char out[8];
	pte_t pte;

	d.remap = true;
	strcpy(page_address(d.pages[2]), "remap");
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, PAGE_SIZE);
	assert_true(a > 0);
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	assert_true((vma->vm_flags & (VM_IO | VM_PFNMAP | VM_DONTEXPAND)) ==
		    (VM_IO | VM_PFNMAP | VM_DONTEXPAND));
	mmap_read_unlock(current->mm);
	pte = test_get_pte(a + PAGE_SIZE);
	assert_true(pte_present(pte) && pte_special(pte));
	assert_int_equal(pgprot_cachemode(pte_pgprot(pte)),
			 _PAGE_CACHE_MODE_UC);
	assert_int_equal(cpu_read(a + PAGE_SIZE, out, 6), 0);
	assert_string_equal(out, "remap");
	assert_int_equal(d.faults, 0);
	assert_int_equal(sys_munmap(a, 2 * PAGE_SIZE), 0);

	/* vmf_insert_page: a refcounted page in a VM_MIXEDMAP VMA. */
	d.remap = false;
	d.mixed = true;
	a = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, fd, 0);
	assert_int_equal(cpu_read(a + 2 * PAGE_SIZE, out, 6), 0);
	assert_string_equal(out, "remap");
	assert_int_equal(page_ref_count(d.pages[0]), 2);
	assert_int_equal(page_mapcount(d.pages[2]), 1);
	assert_int_equal(sys_munmap(a, 4 * PAGE_SIZE), 0);
	assert_int_equal(page_ref_count(d.pages[0]), 1);
	assert_int_equal(page_mapcount(d.pages[2]), 0);
	assert_int_equal(sys_close(fd), 0);
	drv_teardown(&d);
	mm_test_platform_free(plat);
}

static void test_private_file_mapping_sigbus(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	char out;
	int fd = sys_memfd_create("empty", 0);
	long a = sys_mmap(0, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);

	/* A mapping beyond the end of the file: SIGBUS on access. */
	assert_true(a > 0);
	assert_int_equal(cpu_read(a, &out, 1), -EFAULT);
	assert_int_equal(sys_close(fd), 0);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_anon_fault),
		dmb_unit_test(test_readonly_anon),
		dmb_unit_test(test_memfd_shared_between_processes),
		dmb_unit_test(test_memfd_errno),
		dmb_unit_test(test_memfd_private_cow),
		dmb_unit_test(test_shared_anon),
		dmb_unit_test(test_driver_pfn_fault),
		dmb_unit_test(test_fault_with_signal_pending_returns_eintr),
		dmb_unit_test(test_driver_remap_and_mixed),
		dmb_unit_test(test_private_file_mapping_sigbus),
	};

	return dmb_run_tests(tests);
}
