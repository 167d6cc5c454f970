// SPDX-License-Identifier: GPL-2.0
/*
 * dma-buf with real DMA engines on the default platform: CPU sync around
 * device writes, revoke while DMA is in flight, the legacy follow_pfn bug
 * against dma_buf_get_from_vma, and DMA racing with moves.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/iommu.h>
#include <dmabridge/pci.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/mm.h>
#include <dmabridge/mman.h>

#define PROT_RW (PROT_READ | PROT_WRITE)

struct env {
	struct platform *plat;
	struct task_struct *task;
	struct pci_dev *gpu0;
	struct pexp *p;
	int fd;
};

/*
 * A dynamic DMA_VEC importer on gpu0. Invalidated, it lets its own DMA
 * (its fences in the resv) finish, then unmaps: unmapping under DMA in
 * flight would make the device fault or, once the IOVA is reused, write
 * someone else's memory. @keep is a bug for tests: the mapping survives
 * invalidations (for moves, which do not wait for unmaps).
 */
struct dimp {
	struct dma_buf_attachment *attach;
	struct dma_buf_dma_vec *vec;	/* under resv */
	atomic_t invalidated;
	bool keep;
};

static void dimp_invalidate(struct dma_buf_attachment *a)
{
	struct dimp *d = a->importer_priv;

	dma_resv_assert_held(a->dmabuf->resv);
	atomic_inc(&d->invalidated);
	if (d->vec && !d->keep) {
		dma_resv_wait_timeout(a->dmabuf->resv, DMA_RESV_USAGE_BOOKKEEP,
				      false, MAX_SCHEDULE_TIMEOUT);
		dma_buf_unmap_dma_vec(a, d->vec);
		d->vec = NULL;
	}
}

static const struct dma_buf_attach_ops dimp_ops = {
	.invalidate_mappings = dimp_invalidate,
};

static const enum dma_buf_mapping_type want_vec[] = {
	DMA_BUF_MAPPING_DMA_VEC,
};

static void env_init(struct env *e, unsigned long pages, unsigned int flags)
{
	e->plat = platform_create(NULL);
	assert_false(IS_ERR_OR_NULL(e->plat));
	e->task = process_create(e->plat, "proc");
	set_current(e->task);
	e->gpu0 = pci_get_by_name(e->plat, "gpu0");
	assert_non_null(e->gpu0);
	assert_int_equal(dma_set_mask_and_coherent(&e->gpu0->dev,
						   DMA_BIT_MASK(64)), 0);
	e->p = pexp_create(pages * PAGE_SIZE, flags, 0xab);
	assert_non_null(e->p);
	get_dma_buf(e->p->dmabuf);
	e->fd = dma_buf_fd(e->p->dmabuf, O_CLOEXEC);
	assert_true(e->fd >= 0);
}

static void env_fini(struct env *e)
{
	dma_buf_put(e->p->dmabuf);
	assert_int_equal(sys_close(e->fd), 0);
	pci_dev_put(e->gpu0);
	set_current(NULL);
	task_exit(e->task);
	platform_destroy(e->plat);
}

static void dimp_attach(struct env *e, struct dimp *d, struct dma_buf *db)
{
	memset(d, 0, sizeof(*d));
	d->attach = dma_buf_mapping_attach(db, &e->gpu0->dev, want_vec, 1,
					   &dimp_ops, d);
	assert_false(IS_ERR(d->attach));
}

/* Map if needed (resv held); the device address of byte @off. */
static dma_addr_t dimp_addr(struct dimp *d, size_t off)
{
	unsigned int i;

	if (!d->vec) {
		d->vec = dma_buf_map_dma_vec(d->attach, DMA_BIDIRECTIONAL);
		assert_false(IS_ERR(d->vec));
	}
	for (i = 0; i < d->vec->nr_ranges; i++) {
		if (off < d->vec->ranges[i].len)
			return d->vec->ranges[i].addr + off;
		off -= d->vec->ranges[i].len;
	}
	fail();
	return 0;
}

