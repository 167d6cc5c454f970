// SPDX-License-Identifier: GPL-2.0
/* The scenarios' moving exporter: arguments, pins, moves, and races. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "dmb_test.h"
#include "drivers/gpu/vram_exporter.h"
#include <dmabridge/dma-resv.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/pci.h>
#include <dmabridge/sched.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/completion.h>
#include <dmabridge/sanitizer.h>

#define LEN (64 * 1024)
#define OFF (2 * 1024 * 1024)
#ifndef MOVES	/* tests/explore runs a few */
#define MOVES (DMB_TSAN ? 20 : 200)
#endif

static const enum dma_buf_mapping_type want_vec[] = {
	DMA_BUF_MAPPING_DMA_VEC,
};

static void pattern(u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(i * 13 + (i >> 12));
}

struct fixture {
	struct platform *plat;
	struct task_struct *task;
	struct pci_dev *gpu0, *gpu1;
	struct vram_bo *bo;
	u8 data[LEN];
};

static void fixture_init(struct fixture *f)
{
	f->plat = platform_create(NULL);
	assert_false(IS_ERR(f->plat));
	f->task = process_create(f->plat, "proc");
	assert_false(IS_ERR(f->task));
	set_current(f->task);
	f->gpu0 = pci_get_by_name(f->plat, "gpu0");
	f->gpu1 = pci_get_by_name(f->plat, "gpu1");
	assert_non_null(f->gpu0);
	assert_non_null(f->gpu1);
	f->bo = vram_bo_create(f->gpu1, 2, OFF, LEN);
	assert_false(IS_ERR(f->bo));
	pattern(f->data, LEN);
	memcpy(hw_phys_to_host(f->plat, f->bo->vram_pa, LEN), f->data, LEN);
}

static void fixture_fini(struct fixture *f)
{
	if (f->bo)
		dma_buf_put(f->bo->dmabuf);
	assert_int_equal(dma_buf_count(f->plat), 0);
	set_current(NULL);
	task_exit(f->task);
	pci_dev_put(f->gpu0);
	pci_dev_put(f->gpu1);
	platform_destroy(f->plat);
}

static bool holds(struct fixture *f)
{
	const void *p = hw_phys_to_host(f->plat, vram_bo_phys(f->bo), LEN);

	return p && !memcmp(p, f->data, LEN);
}

static void test_create_checks(void **state)
{
	static struct fixture f;

	fixture_init(&f);
	assert_ptr_equal(vram_bo_create(NULL, 2, 0, LEN), ERR_PTR(-EINVAL));
	/* BAR 0 is registers, not P2P memory. */
	assert_ptr_equal(vram_bo_create(f.gpu1, 0, 0, LEN), ERR_PTR(-EINVAL));
	assert_ptr_equal(vram_bo_create(f.gpu1, 2, 0, LEN + 1),
			 ERR_PTR(-EINVAL));
	assert_ptr_equal(vram_bo_create(f.gpu1, 2, 100, LEN),
			 ERR_PTR(-EINVAL));
	assert_ptr_equal(vram_bo_create(f.gpu1, 2, 0, 0), ERR_PTR(-EINVAL));
	assert_ptr_equal(vram_bo_create(f.gpu1, 2,
					pci_resource_len(f.gpu1, 2), LEN),
			 ERR_PTR(-EINVAL));
	assert_ptr_equal(vram_bo_create(f.gpu1, 7, 0, LEN), ERR_PTR(-EINVAL));
	assert_int_equal(vram_bo_migrate(f.bo, 5), -EINVAL);
	fixture_fini(&f);
}

/*
 * Moves keep the data, and every placement is a new claim: back in VRAM
 * after two moves the buffer's claim is neither of the earlier ones, so a
 * mapping from before cannot pass for a fresh one (ABA).
 */
