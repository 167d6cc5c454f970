// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf CPU mappings in simulated processes: mmap of the fd, the fault
 * helper, zap on move and revoke, VMA -> dma-buf, the frame-vector route
 * and CPU faults racing with moves.
 */
#include <string.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>

#define PROT_RW (PROT_READ | PROT_WRITE)

struct env {
	struct platform *plat;
	struct task_struct *task;
	struct pexp *p;
	int fd;
	unsigned long addr;
};

static void env_init(struct env *e, unsigned long pages, unsigned int flags)
{
	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = process_create(e->plat, "proc");
	assert_non_null(e->task);
	set_current(e->task);
	e->p = pexp_create(pages * PAGE_SIZE, flags, 0xab);
	assert_non_null(e->p);
	get_dma_buf(e->p->dmabuf);	/* the test's own reference */
	e->fd = dma_buf_fd(e->p->dmabuf, O_CLOEXEC);
	assert_true(e->fd >= 0);
	e->addr = 0;
}

static void env_fini(struct env *e)
{
	dma_buf_put(e->p->dmabuf);
	assert_int_equal(sys_close(e->fd), 0);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

static unsigned long map_fd(struct env *e, unsigned long pages,
			    unsigned long pgoff)
{
	long a = sys_mmap(0, pages * PAGE_SIZE, PROT_RW, MAP_SHARED, e->fd,
			  pgoff * PAGE_SIZE);

	assert_true(a > 0);
	return a;
}

static unsigned long pfn_at(unsigned long addr, pgprot_t *prot)
{
	struct follow_pfnmap_args args = { 0 };
	unsigned long pfn = 0;

	mmap_read_lock(current->mm);
	args.vma = vma_lookup(current->mm, addr);
	args.address = addr;
	if (args.vma && !follow_pfnmap_start(&args)) {
		pfn = args.pfn;
		if (prot)
			*prot = args.pgprot;
		follow_pfnmap_end(&args);
	}
	mmap_read_unlock(current->mm);
	return pfn;
}

static void test_mmap_cpu_access(void **state)
{
	struct env e;
	unsigned long a;
	char buf[PAGE_SIZE], out[8];
	pgprot_t prot;

	env_init(&e, 4, PEXP_WC);
	a = map_fd(&e, 4, 0);
	assert_int_equal(cpu_read(a + 2 * PAGE_SIZE, buf, sizeof(buf)), 0);
	memset(out, 0xab, sizeof(out));
	assert_memory_equal(buf, out, sizeof(out));
	assert_int_equal(cpu_write(a + PAGE_SIZE + 8, "hello", 6), 0);
	assert_string_equal((char *)pexp_page(e.p, -1, 1) + 8, "hello");
	assert_int_equal(atomic_read(&e.p->faults), 2);
	/* Mapped now: no more faults. */
	assert_int_equal(cpu_read(a + PAGE_SIZE + 8, out, 6), 0);
	assert_string_equal(out, "hello");
	assert_int_equal(atomic_read(&e.p->faults), 2);
	/* The PFN and the exporter's caching attribute. */
	assert_int_equal(pfn_at(a + PAGE_SIZE, &prot),
			 PHYS_PFN(pexp_phys(e.p, -1, 1)));
	assert_int_equal(pgprot_cachemode(prot), _PAGE_CACHE_MODE_WC);
	assert_int_equal(dma_buf_cpu_mappings(e.p->dmabuf), 1);
	assert_int_equal(sys_munmap(a, 4 * PAGE_SIZE), 0);
	assert_int_equal(dma_buf_cpu_mappings(e.p->dmabuf), 0);
	env_fini(&e);
}

static void test_mmap_errors(void **state)
{
	struct vm_area_struct vma = { .vm_start = 0, .vm_end = PAGE_SIZE };
	struct env e;
	struct texp *t;
	unsigned long a;
	int tfd;

	env_init(&e, 4, 0);
	/* Past the end of the buffer: Linux's dma_buf_mmap_internal. */
	assert_int_equal(sys_mmap(0, 5 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd,
				  0), -EINVAL);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd,
				  4 * PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd,
				  3 * PAGE_SIZE), -EINVAL);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd,
				  100), -EINVAL);
	/* The last page alone is fine. */
	a = map_fd(&e, 1, 3);
	assert_int_equal(cpu_write(a, "x", 1), 0);
	assert_int_equal(pexp_page(e.p, -1, 3)[0], 'x');
	/* The in-kernel helper: overflow and size checks. */
	assert_int_equal(dma_buf_mmap(e.p->dmabuf, &vma, ~0UL), -EOVERFLOW);
	assert_int_equal(dma_buf_mmap(e.p->dmabuf, &vma, 4), -EINVAL);
	assert_null(vma.vm_file);
	/* An exporter without mmap: -EINVAL. */
	t = texp_create(PAGE_SIZE, 0, NULL);
	assert_non_null(t);
	tfd = dma_buf_fd(t->dmabuf, O_CLOEXEC);
	assert_true(tfd >= 0);
	assert_int_equal(sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, tfd, 0),
			 -EINVAL);
	assert_int_equal(sys_close(tfd), 0);
	env_fini(&e);
}

