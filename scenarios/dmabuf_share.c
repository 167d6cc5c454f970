// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario "dma-buf": a producer process allocates from the system heap
 * and passes the fd to a consumer; both mmap it; gpu0 writes it by DMA
 * through a dynamic attachment; the CPU reads after DMA_BUF_IOCTL_SYNC;
 * the buffer is found again from a mapped address. Then a moving
 * exporter (gpu1's VRAM) migrates a second buffer to system RAM and back
 * while a process and gpu0 have it mapped -- with no sanitizer report.
 */
#include <string.h>
#include <linux/dma-buf.h>
#include "scenario.h"
#include "drivers/gpu/vram_exporter.h"
#include <dmabridge/platform.h>
#include <dmabridge/sched.h>
#include <dmabridge/pci.h>
#include <dmabridge/pci-p2pdma.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/err.h>

#define LEN (64 * 1024)
#define VRAM_OFFSET (1024 * 1024)	/* the demo buffer's BAR window */

struct cast {
	struct scenario_ctx *ctx;
	struct platform *plat;
	struct task_struct *producer, *consumer;
	struct pci_dev *gpu0, *gpu1;
};

/* gpu0's driver as a dynamic importer. */
struct gpu_import {
	struct device *dev;
	struct dma_buf_attachment *attach;
	/* Under the buffer's resv. */
	struct sg_table *sgt;
	struct dma_buf_dma_vec *vec;
	struct dma_fence *last;		/* the last DMA job */
	dma_addr_t addr0;		/* where byte 0 is for the device */
};

static void gpu_import_unmap_locked(struct gpu_import *imp)
{
	dma_resv_assert_held(imp->attach->dmabuf->resv);
	/* Never pull a mapping from under a running job. */
	if (imp->last) {
		dma_fence_wait(imp->last, false);
		dma_fence_put(imp->last);
		imp->last = NULL;
	}
	if (imp->sgt)
		dma_buf_unmap_attachment(imp->attach, imp->sgt,
					 DMA_BIDIRECTIONAL);
	if (imp->vec)
		dma_buf_unmap_dma_vec(imp->attach, imp->vec);
	imp->sgt = NULL;
	imp->vec = NULL;
}

static void gpu_import_invalidate(struct dma_buf_attachment *attach)
{
	gpu_import_unmap_locked(attach->importer_priv);
}

static const struct dma_buf_attach_ops gpu_import_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = gpu_import_invalidate,
};

/* The device address of byte @off and the bytes contiguous from there. */
static dma_addr_t gpu_import_addr(struct gpu_import *imp, size_t off,
				  size_t *len)
{
	struct scatterlist *sg;
	unsigned int i;

	if (imp->vec) {
		for (i = 0; i < imp->vec->nr_ranges; i++) {
			const struct dma_buf_dma_range *r;

			r = &imp->vec->ranges[i];

			if (off < r->len) {
				*len = r->len - off;
				return r->addr + off;
			}
			off -= r->len;
		}
	} else if (imp->sgt) {
		for_each_sgtable_dma_sg(imp->sgt, sg, i) {
			if (off < sg_dma_len(sg)) {
				*len = sg_dma_len(sg) - off;
				return sg_dma_address(sg) + off;
			}
			off -= sg_dma_len(sg);
		}
	}
	*len = 0;
	return DMA_MAPPING_ERROR;
}

static int gpu_import_map_locked(struct gpu_import *imp)
{
	struct dma_buf_attachment *attach = imp->attach;
	size_t len;

	if (imp->sgt || imp->vec)
		return 0;
	if (attach->mapping_type == DMA_BUF_MAPPING_SGT) {
		struct sg_table *sgt =
			dma_buf_map_attachment(attach, DMA_BIDIRECTIONAL);

		if (IS_ERR(sgt))
			return PTR_ERR(sgt);
		imp->sgt = sgt;
	} else {
		struct dma_buf_dma_vec *vec =
			dma_buf_map_dma_vec(attach, DMA_BIDIRECTIONAL);

		if (IS_ERR(vec))
			return PTR_ERR(vec);
		imp->vec = vec;
	}
	imp->addr0 = gpu_import_addr(imp, 0, &len);
	return 0;
}