static void dimp_detach(struct dimp *d)
{
	struct dma_buf *db = d->attach->dmabuf;

	dma_resv_lock(db->resv, NULL);
	if (d->vec)
		dma_buf_unmap_dma_vec(d->attach, d->vec);
	d->vec = NULL;
	dma_resv_unlock(db->resv);
	dma_buf_detach(db, d->attach);
}

/* Track a device job in the resv the way importers must. */
static void add_fence(struct dma_buf *db, struct dma_fence *f,
		      enum dma_resv_usage usage)
{
	dma_resv_assert_held(db->resv);
	assert_int_equal(dma_resv_reserve_fences(db->resv, 1), 0);
	dma_resv_add_fence(db->resv, f, usage);
}

static int wait_put(struct dma_fence *f)
{
	int st;

	assert_false(IS_ERR_OR_NULL(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	st = dma_fence_get_status(f);
	dma_fence_put(f);
	return st;
}

static long dmabuf_sync(int fd, __u64 flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s);
}

static void test_sync_around_dma(void **state)
{
	struct dma_fence *f;
	struct dimp d;
	struct env e;
	long a;
	u8 buf[PAGE_SIZE], want[PAGE_SIZE];

	env_init(&e, 4, 0);
	a = sys_mmap(0, 4 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd, 0);
	assert_true(a > 0);
	dimp_attach(&e, &d, e.p->dmabuf);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	f = dma_engine_fill(&e.gpu0->dev, 0, dimp_addr(&d, 0), 0x5c,
			    4 * PAGE_SIZE);
	assert_false(IS_ERR(f));
	add_fence(e.p->dmabuf, f, DMA_RESV_USAGE_WRITE);
	dma_resv_unlock(e.p->dmabuf->resv);
	/* START waits for the device's write before the CPU reads. */
	assert_int_equal(dmabuf_sync(e.fd, DMA_BUF_SYNC_START |
					   DMA_BUF_SYNC_READ), 0);
	assert_true(dma_fence_is_signaled(f));
	assert_int_equal(dma_fence_get_status(f), 1);
	assert_int_equal(cpu_read(a + 3 * PAGE_SIZE, buf, sizeof(buf)), 0);
	memset(want, 0x5c, sizeof(want));
	assert_memory_equal(buf, want, sizeof(buf));
	assert_int_equal(dmabuf_sync(e.fd, DMA_BUF_SYNC_END |
					   DMA_BUF_SYNC_READ), 0);
	assert_int_equal(dmabuf_sync(e.fd, DMA_BUF_SYNC_START), -EINVAL);
	assert_int_equal(dmabuf_sync(e.fd, 0x100 | DMA_BUF_SYNC_READ),
			 -EINVAL);
	dma_fence_put(f);
	dimp_detach(&d);
	env_fini(&e);
}

#define INFLIGHT_JOBS 8

/*
 * Revoke while the importer's DMA is in flight, done right: the importer
 * lets its jobs finish before it unmaps (dimp_invalidate), so every job
 * completes, nothing faults, nothing is reported, and the memory's next
 * owner keeps its bytes. Guards the importer's wait before unmapping
 * (without it the jobs fault or are reported as a use after unmap).
 */
static void test_revoke_while_dma_in_flight(void **state)
{
	struct dma_fence *f[INFLIGHT_JOBS];
	size_t size = 256 * PAGE_SIZE;
	unsigned long i, k;
	dma_addr_t addr;
	struct dimp d;
	struct env e;
	int st;

	env_init(&e, size >> PAGE_SHIFT, PEXP_REVOCABLE_ONLY);
	dimp_attach(&e, &d, e.p->dmabuf);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	addr = dimp_addr(&d, 0);
	assert_int_equal(d.vec->nr_ranges, 1);	/* one IOVA range */
	for (k = 0; k < INFLIGHT_JOBS; k++) {
		f[k] = dma_engine_fill(&e.gpu0->dev, k % 2, addr, (u8)k, size);
		assert_false(IS_ERR(f[k]));
		add_fence(e.p->dmabuf, f[k], DMA_RESV_USAGE_BOOKKEEP);
	}
	dma_resv_unlock(e.p->dmabuf->resv);
	/* Revoke now: the importer waits for its jobs, then unmaps. */
	pexp_revoke(e.p);
	assert_null(d.vec);
	for (k = 0; k < INFLIGHT_JOBS; k++)
		assert_int_equal(wait_put(f[k]), 1);
	/* The memory has a new owner, who fills it; nobody else writes it. */
	for (i = 0; i < e.p->nr; i++)
		hw_wire_set(pexp_page(e.p, -1, i), 0xee, PAGE_SIZE);
	for (i = 0; i < e.p->nr; i++)
		for (k = 0; k < PAGE_SIZE; k += 512)
			assert_int_equal(hw_wire_peek(pexp_page(e.p, -1, i) + k),
					 0xee);
	/* Mapping again waits for restore. */
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	assert_ptr_equal(dma_buf_map_dma_vec(d.attach, DMA_BIDIRECTIONAL),
			 ERR_PTR(-ENODEV));
	dma_resv_unlock(e.p->dmabuf->resv);
	pexp_restore(e.p);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	st = wait_put(dma_engine_fill(&e.gpu0->dev, 0, dimp_addr(&d, 0), 0x22,
				      PAGE_SIZE));
	dma_resv_unlock(e.p->dmabuf->resv);
	assert_int_equal(st, 1);
	assert_int_equal(pexp_page(e.p, -1, 0)[0], 0x22);
	assert_int_equal(iommu_dev_fault_count(&e.gpu0->dev), 0);
	dimp_detach(&d);
	env_fini(&e);
}

/*
 * The importer bug the test above avoids: a job through the address it
 * had before the revoke. The IOVA waits in the quarantine, so the job
 * faults, and the sanitizer names it: one use-after-unmap report.
 */
static void test_dma_after_revoke_is_use_after_unmap(void **state)
{
	char msg[2048];
	dma_addr_t stale;
	struct dimp d;
	struct env e;

	env_init(&e, 4, PEXP_REVOCABLE_ONLY);
	dimp_attach(&e, &d, e.p->dmabuf);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	stale = dimp_addr(&d, 0);
	dma_resv_unlock(e.p->dmabuf->resv);
	pexp_revoke(e.p);
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, stale, 0x11,
						  PAGE_SIZE)), -EFAULT);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_UNMAP);
	assert_non_null(strstr(msg, "use after unmap"));
	assert_int_equal(hw_wire_peek(pexp_page(e.p, -1, 0)), 0xab);
	pexp_restore(e.p);
	dimp_detach(&d);
	env_fini(&e);
}