struct fence_wait {
	struct env *e;
	unsigned long addr;
	struct dma_fence *fence;
	atomic_t done;
	bool signaled_when_read;
	u8 seen;
};

static void fence_wait_thread(int idx, void *arg)
{
	struct fence_wait *w = arg;
	struct task_struct *t = task_create_thread(w->e->task, "t");
	u8 v = 0;

	set_current(t);
	if (idx == 0) {
		assert_int_equal(cpu_read(w->addr, &v, 1), 0);
		/* The fault handler waited for the copy. */
		w->signaled_when_read = dma_fence_is_signaled(w->fence);
		w->seen = v;
		atomic_set(&w->done, 1);
	} else {
		/* Whatever the timing, the reader cannot be done yet. */
		assert_int_equal(atomic_read(&w->done), 0);
		dma_fence_signal(w->fence);
	}
	set_current(NULL);
	task_exit(t);
}

static void test_fault_waits_for_fences(void **state)
{
	struct fence_wait w = { 0 };
	struct env e;

	env_init(&e, 2, 0);
	w.e = &e;
	w.addr = map_fd(&e, 2, 0);
	assert_int_equal(pexp_move(e.p, &w.fence), 0);
	dmb_run_threads(2, fence_wait_thread, &w);
	assert_true(w.signaled_when_read);
	assert_int_equal(w.seen, 0xab);
	dma_fence_put(w.fence);
	env_fini(&e);
}

static void test_zap_on_move(void **state)
{
	struct env e;
	unsigned long a, before;
	u8 v = 0;

	env_init(&e, 4, 0);
	a = map_fd(&e, 4, 0);
	assert_int_equal(cpu_write(a + PAGE_SIZE, "\x11", 1), 0);
	assert_int_equal(pfn_at(a + PAGE_SIZE, NULL),
			 PHYS_PFN(pexp_phys(e.p, 0, 1)));
	before = atomic_read(&e.p->faults);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	/* Zapped: no PTE; the next access refaults to the new backing. */
	assert_int_equal(pfn_at(a + PAGE_SIZE, NULL), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, &v, 1), 0);
	assert_int_equal(v, 0x11);
	assert_int_equal(atomic_read(&e.p->faults), before + 1);
	assert_int_equal(pfn_at(a + PAGE_SIZE, NULL),
			 PHYS_PFN(pexp_phys(e.p, 1, 1)));
	assert_int_equal(cpu_write(a + PAGE_SIZE, "\x22", 1), 0);
	assert_int_equal(pexp_page(e.p, 1, 1)[0], 0x22);
	assert_int_equal(pexp_page(e.p, 0, 1)[0], 0x11);
	/* And back. */
	assert_int_equal(pexp_move(e.p, NULL), 0);
	assert_int_equal(cpu_read(a + PAGE_SIZE, &v, 1), 0);
	assert_int_equal(v, 0x22);
	assert_int_equal(pfn_at(a + PAGE_SIZE, NULL),
			 PHYS_PFN(pexp_phys(e.p, 0, 1)));
	env_fini(&e);
}