/*
 * gpu0 writes @len bytes of @src at @off of the buffer: (re)map if the
 * exporter invalidated us, wait for a move's copy, queue the DMA and
 * publish its fence as WRITE. Does not wait for the DMA itself.
 */
static int gpu_import_write(struct gpu_import *imp, size_t off,
			    const void *src, size_t len)
{
	struct dma_resv *resv = imp->attach->dmabuf->resv;
	struct dma_fence *f;
	dma_addr_t addr;
	size_t n;
	long wait;
	int ret;

	dma_resv_lock(resv, NULL);
	ret = gpu_import_map_locked(imp);
	if (ret)
		goto out;
	wait = dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, false,
				     MAX_SCHEDULE_TIMEOUT);
	if (wait < 0) {
		ret = wait;
		goto out;
	}
	while (len) {
		addr = gpu_import_addr(imp, off, &n);
		if (addr == DMA_MAPPING_ERROR) {
			ret = -EINVAL;
			break;
		}
		n = min(n, len);
		ret = dma_resv_reserve_fences(resv, 1);
		if (ret)
			break;
		f = dma_engine_write(imp->dev, 0, addr, src, n);
		if (IS_ERR(f)) {
			ret = PTR_ERR(f);
			break;
		}
		dma_resv_add_fence(resv, f, DMA_RESV_USAGE_WRITE);
		dma_fence_put(imp->last);
		imp->last = f;
		off += n;
		src = (const u8 *)src + n;
		len -= n;
	}
out:
	dma_resv_unlock(resv);
	return ret;
}

static dma_addr_t gpu_import_addr0(struct gpu_import *imp)
{
	struct dma_resv *resv = imp->attach->dmabuf->resv;
	dma_addr_t a;

	dma_resv_lock(resv, NULL);
	a = imp->addr0;
	dma_resv_unlock(resv);
	return a;
}

static void gpu_import_detach(struct gpu_import *imp)
{
	struct dma_buf *dmabuf = imp->attach->dmabuf;

	dma_resv_lock(dmabuf->resv, NULL);
	gpu_import_unmap_locked(imp);
	dma_resv_unlock(dmabuf->resv);
	dma_buf_detach(dmabuf, imp->attach);
	imp->attach = NULL;
}

/* Process side ------------------------------------------------------ */

static long proc_mmap(int fd, size_t len)
{
	return sys_mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

static int proc_sync(int fd, __u64 flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&sync);
}

/* A CPU read of @len bytes at @addr equals @want. */
static bool proc_reads(unsigned long addr, const void *want, size_t len)
{
	u8 buf[4 * 4096];

	if (len > sizeof(buf) || cpu_read(addr, buf, len))
		return false;
	return !memcmp(buf, want, len);
}

/* After DMA_BUF_IOCTL_SYNC(START|READ), the CPU reads what was written. */
static bool proc_sync_reads(int fd, unsigned long addr, const void *want,
			    size_t len)
{
	bool ok;

	if (proc_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
		return false;
	ok = proc_reads(addr, want, len);
	return !proc_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ) && ok;
}

static void pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

/* Part 1: the system heap buffer ------------------------------------ */