static void test_moves_keep_data_and_reown(void **state)
{
	static struct fixture f;
	san_owner_t c0, c1;
	struct dma_buf *db;
	phys_addr_t ram;

	fixture_init(&f);
	db = f.bo->dmabuf;
	c0 = db->san_owner;
	assert_int_equal(san_owner(f.plat, f.bo->vram_pa), c0);
	/* Already there: nothing happens. */
	assert_int_equal(vram_bo_migrate(f.bo, VRAM_BO_VRAM), 0);
	assert_int_equal(atomic64_read(&db->generation), 0);
	assert_int_equal(vram_bo_migrate(f.bo, VRAM_BO_SYSTEM), 0);
	assert_int_equal(atomic64_read(&db->generation), 1);
	ram = vram_bo_phys(f.bo);
	assert_true(ram != f.bo->vram_pa);
	assert_true(holds(&f));
	c1 = db->san_owner;
	assert_true(c1 != c0);
	assert_int_equal(san_owner(f.plat, ram), c1);
	assert_true(san_owner(f.plat, f.bo->vram_pa) != c1);
	assert_int_equal(vram_bo_migrate(f.bo, VRAM_BO_VRAM), 0);
	assert_int_equal(vram_bo_phys(f.bo), f.bo->vram_pa);
	assert_true(holds(&f));
	assert_int_equal(san_owner(f.plat, f.bo->vram_pa), db->san_owner);
	assert_true(db->san_owner != c0 && db->san_owner != c1);
	assert_true(san_owner(f.plat, ram) != db->san_owner);
	assert_int_equal(f.bo->moves, 2);
	fixture_fini(&f);
}

/* A static importer cannot take P2P memory: pinned in RAM while mapped. */
static void test_static_importer_pins(void **state)
{
	static struct fixture f;
	struct dma_buf_attachment *att;
	struct sg_table *sgt;

	fixture_init(&f);
	att = dma_buf_attach(f.bo->dmabuf, &f.gpu0->dev);
	assert_false(IS_ERR(att));
	assert_false(att->peer2peer);
	/* Its map pins the buffer in system RAM, moving it there first. */
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	assert_int_equal(f.bo->placement, VRAM_BO_SYSTEM);
	assert_int_equal(f.bo->moves, 1);
	assert_int_equal(vram_bo_migrate(f.bo, VRAM_BO_VRAM), -EBUSY);
	dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
	assert_int_equal(vram_bo_migrate(f.bo, VRAM_BO_VRAM), 0);
	assert_true(holds(&f));
	dma_buf_detach(f.bo->dmabuf, att);
	fixture_fini(&f);
}

/* A dynamic importer reading by DMA while the buffer moves. */
struct reader {
	struct dma_buf_attachment *attach;
	struct device *dev;
	/* Under resv. */
	struct dma_buf_dma_vec *vec;
	struct dma_fence *last;
};

static void reader_unmap_locked(struct reader *r)
{
	if (r->last) {
		dma_fence_wait(r->last, false);
		dma_fence_put(r->last);
		r->last = NULL;
	}
	if (r->vec)
		dma_buf_unmap_dma_vec(r->attach, r->vec);
	r->vec = NULL;
}

static void reader_invalidate(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
	reader_unmap_locked(attach->importer_priv);
}

static const struct dma_buf_attach_ops reader_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = reader_invalidate,
};

/* One DMA read of page @pg; 0 if it returned the right bytes. */
static int reader_read(struct fixture *f, struct reader *r, unsigned int pg)
{
	struct dma_resv *resv = f->bo->dmabuf->resv;
	static __thread u8 buf[PAGE_SIZE];
	struct dma_fence *fence;
	struct dma_buf_dma_vec *vec;
	int ret;

	dma_resv_lock(resv, NULL);
	if (!r->vec) {
		vec = dma_buf_map_dma_vec(r->attach, DMA_BIDIRECTIONAL);
		if (IS_ERR(vec)) {
			dma_resv_unlock(resv);
			return PTR_ERR(vec);
		}
		r->vec = vec;
	}
	dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, false,
			      MAX_SCHEDULE_TIMEOUT);
	ret = dma_resv_reserve_fences(resv, 1);
	if (ret) {
		dma_resv_unlock(resv);
		return ret;
	}
	fence = dma_engine_read(r->dev, 0, buf,
				r->vec->ranges[0].addr + pg * PAGE_SIZE,
				PAGE_SIZE);
	if (IS_ERR(fence)) {
		dma_resv_unlock(resv);
		return PTR_ERR(fence);
	}
	dma_resv_add_fence(resv, fence, DMA_RESV_USAGE_READ);
	dma_fence_put(r->last);
	r->last = dma_fence_get(fence);
	dma_resv_unlock(resv);
	dma_fence_wait(fence, false);
	ret = dma_fence_get_status(fence) < 0 ? dma_fence_get_status(fence) : 0;
	dma_fence_put(fence);
	if (!ret && memcmp(buf, f->data + pg * PAGE_SIZE, PAGE_SIZE))
		ret = -EIO;
	return ret;
}