static void test_zap_on_revoke(void **state)
{
	struct env e;
	unsigned long a;
	u8 v = 0;

	env_init(&e, 2, 0);
	a = map_fd(&e, 2, 0);
	assert_int_equal(cpu_read(a, &v, 1), 0);
	pexp_revoke(e.p);
	assert_int_equal(pfn_at(a, NULL), 0);
	/* SIGBUS: every access fails, nothing reaches the memory. */
	assert_int_equal(cpu_read(a, &v, 1), -EFAULT);
	assert_int_equal(cpu_write(a + PAGE_SIZE, "z", 1), -EFAULT);
	assert_int_not_equal(pexp_page(e.p, -1, 1)[0], 'z');
	pexp_restore(e.p);
	assert_int_equal(cpu_write(a + PAGE_SIZE, "z", 1), 0);
	assert_int_equal(pexp_page(e.p, -1, 1)[0], 'z');
	env_fini(&e);
}

static void test_get_from_vma(void **state)
{
	struct vm_area_struct *vma;
	struct dma_buf *db;
	struct env e;
	unsigned long a, anon;
	pgoff_t pgoff = 0;
	long refs;
	int mfd;
	long m;

	env_init(&e, 8, 0);
	a = map_fd(&e, 4, 3);
	anon = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	assert_true((long)anon > 0);
	mfd = sys_memfd_create("x", 0);
	assert_true(mfd >= 0);
	assert_int_equal(sys_ftruncate(mfd, PAGE_SIZE), 0);
	m = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_SHARED, mfd, 0);
	assert_true(m > 0);
	refs = file_count(e.p->dmabuf->file);

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a + 2 * PAGE_SIZE);
	db = dma_buf_get_from_vma(vma, &pgoff);
	assert_ptr_equal(db, e.p->dmabuf);
	assert_int_equal(pgoff, 3);	/* of vm_start */
	assert_int_equal(file_count(db->file), refs + 1);
	assert_null(dma_buf_get_from_vma(vma_lookup(current->mm, anon),
					 &pgoff));
	assert_null(dma_buf_get_from_vma(vma_lookup(current->mm, m), &pgoff));
	assert_null(dma_buf_get_from_vma(NULL, &pgoff));
	mmap_read_unlock(current->mm);
	/* The reference outlives the mapping. */
	assert_int_equal(sys_munmap(a, 4 * PAGE_SIZE), 0);
	assert_int_equal(file_count(db->file), refs);
	dma_buf_put(db);
	assert_int_equal(sys_close(mfd), 0);
	env_fini(&e);
}

/* An exporter whose ->mmap, as Linux's system heap, takes private maps. */
static struct dma_buf_phys_list *cow_map_phys(struct dma_buf_attachment *a)
{
	return ERR_PTR(-ENOMEM);
}

static void cow_release(struct dma_buf *dmabuf)
{
}

static int cow_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND);
	return 0;
}

static const struct dma_buf_ops cow_ops = {
	.map_phys = cow_map_phys,
	.mmap = cow_mmap,
	.release = cow_release,
};

/*
 * Issue 10 #11: dma_buf_get_from_vma() asserts the mmap_lock (vm_file
 * and vm_ops are stable only under it) and finds the buffer behind a
 * private (COW) mapping as behind a shared one.
 */
static void test_get_from_vma_private_and_locked(void **state)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct vm_area_struct *vma;
	struct dma_buf *db, *got;
	struct env e;
	pgoff_t pgoff = 0;
	long a;
	int fd;

	env_init(&e, 1, 0);
	info.ops = &cow_ops;
	info.size = 4 * PAGE_SIZE;
	info.flags = O_RDWR;
	info.priv = &e;
	db = dma_buf_export(&info);
	assert_false(IS_ERR(db));
	fd = dma_buf_fd(db, O_CLOEXEC);
	assert_true(fd >= 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_PRIVATE, fd, PAGE_SIZE);
	assert_true(a > 0);

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	assert_non_null(vma);
	assert_false(vma->vm_flags & VM_SHARED);
	got = dma_buf_get_from_vma(vma, &pgoff);
	mmap_read_unlock(current->mm);
	assert_ptr_equal(got, db);
	assert_int_equal(pgoff, 1);
	dma_buf_put(got);

	/* Without the mmap_lock: the lock checker reports it. */
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	mmap_read_unlock(current->mm);
	dmb_expect_reports(REPORT_LOCKDEP, 1);
	got = dma_buf_get_from_vma(vma, &pgoff);
	if (got)
		dma_buf_put(got);
	assert_int_equal(sys_munmap(a, 2 * PAGE_SIZE), 0);
	assert_int_equal(sys_close(fd), 0);
	env_fini(&e);
}