static int heap_alloc(struct cast *c, int *hfd)
{
	struct dma_heap_allocation_data data = {
		.len = LEN, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	long ret;

	*hfd = sys_open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	if (!scenario_check(c->ctx, *hfd >= 0, "open /dev/dma_heap/system"))
		return -1;
	ret = sys_ioctl(*hfd, DMA_HEAP_IOCTL_ALLOC, (unsigned long)&data);
	if (!scenario_check(c->ctx, ret == 0, "DMA_HEAP_IOCTL_ALLOC (%ld)",
			    ret))
		return -1;
	scenario_check(c->ctx, sys_ioctl(data.fd, DMA_BUF_SET_NAME,
					 (unsigned long)"frame") == 0,
		       "DMA_BUF_SET_NAME");
	return data.fd;
}

/* gpu0's driver, called by the consumer with its fd, writes 12 KiB. */
static void heap_device_write(struct cast *c, int fd, unsigned long map_a,
			      unsigned long map_b, struct dma_buf **dbp,
			      struct gpu_import *imp)
{
	struct scenario_ctx *ctx = c->ctx;
	u8 src[3 * 4096];
	u64 errors = dma_engine_errors(&c->gpu0->dev);
	int ret;

	*dbp = dma_buf_get(fd);
	if (!scenario_check(ctx, !IS_ERR(*dbp), "dma_buf_get of fd %d", fd)) {
		*dbp = NULL;
		return;
	}
	imp->dev = &c->gpu0->dev;
	imp->attach = dma_buf_dynamic_attach(*dbp, imp->dev, &gpu_import_ops,
					     imp);
	if (!scenario_check(ctx, !IS_ERR(imp->attach),
			    "gpu0 attaches dynamically")) {
		imp->attach = NULL;
		return;
	}
	pattern(src, sizeof(src), 0x11);
	ret = gpu_import_write(imp, PAGE_SIZE, src, sizeof(src));
	scenario_check(ctx, ret == 0, "gpu0 maps it and queues a DMA write "
		       "(%d)", ret);
	scenario_say(ctx, "gpu0 attached dynamically (%s), mapped it at IOVA "
		     "%#llx and queued a 12 KiB DMA write (WRITE fence)",
		     dma_buf_mapping_type_name(imp->attach->mapping_type),
		     (unsigned long long)gpu_import_addr0(imp));
	scenario_check(ctx, proc_sync_reads(fd, map_b + PAGE_SIZE, src,
					    sizeof(src)),
		       "consumer reads gpu0's bytes after DMA_BUF_IOCTL_SYNC");
	set_current(c->producer);
	scenario_check(ctx, proc_reads(map_a + PAGE_SIZE, src, sizeof(src)),
		       "producer reads them too");
	set_current(c->consumer);
	scenario_check(ctx, dma_engine_errors(&c->gpu0->dev) == errors,
		       "the DMA completed without error");
	scenario_say(ctx, "consumer: DMA_BUF_IOCTL_SYNC(START|READ) waited "
		     "for gpu0; both processes read the 12 KiB gpu0 wrote");
}

/* The consumer's mapped address leads back to the dma-buf. */
static void heap_find_from_vma(struct cast *c, unsigned long map_b,
			       struct dma_buf *db)
{
	struct mm_struct *mm = c->consumer->mm;
	unsigned long addr = map_b + 2 * PAGE_SIZE + 0x123;
	struct dma_buf *found, *none = NULL;
	struct vm_area_struct *vma;
	pgoff_t pgoff = 0;
	long anon;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	found = dma_buf_get_from_vma(vma, &pgoff);
	if (vma)
		pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	mmap_read_unlock(mm);
	scenario_check(c->ctx, found && found == db,
		       "dma_buf_get_from_vma finds the buffer gpu0 imported");
	scenario_check(c->ctx, pgoff == 2, "at page 2 (%lu)",
		       (unsigned long)pgoff);
	anon = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scenario_check(c->ctx, anon > 0, "an anonymous mapping")) {
		mmap_read_lock(mm);
		none = dma_buf_get_from_vma(find_vma(mm, anon), NULL);
		mmap_read_unlock(mm);
		scenario_check(c->ctx, !none, "which leads to no dma-buf");
		sys_munmap(anon, PAGE_SIZE);
	}
	if (found) {
		scenario_say(c->ctx, "dma_buf_get_from_vma: the consumer's "
			     "address %#lx is page %lu of dma-buf ino %lu "
			     "(exporter \"%s\"); an anonymous one leads to "
			     "none", addr, (unsigned long)pgoff, found->ino,
			     found->exp_name);
		dma_buf_put(found);
	}
	if (none)
		dma_buf_put(none);
}