struct race {
	struct fixture *f;
	struct reader rd;
	struct task_struct *mover, *cpu, *dma;
	unsigned long map;
	atomic_t done, bad, cpu_reads, dma_reads;
};

static void race_thread(int idx, void *arg)
{
	struct race *r = arg;
	struct fixture *f = r->f;
	static __thread u8 buf[PAGE_SIZE];
	unsigned int i;

	if (idx == 0) {
		set_current(r->mover);
		for (i = 0; i < MOVES; i++)
			if (vram_bo_migrate(f->bo, i & 1 ? VRAM_BO_VRAM :
							   VRAM_BO_SYSTEM))
				atomic_inc(&r->bad);
		atomic_set(&r->done, 1);
	} else if (idx == 1) {
		/* The process's second thread: CPU faults race the moves. */
		set_current(r->cpu);
		for (i = 0; !atomic_read(&r->done); i++) {
			unsigned int pg = i % (LEN / PAGE_SIZE);

			if (cpu_read(r->map + pg * PAGE_SIZE, buf, PAGE_SIZE) ||
			    memcmp(buf, f->data + pg * PAGE_SIZE, PAGE_SIZE))
				atomic_inc(&r->bad);
			atomic_inc(&r->cpu_reads);
		}
	} else {
		set_current(r->dma);
		for (i = 0; !atomic_read(&r->done); i++) {
			if (reader_read(f, &r->rd, i % (LEN / PAGE_SIZE)))
				atomic_inc(&r->bad);
			atomic_inc(&r->dma_reads);
		}
	}
	set_current(NULL);
}