static void test_vaddr_frames(void **state)
{
	struct dma_buf_frames *h = NULL;
	struct vm_area_struct *vma;
	unsigned long pfns[8], a, anon, i;
	struct env e, r;
	int n;

	env_init(&e, 4, 0);
	a = map_fd(&e, 4, 0);
	anon = sys_mmap(0, PAGE_SIZE, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	/* Clipped to the VMA: pages 1..3. */
	n = dma_buf_vaddr_frames(vma, a + PAGE_SIZE, 8, pfns, 0, &h);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(pfns[i], PHYS_PFN(pexp_phys(e.p, -1, i + 1)));
	assert_int_equal(dma_buf_vaddr_frames(vma, a + 1, 1, pfns, 0, &h),
			 -EINVAL);
	assert_int_equal(dma_buf_vaddr_frames(vma_lookup(current->mm, anon),
					      anon, 1, pfns, 0, &h), -EFAULT);
	mmap_read_unlock(current->mm);
	/* The frames are pinned: the buffer cannot move. */
	assert_int_equal(atomic_read(&e.p->pins), 1);
	assert_int_equal(pexp_move(e.p, NULL), -EBUSY);
	dma_buf_put_vaddr_frames(h);
	assert_int_equal(atomic_read(&e.p->pins), 0);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	env_fini(&e);

	/* A revocable exporter refuses the pinned, non-revocable route. */
	env_init(&r, 1, PEXP_REVOCABLE_ONLY);
	a = map_fd(&r, 1, 0);
	mmap_read_lock(current->mm);
	assert_int_equal(dma_buf_vaddr_frames(vma_lookup(current->mm, a), a, 1,
					      pfns, 0, &h), -EOPNOTSUPP);
	mmap_read_unlock(current->mm);
	env_fini(&r);
}

/* Race: CPU faults through the mapping while the buffer moves. */
struct fault_race {
	struct env *e;
	unsigned long addr, pages;
	int moves;
	atomic_t bad;
};

static u8 page_pattern(unsigned long i)
{
	return (u8)(i * 7 + 1);
}

static void fault_race_thread(int idx, void *arg)
{
	struct fault_race *r = arg;
	struct task_struct *t = task_create_thread(r->e->task, "t");
	unsigned long i, pg;
	u8 buf[64];
	int k, err;

	set_current(t);
	if (idx == 0) {
		for (k = 0; k < r->moves; k++)
			assert_int_equal(pexp_move(r->e->p, NULL), 0);
	} else {
		for (k = 0; k < r->moves * 4; k++) {
			pg = (k * 5 + idx) % r->pages;
			err = cpu_read(r->addr + pg * PAGE_SIZE +
				       (k % 60) * 64, buf, sizeof(buf));
			if (err)
				atomic_inc(&r->bad);
			for (i = 0; i < sizeof(buf); i++)
				if (buf[i] != page_pattern(pg))
					atomic_inc(&r->bad);
		}
	}
	set_current(NULL);
	task_exit(t);
}

static void test_cpu_fault_vs_move(void **state)
{
	struct fault_race r = { .pages = 16, .moves = TSTRESS(400) };
	struct env e;
	unsigned long i;

	env_init(&e, r.pages, 0);
	for (i = 0; i < r.pages; i++)
		memset(pexp_page(e.p, -1, i), page_pattern(i), PAGE_SIZE);
	r.e = &e;
	r.addr = map_fd(&e, r.pages, 0);
	dmb_run_threads(4, fault_race_thread, &r);
	assert_int_equal(atomic_read(&r.bad), 0);
	assert_int_equal(atomic_read(&e.p->moves), r.moves);
	/* Faults refilled the mapping after moves (teardown: no report). */
	assert_true(atomic_read(&e.p->faults) > 0);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_mmap_cpu_access),
		dmb_unit_test(test_mmap_errors),
		dmb_unit_test(test_fault_waits_for_fences),
		dmb_unit_test(test_zap_on_move),
		dmb_unit_test(test_zap_on_revoke),
		dmb_unit_test(test_get_from_vma),
		dmb_unit_test(test_get_from_vma_private_and_locked),
		dmb_unit_test(test_vaddr_frames),
		dmb_unit_test(test_cpu_fault_vs_move),
	};

	return dmb_run_tests(tests);
}