static void share_heap_buffer(struct cast *c)
{
	struct scenario_ctx *ctx = c->ctx;
	static const char hello[] = "hello from the producer";
	struct gpu_import imp = { 0 };
	struct dma_buf *db = NULL;
	long map_a = -1, map_b = -1;
	int hfd = -1, fd, fdb = -1;

	set_current(c->producer);
	fd = heap_alloc(c, &hfd);
	if (fd < 0)
		goto out;
	fdb = fd_transfer(c->producer, fd, c->consumer);
	if (!scenario_check(ctx, fdb >= 0, "fd_transfer to the consumer"))
		goto out;
	scenario_say(ctx, "producer: DMA_HEAP_IOCTL_ALLOC 64 KiB from "
		     "/dev/dma_heap/system -> fd %d \"frame\", passed to the "
		     "consumer as its fd %d", fd, fdb);
	map_a = proc_mmap(fd, LEN);
	set_current(c->consumer);
	map_b = proc_mmap(fdb, LEN);
	if (!scenario_check(ctx, map_a > 0 && map_b > 0,
			    "both processes mmap it (%ld, %ld)", map_a, map_b))
		goto out;
	set_current(c->producer);
	scenario_check(ctx, !cpu_write(map_a, hello, sizeof(hello)),
		       "producer writes through its mapping");
	set_current(c->consumer);
	scenario_check(ctx, proc_reads(map_b, hello, sizeof(hello)),
		       "consumer reads the producer's bytes");
	scenario_say(ctx, "both mmap it: producer at %#lx, consumer at %#lx; "
		     "the consumer reads \"%s\"", map_a, map_b, hello);

	heap_device_write(c, fdb, map_a, map_b, &db, &imp);
	scenario_bufinfo(ctx, "a heap buffer shared by two processes and gpu0");
	if (db)
		heap_find_from_vma(c, map_b, db);
	if (imp.attach)
		gpu_import_detach(&imp);
	if (db)
		dma_buf_put(db);
out:
	set_current(c->consumer);
	if (map_b > 0)
		sys_munmap(map_b, LEN);
	if (fdb >= 0)
		sys_close(fdb);
	set_current(c->producer);
	if (map_a > 0)
		sys_munmap(map_a, LEN);
	if (fd >= 0)
		sys_close(fd);
	if (hfd >= 0)
		sys_close(hfd);
	scenario_check(ctx, dma_buf_count(c->plat) == 0,
		       "the heap buffer is released with its last fd and "
		       "mapping");
}

/* Part 2: a buffer that moves --------------------------------------- */

static const enum dma_buf_mapping_type gpu0_types[] = {
	DMA_BUF_MAPPING_DMA_VEC,
	DMA_BUF_MAPPING_SGT,
};

/* What the CPU and gpu0 wrote so far: pages 0..2 of the buffer. */
struct vram_story {
	u8 data[3 * 4096];
	int written;			/* pages written */
};

/* gpu0 writes page @page; the producer reads it back after a SYNC. */
static bool vram_device_write(struct cast *c, struct gpu_import *imp, int fd,
			      unsigned long map, struct vram_story *st,
			      int page)
{
	u8 *src = st->data + page * PAGE_SIZE;

	pattern(src, PAGE_SIZE, 0x40 + page);
	if (gpu_import_write(imp, page * PAGE_SIZE, src, PAGE_SIZE))
		return false;
	st->written = max(st->written, page + 1);
	return proc_sync_reads(fd, map + page * PAGE_SIZE, src, PAGE_SIZE);
}

/* Everything written so far is still there, for the CPU. */
static bool vram_all_there(int fd, unsigned long map, struct vram_story *st)
{
	return proc_sync_reads(fd, map, st->data, st->written * PAGE_SIZE);
}

/* Does the producer have a PTE at @addr (its CPU mapping is live)? */
static bool cpu_pte_present(struct task_struct *t, unsigned long addr)
{
	struct follow_pfnmap_args args = { .address = addr };
	bool present;

	mmap_read_lock(t->mm);
	args.vma = vma_lookup(t->mm, addr);
	present = args.vma && !follow_pfnmap_start(&args);
	if (present)
		follow_pfnmap_end(&args);
	mmap_read_unlock(t->mm);
	return present;
}

static void vram_move(struct cast *c, struct vram_bo *bo,
		      struct gpu_import *imp, int fd, unsigned long map,
		      struct vram_story *st, enum vram_bo_placement to)
{
	struct scenario_ctx *ctx = c->ctx;
	struct dma_buf *db = bo->dmabuf;
	unsigned long inval = imp->attach->invalidations;
	phys_addr_t old = vram_bo_phys(bo);
	int ret;