static void test_race_cpu_and_dma_vs_moves(void **state)
{
	static struct fixture f;
	static struct race r;
	struct dma_resv *resv;
	long map;
	int fd;

	fixture_init(&f);
	memset(&r, 0, sizeof(r));
	r.f = &f;
	get_dma_buf(f.bo->dmabuf);
	fd = dma_buf_fd(f.bo->dmabuf, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	map = sys_mmap(0, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(map > 0);
	r.map = map;
	r.rd.dev = &f.gpu0->dev;
	r.rd.attach = dma_buf_mapping_attach(f.bo->dmabuf, r.rd.dev, want_vec,
					     1, &reader_ops, &r.rd);
	assert_false(IS_ERR(r.rd.attach));
	r.mover = task_create(f.plat, "mover");
	r.cpu = task_create_thread(f.task, "proc-cpu");
	r.dma = task_create(f.plat, "gpu0-reader");
	assert_false(IS_ERR(r.dma));
	assert_false(IS_ERR(r.mover));
	assert_false(IS_ERR(r.cpu));

	dmb_run_threads(3, race_thread, &r);
	set_current(f.task);
	assert_int_equal(atomic_read(&r.bad), 0);
	assert_true(atomic_read(&r.cpu_reads) > 0);
	assert_true(atomic_read(&r.dma_reads) > 0);
	assert_int_equal(f.bo->moves, MOVES);
	assert_true(holds(&f));

	resv = f.bo->dmabuf->resv;
	dma_resv_lock(resv, NULL);
	reader_unmap_locked(&r.rd);
	dma_resv_unlock(resv);
	dma_buf_detach(f.bo->dmabuf, r.rd.attach);
	task_exit(r.mover);
	task_exit(r.cpu);
	task_exit(r.dma);
	assert_int_equal(sys_munmap(map, LEN), 0);
	assert_int_equal(sys_close(fd), 0);
	fixture_fini(&f);
}

static int wait_put_fill(struct device *dev, dma_addr_t addr)
{
	struct dma_fence *f = dma_engine_fill(dev, 0, addr, 0x5e, PAGE_SIZE);
	int st;

	assert_false(IS_ERR_OR_NULL(f));
	assert_int_equal(dma_fence_wait(f, false), 0);
	st = dma_fence_get_status(f);
	dma_fence_put(f);
	return st;
}

/* Holds nothing between calls: nothing to drop. */
static void pal_invalidate(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
}

static const struct dma_buf_attach_ops pal_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = pal_invalidate,
};

static const enum dma_buf_mapping_type want_pal[] = {
	DMA_BUF_MAPPING_PAL,
};

/* gpu0 learns @db's physical range (the PAL), under its claim now. */
static phys_addr_t learn_pal(struct fixture *f, struct dma_buf *db)
{
	struct dma_buf_attachment *at;
	struct dma_buf_phys_list *l;
	phys_addr_t pa;

	at = dma_buf_mapping_attach(db, &f->gpu0->dev, want_pal, 1, &pal_ops,
				    NULL);
	assert_false(IS_ERR(at));
	dma_resv_lock(db->resv, NULL);
	l = dma_buf_map_phys(at);
	assert_false(IS_ERR(l));
	pa = l->ranges[0].vec.paddr;
	dma_buf_unmap_phys(at, l);
	dma_resv_unlock(db->resv);
	dma_buf_detach(db, at);
	return pa;
}

/*
 * A P2P bus address after the VRAM buffer behind it was freed and another
 * one allocated at the same place: gpu0 learned buffer A's range, A is
 * freed, B is created in the same VRAM, and gpu0 maps the old address
 * (a P2P bus address: gpu0 reaches gpu1 through a switch) and writes.
 * The mapping expects A's claim: one report naming B's claim. Learning B's
 * range instead: clean.
 */
static void vram_free_realloc(bool buggy)
{
	static struct fixture f;
	struct vram_bo *b;
	char msg[2048];
	phys_addr_t pa;
	dma_addr_t dma;

	fixture_init(&f);
	pa = learn_pal(&f, f.bo->dmabuf);
	assert_int_equal(pa, f.bo->vram_pa);
	dma_buf_put(f.bo->dmabuf);		/* A is freed */
	f.bo = NULL;
	b = vram_bo_create(f.gpu1, 2, OFF, LEN);
	assert_false(IS_ERR(b));
	f.bo = b;
	if (!buggy)
		assert_int_equal(learn_pal(&f, b->dmabuf), pa);
	dma = dma_map_phys(&f.gpu0->dev, pa, PAGE_SIZE, DMA_BIDIRECTIONAL,
			   DMA_ATTR_MMIO);
	assert_int_not_equal(dma, DMA_MAPPING_ERROR);
	if (buggy)
		dmb_expect_reports(REPORT_SANITIZER, 1);
	assert_int_equal(wait_put_fill(&f.gpu0->dev, dma), 1);
	if (buggy) {
		assert_int_equal(san_last_report(f.plat, msg, sizeof(msg)),
				 SAN_EV_CLAIM);
		assert_non_null(strstr(msg, "p2p bus address"));
	}
	dma_unmap_phys(&f.gpu0->dev, dma, PAGE_SIZE, DMA_BIDIRECTIONAL,
		       DMA_ATTR_MMIO);
	fixture_fini(&f);
}

static void test_p2p_bus_address_after_vram_realloc_reports(void **state)
{
	vram_free_realloc(true);
}

static void test_p2p_bus_address_learned_again_is_clean(void **state)
{
	vram_free_realloc(false);
}

/* A worker migrating the buffer while an importer's DMA is in flight. */
struct mig {
	struct vram_bo *bo;
	struct task_struct *task;
	atomic_t done;
	int ret;
};

static void migrate_thread(int idx, void *arg)
{
	struct mig *m = arg;

	set_current(m->task);
	m->ret = vram_bo_migrate(m->bo, VRAM_BO_SYSTEM);
	atomic_set(&m->done, 1);
	set_current(NULL);
}

static void *migrate_main(void *arg)
{
	migrate_thread(0, arg);
	return NULL;
}

/* A fence that counts who began to wait on it (enable_signaling). */
struct busy_fence {
	struct dma_fence base;	/* first: dma_fence_free frees from here */
	spinlock_t lock;
	atomic_t waiters;
};

static const char *busy_name(struct dma_fence *f)
{
	return "importer-dma";
}

static bool busy_note_waiter(struct dma_fence *f)
{
	atomic_inc(&container_of(f, struct busy_fence, base)->waiters);
	return true;
}

static const struct dma_fence_ops busy_ops = {
	.get_driver_name = busy_name,
	.get_timeline_name = busy_name,
	.enable_signaling = busy_note_waiter,
};

static struct dma_fence *texp_like_fence(void)
{
	struct busy_fence *f = kzalloc(sizeof(*f), GFP_KERNEL);

	assert_non_null(f);
	spin_lock_init(&f->lock);
	dma_fence_init(&f->base, &busy_ops, &f->lock,
		       dma_fence_context_alloc(1), 1);
	return &f->base;
}

static int fence_waiters(struct dma_fence *f)
{
	return atomic_read(&container_of(f, struct busy_fence, base)->waiters);
}

/*
 * Keeps its mapping when invalidated until its in-flight DMA is done (the
 * test drops it then): what an importer whose DMA the fence stands for does.
 */
static void keep_invalidate(struct dma_buf_attachment *attach)
{
	dma_resv_assert_held(attach->dmabuf->resv);
}

static const struct dma_buf_attach_ops keep_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = keep_invalidate,
};