/*
 * ABA: an importer that keeps its mapping across moves (dimp.keep) is
 * reported after the second move brings the buffer back to the same
 * pages: that placement is a new claim, not the one it mapped. The same
 * program mapping again after the moves: no report.
 */
static void aba_after_two_moves(bool buggy)
{
	char msg[2048];
	dma_addr_t addr;
	struct dimp d;
	struct env e;

	env_init(&e, 2, 0);
	dimp_attach(&e, &d, e.p->dmabuf);
	d.keep = buggy;
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	addr = dimp_addr(&d, 0);
	dma_resv_unlock(e.p->dmabuf->resv);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	assert_int_equal(e.p->cur, 0);		/* back on the first pages */
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	if (buggy) {
		dmb_expect_reports(REPORT_SANITIZER, 1);
	} else {
		assert_null(d.vec);
		addr = dimp_addr(&d, 0);
	}
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, addr, 0x5a,
						  PAGE_SIZE)), 1);
	dma_resv_unlock(e.p->dmabuf->resv);
	if (buggy) {
		/* The page's claim changed twice since it was mapped. */
		assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
				 SAN_EV_COPY_DONE);
		assert_non_null(strstr(msg, "more than once"));
		d.keep = false;
	}
	dimp_detach(&d);
	env_fini(&e);
}

static void test_aba_after_two_moves_reports(void **state)
{
	aba_after_two_moves(true);
}

static void test_aba_after_two_moves_remapped_is_clean(void **state)
{
	aba_after_two_moves(false);
}