	scenario_check(ctx, cpu_pte_present(c->producer, map) && imp->vec,
		       "mapped by the CPU and by gpu0 before the move");
	ret = vram_bo_migrate(bo, to);
	if (!scenario_check(ctx, ret == 0, "move to %s (%d)",
			    vram_bo_placement_name(to), ret))
		return;
	scenario_check(ctx, imp->attach->invalidations == inval + 1 &&
		       !imp->vec, "gpu0 was told and dropped its mapping");
	scenario_check(ctx, !cpu_pte_present(c->producer, map),
		       "the producer's PTEs are gone");
	scenario_check(ctx, san_owner(c->plat, old) != db->san_owner,
		       "the old memory has a new sanitizer owner");
	scenario_check(ctx, vram_all_there(fd, map, st),
		       "the producer still reads what was written");
	scenario_say(ctx, "gpu1's copy engine moved it to %s (phys %#llx) "
		     "while mapped: gpu0 invalidated, the producer's PTEs "
		     "zapped; the producer still reads all %d KiB written",
		     vram_bo_placement_name(to),
		     (unsigned long long)vram_bo_phys(bo), st->written * 4);
}

static void vram_pinned(struct cast *c, struct vram_bo *bo,
			struct gpu_import *imp)
{
	struct dma_resv *resv = bo->dmabuf->resv;
	int ret;

	dma_resv_lock(resv, NULL);
	ret = dma_buf_pin(imp->attach);
	dma_resv_unlock(resv);
	if (!scenario_check(c->ctx, ret == 0, "gpu0 pins it"))
		return;
	ret = vram_bo_migrate(bo, VRAM_BO_SYSTEM);
	scenario_check(c->ctx, ret == -EBUSY, "a pinned buffer does not move "
		       "(%d)", ret);
	dma_resv_lock(resv, NULL);
	dma_buf_unpin(imp->attach);
	dma_resv_unlock(resv);
	scenario_say(c->ctx, "while gpu0 pins it the exporter cannot move "
		     "it: -EBUSY");
}

static const char *gpu0_path(struct cast *c, struct vram_bo *bo)
{
	if (vram_bo_phys(bo) != bo->vram_pa)
		return "through its IOMMU";
	return pci_p2pdma_map_type_name(pci_p2pdma_map_type(bo->provider,
							    &c->gpu0->dev));
}

static void vram_mapped(struct cast *c, struct vram_bo *bo, int fd,
			unsigned long map, struct gpu_import *imp)
{
	struct scenario_ctx *ctx = c->ctx;
	static const char hello[] = "written by the producer's CPU";
	struct vram_story st = { .written = 1 };
	const void *vram;

	memcpy(st.data, hello, sizeof(hello));
	scenario_check(ctx, !cpu_write(map, hello, sizeof(hello)),
		       "the producer writes through its mapping");
	vram = hw_phys_to_host(c->plat, bo->vram_pa, sizeof(hello));
	scenario_check(ctx, vram && !memcmp(vram, hello, sizeof(hello)),
		       "the bytes are in gpu1's VRAM");
	imp->dev = &c->gpu0->dev;
	imp->attach = dma_buf_mapping_attach(bo->dmabuf, imp->dev, gpu0_types,
					     ARRAY_SIZE(gpu0_types),
					     &gpu_import_ops, imp);
	if (!scenario_check(ctx, !IS_ERR(imp->attach), "gpu0 attaches")) {
		imp->attach = NULL;
		return;
	}
	scenario_check(ctx, vram_device_write(c, imp, fd, map, &st, 1),
		       "gpu0 writes page 1 over P2P, the CPU reads it");
	scenario_say(ctx, "gpu0 maps it as %s at bus address %#llx (%s) and "
		     "writes page 1; the producer reads it after a SYNC",
		     dma_buf_mapping_type_name(imp->attach->mapping_type),
		     (unsigned long long)gpu_import_addr0(imp),
		     gpu0_path(c, bo));
	scenario_bufinfo(ctx, "a VRAM buffer mapped by a process and by gpu0 "
			 "over P2P");
	vram_pinned(c, bo, imp);

	vram_move(c, bo, imp, fd, map, &st, VRAM_BO_SYSTEM);
	scenario_check(ctx, vram_device_write(c, imp, fd, map, &st, 2),
		       "gpu0 maps it again and writes page 2");
	scenario_say(ctx, "gpu0 mapped it again (IOVA %#llx, %s) and wrote "
		     "page 2; the producer reads it",
		     (unsigned long long)gpu_import_addr0(imp),
		     gpu0_path(c, bo));
	scenario_bufinfo(ctx, "after the move to system RAM");

	vram_move(c, bo, imp, fd, map, &st, VRAM_BO_VRAM);
	scenario_check(ctx, vram_device_write(c, imp, fd, map, &st, 2),
		       "gpu0 writes page 2 again, over P2P");
	vram = hw_phys_to_host(c->plat, bo->vram_pa, sizeof(st.data));
	scenario_check(ctx, vram && !memcmp(vram, st.data, sizeof(st.data)),
		       "all of it is back in gpu1's VRAM");
	scenario_say(ctx, "back in VRAM, gpu0 writes at bus address %#llx "
		     "again; CPU, gpu0 and VRAM agree on every byte",
		     (unsigned long long)gpu_import_addr0(imp));
}