/*
 * The exporter waits for its importers' DMA (BOOKKEEP fences) before its
 * copy. The importer's DMA is "in flight" behind a fence that records its
 * waiters: the migration must block on it (waiters > 0, not done) until
 * the importer has done its DMA through its mapping and signaled. Guards
 * the BOOKKEEP wait in vram_bo_move_locked (deleted: the migration
 * finishes without waiting, and the importer's DMA through its old
 * mapping is reported).
 */
static void test_migrate_waits_for_importer_dma(void **state)
{
	static struct fixture f;
	struct dma_buf_attachment *at;
	struct dma_fence *busy;
	static struct mig m;
	struct reader rd = { 0 };
	struct dma_resv *resv;
	pthread_t th;
	dma_addr_t addr;

	fixture_init(&f);
	resv = f.bo->dmabuf->resv;
	rd.dev = &f.gpu0->dev;
	at = dma_buf_mapping_attach(f.bo->dmabuf, rd.dev, want_vec, 1,
				    &keep_ops, &rd);
	assert_false(IS_ERR(at));
	rd.attach = at;
	busy = texp_like_fence();
	dma_resv_lock(resv, NULL);
	rd.vec = dma_buf_map_dma_vec(at, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(rd.vec));
	addr = rd.vec->ranges[0].addr;
	assert_int_equal(dma_resv_reserve_fences(resv, 1), 0);
	dma_resv_add_fence(resv, busy, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_unlock(resv);
	memset(&m, 0, sizeof(m));
	m.bo = f.bo;
	m.task = task_create(f.plat, "mover");
	assert_int_equal(pthread_create(&th, NULL, migrate_main, &m), 0);
	/* The mover blocks on the importer's fence, or finishes if broken. */
	while (!fence_waiters(busy) && !atomic_read(&m.done))
		usleep(1000);
	/* The importer's DMA, which the fence stands for, then the signal. */
	assert_int_equal(wait_put_fill(&f.gpu0->dev, addr), 1);
	dma_fence_signal(busy);
	pthread_join(th, NULL);
	assert_int_equal(m.ret, 0);
	dma_fence_put(busy);
	dma_resv_lock(resv, NULL);
	if (rd.vec)
		dma_buf_unmap_dma_vec(at, rd.vec);
	dma_resv_unlock(resv);
	dma_buf_detach(f.bo->dmabuf, at);
	task_exit(m.task);
	fixture_fini(&f);
}

/* Holds gpu1's copy engine after the first piece it moves. */
struct copy_gate {
	struct completion reached, release;
	atomic_t pieces;
};

static void gate_hook(struct device *dev, void *arg)
{
	struct copy_gate *g = arg;

	if (atomic_inc_return(&g->pieces) != 1)
		return;
	complete(&g->reached);
	wait_for_completion(&g->release);
}

struct mover {
	struct vram_bo *bo;
	struct task_struct *task;
	enum vram_bo_placement to;
	int ret;
};

static void *mover_main(void *arg)
{
	struct mover *m = arg;

	set_current(m->task);
	m->ret = vram_bo_migrate(m->bo, m->to);
	set_current(NULL);
	return NULL;
}

/*
 * Proves: a migration keeps the buffer's resv lock until it has retired
 * the old placement, so a second migration back into the VRAM window
 * cannot claim the window before the first one is done with it; the two
 * back-to-back moves end with the window owned by the buffer's current
 * claim, the data intact and no report. gpu1's copy engine is held after
 * the first copy's bytes moved (the first mover waits for its fence), and
 * the lock is tried there: no timing.
 * Guards: holding the resv lock across the copy wait and the retirement
 * in vram_bo_migrate() (F2 in docs/RELIABILITY.md; dropped before the
 * wait, the lock is free here and the first mover's late retirement
 * re-owns the window under the second mover's copy).
 */
static void test_migrations_back_to_back_keep_window_claim(void **state)
{
	static struct fixture f;
	static struct copy_gate g;
	struct mover a = { 0 }, b = { 0 };
	struct dma_resv *resv;
	pthread_t ta, tb;
	bool locked;

	fixture_init(&f);
	resv = f.bo->dmabuf->resv;
	init_completion(&g.reached);
	init_completion(&g.release);
	atomic_set(&g.pieces, 0);
	dma_engine_set_moved_hook(&f.gpu1->dev, gate_hook, &g);
	a = (struct mover){ f.bo, task_create(f.plat, "mover-a"),
			    VRAM_BO_SYSTEM, 0 };
	b = (struct mover){ f.bo, task_create(f.plat, "mover-b"), VRAM_BO_VRAM,
			    0 };
	assert_int_equal(pthread_create(&ta, NULL, mover_main, &a), 0);
	wait_for_completion(&g.reached);
	/* A's copy has moved its bytes; A has not retired the window yet. */
	locked = dma_resv_trylock(resv);
	if (locked)
		dma_resv_unlock(resv);
	assert_false(locked);
	assert_int_equal(pthread_create(&tb, NULL, mover_main, &b), 0);
	complete(&g.release);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	dma_engine_set_moved_hook(&f.gpu1->dev, NULL, NULL);
	assert_int_equal(a.ret, 0);
	assert_int_equal(b.ret, 0);
	assert_int_equal(f.bo->placement, VRAM_BO_VRAM);
	assert_true(san_expect_holds(f.plat, f.bo->vram_pa, LEN,
				     f.bo->dmabuf->san_owner));
	assert_true(holds(&f));
	task_exit(a.task);
	task_exit(b.task);
	fixture_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_create_checks),
		dmb_unit_test(test_moves_keep_data_and_reown),
		dmb_unit_test(test_static_importer_pins),
		dmb_unit_test(test_race_cpu_and_dma_vs_moves),
		dmb_unit_test(test_p2p_bus_address_after_vram_realloc_reports),
		dmb_unit_test(test_p2p_bus_address_learned_again_is_clean),
		dmb_unit_test(test_migrate_waits_for_importer_dma),
		dmb_unit_test(test_migrations_back_to_back_keep_window_claim),
	};

	return dmb_run_tests(tests);
}