/*
 * Learned before, mapped after: the importer takes the buffer's physical
 * ranges, the buffer moves (or is revoked and restored), and then it maps
 * the old address. The mapping expects the claim the address was learned
 * under, so the DMA is reported, naming the move (or the restore). Learning
 * again after the event: no report.
 */
/* Holds no mapping between calls: nothing to drop when invalidated. */
static void pal_invalidate(struct dma_buf_attachment *a)
{
	dma_resv_assert_held(a->dmabuf->resv);
}

static const struct dma_buf_attach_ops pal_ops = {
	.invalidate_mappings = pal_invalidate,
};

static void learn_event_map(int event, bool buggy)
{
	struct dma_buf_phys_list *list;
	char msg[2048];
	phys_addr_t pa;
	dma_addr_t dma;
	struct env e;
	struct dma_buf_attachment *at;
	static const enum dma_buf_mapping_type want_pal[] = {
		DMA_BUF_MAPPING_PAL,
	};

	env_init(&e, 1, PEXP_REVOCABLE_ONLY);
	at = dma_buf_mapping_attach(e.p->dmabuf, &e.gpu0->dev, want_pal, 1,
				    &pal_ops, NULL);
	assert_false(IS_ERR(at));
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	list = dma_buf_map_phys(at);
	assert_false(IS_ERR(list));
	pa = list->ranges[0].vec.paddr;
	dma_buf_unmap_phys(at, list);
	dma_resv_unlock(e.p->dmabuf->resv);
	if (event == SAN_EV_MOVE) {
		assert_int_equal(pexp_move(e.p, NULL), 0);
	} else {
		pexp_revoke(e.p);
		pexp_restore(e.p);
		assert_int_equal(pexp_phys(e.p, -1, 0), pa);	/* same page */
	}
	if (!buggy) {
		dma_resv_lock(e.p->dmabuf->resv, NULL);
		list = dma_buf_map_phys(at);
		assert_false(IS_ERR(list));
		pa = list->ranges[0].vec.paddr;
		dma_buf_unmap_phys(at, list);
		dma_resv_unlock(e.p->dmabuf->resv);
	}
	dma = dma_map_phys(&e.gpu0->dev, pa, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	assert_int_not_equal(dma, DMA_MAPPING_ERROR);
	if (buggy)
		dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, dma, 0x3c,
						  PAGE_SIZE)), 1);
	if (buggy) {
		assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
				 event == SAN_EV_MOVE ? SAN_EV_MOVE :
							SAN_EV_RESTORE);
		assert_non_null(strstr(msg, "pexp"));
	}
	dma_unmap_phys(&e.gpu0->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	dma_buf_detach(e.p->dmabuf, at);
	env_fini(&e);
}

static void test_learn_move_map_reports(void **state)
{
	learn_event_map(SAN_EV_MOVE, true);
}

static void test_learn_move_learn_again_is_clean(void **state)
{
	learn_event_map(SAN_EV_MOVE, false);
}

static void test_learn_revoke_restore_map_reports(void **state)
{
	learn_event_map(SAN_EV_RESTORE, true);
}

static void test_learn_revoke_restore_learn_again_is_clean(void **state)
{
	learn_event_map(SAN_EV_RESTORE, false);
}

/*
 * A dynamic importer must wait for the move's KERNEL fence (the copy)
 * before touching the new memory: until it signals, the memory belongs to
 * the copy. Skipping the wait is one report naming the copy; waiting is
 * none.
 */
static void kernel_fence(bool skip)
{
	struct dma_fence *copy;
	char msg[2048];
	struct dimp d;
	struct env e;
	int st;

	env_init(&e, 2, 0);
	dimp_attach(&e, &d, e.p->dmabuf);
	assert_int_equal(pexp_move(e.p, &copy), 0);	/* copy in flight */
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	if (skip) {
		dmb_expect_reports(REPORT_SANITIZER, 1);
	} else {
		dma_fence_signal(copy);		/* the copy lands */
		assert_int_equal(dma_resv_wait_timeout(e.p->dmabuf->resv,
						       DMA_RESV_USAGE_KERNEL,
						       false,
						       MAX_SCHEDULE_TIMEOUT) > 0,
				 1);
	}
	st = wait_put(dma_engine_fill(&e.gpu0->dev, 0, dimp_addr(&d, 0), 0x7e,
				      PAGE_SIZE));
	dma_resv_unlock(e.p->dmabuf->resv);
	assert_int_equal(st, 1);
	if (skip) {
		assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
				 SAN_EV_MOVE_COPY);
		dma_fence_signal(copy);
	}
	dma_fence_put(copy);
	dimp_detach(&d);
	env_fini(&e);
}