static void migrate_vram_buffer(struct cast *c)
{
	struct scenario_ctx *ctx = c->ctx;
	long san_before = san_report_count(c->plat);
	struct gpu_import imp = { 0 };
	struct dma_buf *db;
	struct vram_bo *bo;
	long map = -1;
	int fd;

	set_current(c->producer);
	bo = vram_bo_create(c->gpu1, 2, VRAM_OFFSET, LEN);
	if (!scenario_check(ctx, !IS_ERR(bo), "gpu1 exports a VRAM buffer"))
		return;
	db = bo->dmabuf;
	get_dma_buf(db);	/* the driver's own reference */
	fd = dma_buf_fd(db, O_RDWR | O_CLOEXEC);
	if (!scenario_check(ctx, fd >= 0, "an fd for the producer (%d)", fd)) {
		dma_buf_put(db);
		goto out_put;
	}
	sys_ioctl(fd, DMA_BUF_SET_NAME, (unsigned long)"vram");
	map = proc_mmap(fd, LEN);
	if (!scenario_check(ctx, map > 0, "the producer mmaps it (%ld)", map))
		goto out_close;
	scenario_say(ctx, "gpu1's driver exports 64 KiB of its VRAM (phys "
		     "%#llx, no struct page) as the producer's fd %d \"vram\"; "
		     "the producer mmaps it at %#lx",
		     (unsigned long long)bo->vram_pa, fd, map);
	vram_mapped(c, bo, fd, map, &imp);
	if (imp.attach)
		gpu_import_detach(&imp);
	scenario_check(ctx, san_report_count(c->plat) == san_before,
		       "no sanitizer report through all the moves");
	sys_munmap(map, LEN);
out_close:
	sys_close(fd);
out_put:
	dma_buf_put(db);
	scenario_check(ctx, dma_buf_count(c->plat) == 0,
		       "the VRAM buffer is released");
}

static int dmabuf_share_run(struct platform *plat, struct scenario_ctx *ctx)
{
	struct cast c = {
		.ctx = ctx,
		.plat = plat,
		.gpu0 = scenario_dev(ctx, "gpu0"),
		.gpu1 = scenario_dev(ctx, "gpu1"),
		.producer = process_create(plat, "producer"),
		.consumer = process_create(plat, "consumer"),
	};

	if (!scenario_check(ctx, !IS_ERR(c.producer) && !IS_ERR(c.consumer),
			    "two processes"))
		goto out;
	share_heap_buffer(&c);
	migrate_vram_buffer(&c);
out:
	set_current(NULL);
	if (!IS_ERR(c.producer))
		task_exit(c.producer);
	if (!IS_ERR(c.consumer))
		task_exit(c.consumer);
	return 0;
}

/*
 * The story calls the importing GPU "gpu0" and the exporting one "gpu1";
 * the runner says which devices of the platform play them.
 */
static const struct scenario_need dmabuf_share_needs[] = {
	{ .role = "gpu0", .kinds = BIT(PCI_KIND_GPU) },
	{ .role = "gpu1", .kinds = BIT(PCI_KIND_GPU),
	  .flags = SCENARIO_NEED_P2P_BAR, .p2p_from = "gpu0" },
	{ NULL },
};

const struct scenario scenario_dmabuf_share = {
	.name = "dma-buf",
	.summary = "two processes and a GPU share a heap buffer; a VRAM "
		   "buffer moves while mapped",
	.needs = dmabuf_share_needs,
	.run = dmabuf_share_run,
};