static void test_importer_skipping_kernel_fence_reports(void **state)
{
	kernel_fence(true);
}

static void test_importer_waiting_kernel_fence_is_clean(void **state)
{
	kernel_fence(false);
}

/*
 * A buggy exporter's fault handler inserts the PFN its buffer had at
 * creation, after a move: the PTE expects the buffer's current claim, so
 * the CPU access through it is one report naming the move. Guards the
 * claim insert_pfn records in the PTE (t->owner in mm/memory.c).
 */
static void test_cpu_access_through_stale_pte_reports(void **state)
{
	char msg[2048];
	struct env e;
	u8 v = 0;
	long a;

	env_init(&e, 2, PEXP_STALE_FAULT);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd, 0);
	assert_true(a > 0);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(cpu_read(a, &v, 1), 0);
	assert_int_equal(san_last_report(e.plat, msg, sizeof(msg)),
			 SAN_EV_MOVE);
	assert_non_null(strstr(msg, "cpu"));
	assert_int_equal(sys_munmap(a, 2 * PAGE_SIZE), 0);
	env_fini(&e);
}

struct mover {
	struct pexp *p;
	struct task_struct *task;
	atomic_t done;
	int ret;
};

static void *mover_main(void *arg)
{
	struct mover *m = arg;

	set_current(m->task);
	m->ret = pexp_move(m->p, NULL);
	atomic_set(&m->done, 1);
	set_current(NULL);
	return NULL;
}

/*
 * The exporter waits for its importers' DMA (BOOKKEEP fences) before its
 * copy. The importer's DMA is "in flight" behind a fence that records its
 * waiters; the importer keeps its mapping until that DMA is done. The move
 * must block on the fence until the importer did its DMA and signaled:
 * then nothing is reported. Guards the BOOKKEEP wait in pexp_move (deleted:
 * the move copies and gives the old pages away first, and the importer's
 * DMA through its mapping is reported).
 */
static void test_move_waits_for_importer_dma(void **state)
{
	struct mover m = { 0 };
	struct dma_fence *busy;
	dma_addr_t addr;
	struct dimp d;
	struct env e;
	pthread_t th;

	env_init(&e, 2, 0);
	dimp_attach(&e, &d, e.p->dmabuf);
	d.keep = true;
	busy = texp_fence_waited();
	assert_non_null(busy);
	dma_resv_lock(e.p->dmabuf->resv, NULL);
	addr = dimp_addr(&d, 0);
	add_fence(e.p->dmabuf, busy, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_unlock(e.p->dmabuf->resv);
	m.p = e.p;
	m.task = task_create_thread(e.task, "mover");
	assert_int_equal(pthread_create(&th, NULL, mover_main, &m), 0);
	/* The mover blocks on the importer's fence, or finishes if broken. */
	while (!texp_fence_waiters(busy) && !atomic_read(&m.done))
		usleep(1000);
	/* The DMA the fence stands for, then its signal. */
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, addr, 0x6d,
						  PAGE_SIZE)), 1);
	dma_fence_signal(busy);
	pthread_join(th, NULL);
	assert_int_equal(m.ret, 0);
	dma_fence_put(busy);
	/* The DMA landed before the copy: the moved buffer has it. */
	assert_int_equal(hw_wire_peek(pexp_page(e.p, -1, 0)), 0x6d);
	task_exit(m.task);
	d.keep = false;
	dimp_detach(&d);
	env_fini(&e);
}

/* The same access with the exporter's correct fault handler: none. */
static void test_cpu_access_after_move_is_clean(void **state)
{
	struct env e;
	u8 v = 0;
	long a;

	env_init(&e, 2, 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd, 0);
	assert_true(a > 0);
	assert_int_equal(cpu_read(a, &v, 1), 0);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	assert_int_equal(cpu_read(a, &v, 1), 0);
	assert_int_equal(v, 0xab);
	assert_int_equal(sys_munmap(a, 2 * PAGE_SIZE), 0);
	env_fini(&e);
}

/* The old bug: a PFN taken with follow_pfn outlives the move. */
static void test_follow_pfn_after_move_reports(void **state)
{
	struct vm_area_struct *vma;
	unsigned long pfn = 0;
	u8 buf[PAGE_SIZE];
	dma_addr_t dma;
	struct env e;
	long a;

	env_init(&e, 2, 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd, 0);
	assert_true(a > 0);
	assert_int_equal(cpu_read(a, buf, 1), 0);	/* fault it in */
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	assert_int_equal(follow_pfn(vma, a, &pfn), -EINVAL);	/* switch off */
	platform_set_unsafe_follow_pfn(e.plat, true);
	assert_int_equal(follow_pfn(vma, a, &pfn), 0);
	mmap_read_unlock(current->mm);
	assert_int_equal(pfn, PHYS_PFN(pexp_phys(e.p, 0, 0)));
	dma = dma_map_phys(&e.gpu0->dev, PFN_PHYS(pfn), PAGE_SIZE,
			   DMA_BIDIRECTIONAL, 0);
	assert_int_not_equal(dma, DMA_MAPPING_ERROR);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	/* The device writes memory that belongs to someone else now. */
	memset(buf, 0x77, sizeof(buf));
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_write(&e.gpu0->dev, 0, dma, buf,
						    PAGE_SIZE)), 1);
	assert_int_equal(dmb_reports(REPORT_SANITIZER), 1);
	assert_memory_equal(pexp_page(e.p, 0, 0), buf, PAGE_SIZE);
	/* ...and the buffer never sees the write. */
	assert_int_equal(cpu_read(a, buf, 1), 0);
	assert_int_equal(buf[0], 0xab);
	dma_unmap_phys(&e.gpu0->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL, 0);
	platform_set_unsafe_follow_pfn(e.plat, false);
	env_fini(&e);
}

/* The same flow done right: VMA -> dma-buf -> dynamic attachment. */
static void test_get_from_vma_dma_after_move(void **state)
{
	struct vm_area_struct *vma;
	struct dma_buf *db;
	pgoff_t pgoff = ~0ul;
	dma_addr_t stale;
	u8 buf[PAGE_SIZE];
	struct dimp d;
	struct env e;
	long a;
	int st;

	env_init(&e, 2, 0);
	a = sys_mmap(0, 2 * PAGE_SIZE, PROT_RW, MAP_SHARED, e.fd, 0);
	assert_true(a > 0);
	assert_int_equal(cpu_read(a, buf, 1), 0);
	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, a);
	db = dma_buf_get_from_vma(vma, &pgoff);
	mmap_read_unlock(current->mm);
	assert_ptr_equal(db, e.p->dmabuf);
	assert_int_equal(pgoff, 0);
	dimp_attach(&e, &d, db);
	dma_resv_lock(db->resv, NULL);
	stale = dimp_addr(&d, 0);
	st = wait_put(dma_engine_fill(&e.gpu0->dev, 0, stale, 0x33,
				      PAGE_SIZE));
	dma_resv_unlock(db->resv);
	assert_int_equal(st, 1);
	assert_int_equal(pexp_move(e.p, NULL), 0);
	assert_int_equal(atomic_read(&d.invalidated), 1);
	assert_null(d.vec);
	/*
	 * A device that ignored the invalidation only gets an IOMMU fault,
	 * which the sanitizer names a use after unmap.
	 */
	dmb_expect_reports(REPORT_IOMMU_FAULT, 1);
	dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put(dma_engine_fill(&e.gpu0->dev, 0, stale, 0x44,
						  PAGE_SIZE)), -EFAULT);
	assert_int_equal(pexp_page(e.p, 0, 0)[0], 0x33);
	/* Mapped again: the new backing. */
	dma_resv_lock(db->resv, NULL);
	st = wait_put(dma_engine_fill(&e.gpu0->dev, 0, dimp_addr(&d, 0), 0x44,
				      PAGE_SIZE));
	dma_resv_unlock(db->resv);
	assert_int_equal(st, 1);
	assert_int_equal(cpu_read(a, buf, 1), 0);
	assert_int_equal(buf[0], 0x44);
	assert_int_equal(pexp_page(e.p, 0, 0)[0], 0x33);
	assert_int_equal(dmb_reports(REPORT_SANITIZER), 1);
	dimp_detach(&d);
	dma_buf_put(db);
	env_fini(&e);
}

/* Race: an importer keeps DMAing while the exporter moves the buffer. */
struct dma_race {
	struct env *e;
	struct dimp d;
	int jobs, moves;
	struct dma_fence **f;
};

static void dma_race_thread(int idx, void *arg)
{
	struct dma_race *r = arg;
	struct task_struct *t = task_create_thread(r->e->task, "t");
	struct dma_buf *db = r->e->p->dmabuf;
	int k;

	set_current(t);
	if (idx == 0) {
		for (k = 0; k < r->moves; k++)
			assert_int_equal(pexp_move(r->e->p, NULL), 0);
	} else {
		for (k = 0; k < r->jobs; k++) {
			size_t off = (k % r->e->p->nr) * PAGE_SIZE;

			dma_resv_lock(db->resv, NULL);
			r->f[k] = dma_engine_fill(&r->e->gpu0->dev, 0,
						  dimp_addr(&r->d, off),
						  (u8)k, PAGE_SIZE);
			assert_false(IS_ERR(r->f[k]));
			add_fence(db, r->f[k], DMA_RESV_USAGE_BOOKKEEP);
			dma_resv_unlock(db->resv);
		}
	}
	set_current(NULL);
	task_exit(t);
}

/* @jobs DMA jobs against @moves moves of an @npages buffer. */
static void dma_vs_move(int jobs, int moves, int npages)
{
	struct dma_race r = { .jobs = jobs, .moves = moves };
	struct env e;
	int k;

	env_init(&e, npages, 0);
	r.e = &e;
	r.f = calloc(r.jobs, sizeof(*r.f));
	assert_non_null(r.f);
	dimp_attach(&e, &r.d, e.p->dmabuf);
	dmb_run_threads(2, dma_race_thread, &r);
	for (k = 0; k < r.jobs; k++)
		assert_int_equal(wait_put(r.f[k]), 1);
	assert_int_equal(atomic_read(&r.d.invalidated), r.moves);
	free(r.f);
	dimp_detach(&r.d);
	env_fini(&e);
}

static void test_dma_vs_move(void **state)
{
	dma_vs_move(TSTRESS(400), TSTRESS(200), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_sync_around_dma),
		dmb_unit_test(test_revoke_while_dma_in_flight),
		dmb_unit_test(test_dma_after_revoke_is_use_after_unmap),
		dmb_unit_test(test_aba_after_two_moves_reports),
		dmb_unit_test(test_aba_after_two_moves_remapped_is_clean),
		dmb_unit_test(test_learn_move_map_reports),
		dmb_unit_test(test_learn_move_learn_again_is_clean),
		dmb_unit_test(test_learn_revoke_restore_map_reports),
		dmb_unit_test(test_learn_revoke_restore_learn_again_is_clean),
		dmb_unit_test(test_importer_skipping_kernel_fence_reports),
		dmb_unit_test(test_importer_waiting_kernel_fence_is_clean),
		dmb_unit_test(test_cpu_access_through_stale_pte_reports),
		dmb_unit_test(test_cpu_access_after_move_is_clean),
		dmb_unit_test(test_move_waits_for_importer_dma),
		dmb_unit_test(test_follow_pfn_after_move_reports),
		dmb_unit_test(test_get_from_vma_dma_after_move),
		dmb_unit_test(test_dma_vs_move),
	};

	return dmb_run_tests(tests);
}
