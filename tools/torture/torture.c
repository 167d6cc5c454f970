// SPDX-License-Identifier: GPL-2.0
/*
 * dmabridge torture: random concurrent workloads on the default platform.
 * Not a Linux file: a locktorture-like stress of this repository's own
 * making (docs/RELIABILITY.md).
 *
 * The cast: gpu1's driver exports VRAM buffers (drivers/gpu/vram_exporter)
 * and moves them between VRAM and system RAM; two system-heap buffers
 * never move. gpu0 and nic0 import every buffer dynamically (mapping
 * types DMA vector or SGT) and read and write them by DMA. Each worker
 * thread is a simulated process holding an fd and a CPU mapping of every
 * buffer; it picks operations at random: move, revoke and restore (the
 * torture plays the exporter here), DMA write/read through an importer
 * (optionally pinned with dma_buf_pin), CPU write/read through its mapping
 * between DMA_BUF_IOCTL_SYNC calls, a racing fault, pin_user_pages
 * (FOLL_LONGTERM) of its own anonymous or memfd memory with a DMA into
 * the pinned pages, and exiting (a fresh process takes its place).
 *
 * Data are checked end to end: every write of a buffer fills it whole
 * with a pattern of a fresh seed, and every read compares every byte
 * against the last seed written. Writes and reads of one buffer are
 * serialised by a torture-side mutex (the data model); moves, revokes,
 * faults, pins and exits are not, they race with everything. A write cut
 * short (buffer revoked, a fatal signal) leaves the content unknown until
 * the next complete write.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include "torture.h"
#include "drivers/gpu/vram_exporter.h"
#include <dmabridge/platform-file.h>
#include <dmabridge/sched.h>
#include <dmabridge/pci.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-resv.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-mapping.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/gup.h>
#include <dmabridge/page.h>
#include <dmabridge/report.h>
#include <dmabridge/err.h>

#define T_NR_VRAM 3
#define T_NR_HEAP 2
#define T_NR_BUFS (T_NR_VRAM + T_NR_HEAP)
#define T_BUF_SIZE (64 * 1024)
#define T_NR_DEVS 2		/* importers: gpu0, nic0 */
#define T_MAX_THREADS 16
#define T_RING 32		/* recent operations kept per thread */
#define T_PIN_PAGES 4

enum t_op {
	T_MOVE,
	T_REVOKE,
	T_DMA_WRITE,
	T_DMA_READ,
	T_DMA_PINNED,
	T_DMA_STATIC,
	T_CPU_WRITE,
	T_CPU_READ,
	T_FAULT,
	T_PIN_USER,
	T_EXIT,
	T_NR_OPS,
};

static const char *const t_op_names[T_NR_OPS] = {
	"move", "revoke+restore", "dma-write", "dma-read", "dma-pinned",
	"dma-static", "cpu-write", "cpu-read", "fault", "pin-user", "exit",
};

/* Relative frequencies. */
static const int t_op_weight[T_NR_OPS] = {
	[T_MOVE] = 6, [T_REVOKE] = 2, [T_DMA_WRITE] = 6, [T_DMA_READ] = 6,
	[T_DMA_PINNED] = 3, [T_DMA_STATIC] = 2, [T_CPU_WRITE] = 5, [T_CPU_READ] = 6,
	[T_FAULT] = 4, [T_PIN_USER] = 3, [T_EXIT] = 1,
};

/* An importer's view of one buffer (gpu0 or nic0). */
struct t_import {
	struct device *dev;
	struct dma_buf_attachment *attach;
	/* Under the buffer's resv. */
	struct sg_table *sgt;
	struct dma_buf_dma_vec *vec;
	struct dma_fence *last;		/* the last DMA job on the mapping */
};

struct t_buf {
	int idx;
	struct vram_bo *bo;		/* NULL for a heap buffer */
	struct dma_buf *db;		/* the torture's reference */
	struct t_import imp[T_NR_DEVS];
	pthread_mutex_t data_lock;	/* the data model: one write/read at a time */
	pthread_mutex_t revoke_lock;	/* one revoke/restore at a time */
	u8 seed;			/* data_lock: the content is pattern(seed) */
	bool known;			/* data_lock: false after a torn write */
};

struct t_rec {
	unsigned long n;
	int op, buf, dev;
	long ret;
};

struct t_thread {
	struct torture *t;
	int idx;
	pthread_t thread;
	u64 rng;
	struct task_struct *task;	/* its process */
	int fds[T_NR_BUFS];
	unsigned long maps[T_NR_BUFS];
	u8 *scratch;			/* T_BUF_SIZE host bytes */
	u8 *want;
	struct t_rec ring[T_RING];
	unsigned long nr_ops;
};

struct torture {
	const struct torture_opts *opts;
	struct platform *plat;
	struct pci_dev *gpu0, *gpu1, *nic0;
	struct device *devs[T_NR_DEVS];
	struct t_buf bufs[T_NR_BUFS];
	struct t_thread threads[T_MAX_THREADS];
	int nr_threads;
	int stop;
	long base_bugs;
	pthread_mutex_t fail_lock;
	struct torture_stats st;	/* counters: atomic adds */
};

static void stat_add(unsigned long *c, unsigned long n)
{
	__atomic_add_fetch(c, n, __ATOMIC_RELAXED);
}

static u64 rnd(struct t_thread *th)
{
	/* xorshift64* */
	th->rng ^= th->rng >> 12;
	th->rng ^= th->rng << 25;
	th->rng ^= th->rng >> 27;
	return th->rng * 2685821657736338717ull;
}

static void pattern(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed * 131 + i * 7 + (i >> 9));
}

static void dump_rings(struct torture *t)
{
	int i, j;

	for (i = 0; i < t->nr_threads; i++) {
		struct t_thread *th = &t->threads[i];
		unsigned long first = th->nr_ops > T_RING ? th->nr_ops - T_RING : 0;
		unsigned long n;

		fprintf(stderr, "  thread %d (pid %d), last %lu operations:\n",
			i, th->task ? th->task->pid : -1, th->nr_ops - first);
		for (n = first; n < th->nr_ops; n++) {
			struct t_rec *r = &th->ring[n % T_RING];

			j = r->op;
			fprintf(stderr, "    #%lu %s buf %d dev %d -> %ld\n",
				r->n, t_op_names[j], r->buf, r->dev, r->ret);
		}
	}
}

/* A failure: print it once with the seed and every thread's last ops. */
static void __attribute__((format(printf, 2, 3)))
t_fail(struct t_thread *th, const char *fmt, ...)
{
	struct torture *t = th->t;
	va_list ap;

	pthread_mutex_lock(&t->fail_lock);
	stat_add(&t->st.failures, 1);
	fprintf(stderr, "torture: FAILED (seed %llu, thread %d): ",
		(unsigned long long)t->opts->seed, th->idx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (t->st.failures == 1)
		dump_rings(t);
	__atomic_store_n(&t->stop, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&t->fail_lock);
}

/* ---- importers (gpu0, nic0): dynamic, unmap on invalidation ---- */

static const enum dma_buf_mapping_type t_types[] = {
	DMA_BUF_MAPPING_DMA_VEC,
	DMA_BUF_MAPPING_SGT,
};

static void imp_unmap_locked(struct t_import *imp)
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

static void imp_invalidate(struct dma_buf_attachment *attach)
{
	imp_unmap_locked(attach->importer_priv);
}

static const struct dma_buf_attach_ops t_import_ops = {
	.allow_peer2peer = true,
	.invalidate_mappings = imp_invalidate,
};

static int imp_map_locked(struct t_import *imp)
{
	struct dma_buf_attachment *attach = imp->attach;

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
	return 0;
}

/* Device address of byte @off and how many bytes are contiguous there. */
static dma_addr_t imp_addr(struct t_import *imp, size_t off, size_t *len)
{
	struct scatterlist *sg;
	unsigned int i;

	if (imp->vec) {
		for (i = 0; i < imp->vec->nr_ranges; i++) {
			const struct dma_buf_dma_range *r = &imp->vec->ranges[i];

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

/*
 * One whole-buffer DMA by @imp: write @src, or read into @dst. Maps if
 * needed, waits for a move's copy (KERNEL), queues the jobs and publishes
 * the last as a WRITE or READ fence; then waits for it outside the lock.
 * With @pin, dma_buf_pin() holds the buffer in place meanwhile.
 * Returns 0, the map's error (-ENODEV while revoked), or a job's error.
 */
static int imp_dma(struct t_import *imp, const u8 *src, u8 *dst, bool pin)
{
	struct dma_resv *resv = imp->attach->dmabuf->resv;
	struct dma_fence *f, *lastf = NULL;
	size_t off = 0, n;
	bool pinned = false;
	long wait;
	int ret;

	dma_resv_lock(resv, NULL);
	if (pin) {
		ret = dma_buf_pin(imp->attach);
		if (ret)
			goto out;
		pinned = true;
	}
	ret = imp_map_locked(imp);
	if (ret)
		goto out;
	wait = dma_resv_wait_timeout(resv, src ? DMA_RESV_USAGE_READ :
					       DMA_RESV_USAGE_WRITE,
				     false, MAX_SCHEDULE_TIMEOUT);
	if (wait < 0) {
		ret = wait;
		goto out;
	}
	while (off < T_BUF_SIZE) {
		dma_addr_t addr = imp_addr(imp, off, &n);

		if (addr == DMA_MAPPING_ERROR) {
			ret = -EINVAL;
			break;
		}
		/* Another thread may have made the mapping: learn it here. */
		dma_mapping_learn(imp->dev, addr);
		n = min(n, (size_t)T_BUF_SIZE - off);
		ret = dma_resv_reserve_fences(resv, 1);
		if (ret)
			break;
		f = src ? dma_engine_write(imp->dev, 0, addr, src + off, n) :
			  dma_engine_read(imp->dev, 0, dst + off, addr, n);
		if (IS_ERR(f)) {
			ret = PTR_ERR(f);
			f = NULL;
			break;
		}
		dma_resv_add_fence(resv, f, src ? DMA_RESV_USAGE_WRITE :
						  DMA_RESV_USAGE_READ);
		dma_fence_put(imp->last);
		imp->last = dma_fence_get(f);
		/* Jobs of one queue run in order: waiting for the last is enough. */
		dma_fence_put(lastf);
		lastf = f;
		off += n;
	}
out:
	dma_resv_unlock(resv);
	/* Even after an error: @dst must outlive every queued read. */
	if (lastf) {
		dma_fence_wait(lastf, false);
		if (!ret && lastf->error)
			ret = lastf->error;
		dma_fence_put(lastf);
	}
	if (pinned) {
		dma_resv_lock(resv, NULL);
		dma_buf_unpin(imp->attach);
		dma_resv_unlock(resv);
	}
	return ret;
}

/* ---- the operations ---- */

static void rec(struct t_thread *th, int op, int buf, int dev, long ret)
{
	struct t_rec *r = &th->ring[th->nr_ops % T_RING];

	r->n = th->nr_ops++;
	r->op = op;
	r->buf = buf;
	r->dev = dev;
	r->ret = ret;
}

static bool errno_in(long ret, const int *ok)
{
	for (; *ok; ok++)
		if (ret == -*ok)
			return true;
	return !ret;
}

#define OK(...) ((const int[]){ __VA_ARGS__, 0 })

static long op_move(struct t_thread *th, struct t_buf *b)
{
	enum vram_bo_placement to = rnd(th) & 1 ? VRAM_BO_SYSTEM : VRAM_BO_VRAM;
	long ret;

	if (!b->bo)
		return 0;
	ret = vram_bo_migrate(b->bo, to);
	if (!errno_in(ret, OK(EBUSY, ENOMEM)))
		t_fail(th, "move of buffer %d to %s: %ld", b->idx,
		       vram_bo_placement_name(to), ret);
	stat_add(&th->t->st.moves, !ret);
	return ret;
}

static long op_revoke(struct t_thread *th, struct t_buf *b)
{
	struct dma_resv *resv = b->db->resv;

	if (!b->bo)
		return 0;
	/*
	 * One revoke at a time, and none while a static importer is
	 * attached (op_dma_static): the exporter's sequence is not
	 * reentrant, and revoking a static importer is a rule broken. The
	 * importers' dynamic DMA, CPU accesses and faults race with it.
	 */
	pthread_mutex_lock(&b->revoke_lock);
	dma_resv_lock(resv, NULL);
	dma_buf_revoke_locked(b->db);
	dma_resv_unlock(resv);
	dma_buf_wait_unmapped(b->db);
	usleep(rnd(th) % 200);
	dma_resv_lock(resv, NULL);
	dma_buf_restore_locked(b->db);
	dma_resv_unlock(resv);
	pthread_mutex_unlock(&b->revoke_lock);
	stat_add(&th->t->st.revokes, 1);
	return 0;
}

/* The content after a complete write is pattern(seed). */
static void model_written(struct t_buf *b, u8 seed, bool complete)
{
	b->seed = seed;
	b->known = complete;
}

static bool model_check(struct t_thread *th, struct t_buf *b, const u8 *got,
			const char *how)
{
	size_t i;

	if (!b->known)
		return true;
	pattern(th->want, T_BUF_SIZE, b->seed);
	stat_add(&th->t->st.checked_bytes, T_BUF_SIZE);
	if (!memcmp(got, th->want, T_BUF_SIZE))
		return true;
	for (i = 0; got[i] == th->want[i]; i++)
		;
	t_fail(th, "%s of buffer %d: byte %zu is %#x, want %#x (seed %u)", how,
	       b->idx, i, got[i], th->want[i], b->seed);
	return false;
}

static long op_dma(struct t_thread *th, struct t_buf *b, int dev, int op)
{
	struct t_import *imp = &b->imp[dev];
	bool write = op == T_DMA_WRITE || (op == T_DMA_PINNED && rnd(th) & 1);
	u8 seed = (u8)rnd(th);
	long ret;

	pthread_mutex_lock(&b->data_lock);
	if (write)
		pattern(th->scratch, T_BUF_SIZE, seed);
	ret = imp_dma(imp, write ? th->scratch : NULL,
		      write ? NULL : th->scratch, op == T_DMA_PINNED);
	stat_add(&th->t->st.dma_jobs, 1);
	if (!errno_in(ret, OK(ENODEV, EINTR))) {
		t_fail(th, "DMA %s of buffer %d by %s: %ld",
		       write ? "write" : "read", b->idx, dev_name(imp->dev), ret);
	} else if (write) {
		/* -ENODEV from the map: nothing was written. */
		if (ret != -ENODEV)
			model_written(b, seed, !ret);
	} else if (!ret) {
		model_check(th, b, th->scratch, "DMA read");
	}
	pthread_mutex_unlock(&b->data_lock);
	return ret;
}

/*
 * A static importer (no invalidation callback): attach, map (the core
 * pins the buffer while it is mapped), read it all by DMA, unmap, detach.
 */
static long op_dma_static(struct t_thread *th, struct t_buf *b, int dev)
{
	struct device *d = th->t->devs[dev];
	struct dma_buf_attachment *attach;
	struct dma_fence *f = NULL;
	struct scatterlist *sg;
	struct sg_table *sgt;
	size_t off = 0;
	unsigned int i;
	long ret = 0;

	/*
	 * A static importer cannot be revoked: the exporter's revoke would
	 * WARN and wait for it. It keeps revokes away while it is attached,
	 * as a driver that knows its exporter revokes must.
	 */
	pthread_mutex_lock(&b->revoke_lock);
	attach = dma_buf_attach(b->db, d);
	if (IS_ERR(attach)) {
		pthread_mutex_unlock(&b->revoke_lock);
		t_fail(th, "static attach to buffer %d: %ld", b->idx,
		       PTR_ERR(attach));
		return PTR_ERR(attach);
	}
	pthread_mutex_lock(&b->data_lock);
	sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		/*
		 * The demo VRAM exporter does not migrate to system RAM for
		 * an importer that cannot do P2P: -EOPNOTSUPP while in VRAM.
		 */
		if (!errno_in(ret, OK(ENODEV, EINTR)) &&
		    !(b->bo && ret == -EOPNOTSUPP))
			t_fail(th, "static map of buffer %d: %ld", b->idx, ret);
		goto out;
	}
	/* Writers publish fences; wait for them before reading. */
	dma_resv_wait_timeout(b->db->resv, DMA_RESV_USAGE_WRITE, false,
			      MAX_SCHEDULE_TIMEOUT);
	for_each_sgtable_dma_sg(sgt, sg, i) {
		size_t n = min((size_t)sg_dma_len(sg), T_BUF_SIZE - off);

		if (!n)
			break;
		dma_fence_put(f);
		f = dma_engine_read(d, 0, th->scratch + off,
				    sg_dma_address(sg), n);
		if (IS_ERR(f)) {
			ret = PTR_ERR(f);
			f = NULL;
			t_fail(th, "static DMA read: %ld", ret);
			break;
		}
		off += n;
	}
	if (f) {
		dma_fence_wait(f, false);
		ret = f->error;
		dma_fence_put(f);
	}
	stat_add(&th->t->st.dma_jobs, 1);
	if (ret)
		t_fail(th, "static DMA read of buffer %d: %ld", b->idx, ret);
	else if (off == T_BUF_SIZE)
		model_check(th, b, th->scratch, "static DMA read");
	dma_buf_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);
out:
	pthread_mutex_unlock(&b->data_lock);
	dma_buf_detach(b->db, attach);
	pthread_mutex_unlock(&b->revoke_lock);
	return ret;
}

static int proc_sync(int fd, __u64 flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&sync);
}

static long op_cpu(struct t_thread *th, struct t_buf *b, bool write)
{
	int fd = th->fds[b->idx];
	u8 seed = (u8)rnd(th);
	__u64 dir = write ? DMA_BUF_SYNC_WRITE : DMA_BUF_SYNC_READ;
	long ret;

	pthread_mutex_lock(&b->data_lock);
	ret = proc_sync(fd, DMA_BUF_SYNC_START | dir);
	if (ret) {
		if (!errno_in(ret, OK(EINTR, ENODEV)))
			t_fail(th, "SYNC_START of buffer %d: %ld", b->idx, ret);
		goto out;
	}
	if (write) {
		pattern(th->scratch, T_BUF_SIZE, seed);
		ret = cpu_write(th->maps[b->idx], th->scratch, T_BUF_SIZE);
		/* -EFAULT: revoked (SIGBUS) part way; the rest is unknown. */
		model_written(b, seed, !ret);
	} else {
		ret = cpu_read(th->maps[b->idx], th->scratch, T_BUF_SIZE);
		if (!ret)
			model_check(th, b, th->scratch, "CPU read");
	}
	if (!errno_in(ret, OK(EFAULT)))
		t_fail(th, "CPU %s of buffer %d: %ld", write ? "write" : "read",
		       b->idx, ret);
	if (proc_sync(fd, DMA_BUF_SYNC_END | dir))
		t_fail(th, "SYNC_END of buffer %d", b->idx);
	stat_add(&th->t->st.cpu_accesses, 1);
out:
	pthread_mutex_unlock(&b->data_lock);
	return ret;
}

/*
 * A single-byte read, without DMA_BUF_IOCTL_SYNC, racing with moves,
 * revokes and exits: it must fault in or fail with -EFAULT. It holds the
 * data lock only so the byte is not read while a device writes it (a
 * benign race on hardware, a data race on the host memory behind it).
 */
static long op_fault(struct t_thread *th, struct t_buf *b)
{
	unsigned long off = (rnd(th) % (T_BUF_SIZE / PAGE_SIZE)) * PAGE_SIZE;
	u8 byte;
	long ret;

	pthread_mutex_lock(&b->data_lock);
	ret = cpu_read(th->maps[b->idx] + off, &byte, 1);
	pthread_mutex_unlock(&b->data_lock);
	if (!errno_in(ret, OK(EFAULT)))
		t_fail(th, "fault on buffer %d: %ld", b->idx, ret);
	stat_add(&th->t->st.cpu_accesses, 1);
	return ret;
}

/*
 * pin_user_pages(FOLL_LONGTERM) of the process's own memory (anonymous or
 * a memfd), gpu0 writes the pinned pages by DMA, then the CPU reads the
 * bytes back through the mapping. Sometimes the process unmaps the range
 * while it is pinned: the DMA must still land in the pinned pages.
 */
static long op_pin_user(struct t_thread *th, int dev)
{
	struct device *d = th->t->devs[dev];
	size_t len = T_PIN_PAGES * PAGE_SIZE;
	struct page *pages[T_PIN_PAGES];
	dma_addr_t dma[T_PIN_PAGES];
	struct dma_fence *f[T_PIN_PAGES] = { 0 };
	bool use_memfd = rnd(th) & 1, unmap_early = !(rnd(th) % 4);
	u8 seed = (u8)rnd(th);
	int memfd = -1, i, mapped = 0;
	long addr, ret, npin = 0;

	if (use_memfd) {
		memfd = sys_memfd_create("torture", 0);
		if (memfd < 0 || sys_ftruncate(memfd, len)) {
			t_fail(th, "memfd: %d", memfd);
			return -1;
		}
	}
	addr = sys_mmap(0, len, PROT_READ | PROT_WRITE,
			use_memfd ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS,
			use_memfd ? memfd : -1, 0);
	if (addr < 0 && addr > -4096) {
		if (addr != -ENOMEM)
			t_fail(th, "mmap for pinning: %ld", addr);
		ret = addr;
		goto out_close;
	}
	memset(th->scratch, 0, len);
	ret = cpu_write(addr, th->scratch, len);
	if (ret)
		goto out_unmap;
	npin = pin_user_pages_fast(addr, T_PIN_PAGES, FOLL_WRITE | FOLL_LONGTERM,
				   pages);
	if (npin != T_PIN_PAGES) {
		if (npin != -ENOMEM && npin != -EINTR)
			t_fail(th, "pin_user_pages_fast: %ld", npin);
		ret = npin;
		if (npin > 0)
			unpin_user_pages(pages, npin);
		npin = 0;
		goto out_unmap;
	}
	stat_add(&th->t->st.pins, 1);
	if (unmap_early) {
		sys_munmap(addr, len);
		addr = -1;
	}
	pattern(th->scratch, len, seed);
	for (i = 0; i < T_PIN_PAGES; i++) {
		dma[i] = dma_map_page(d, pages[i], 0, PAGE_SIZE,
				      DMA_BIDIRECTIONAL);
		if (dma_mapping_error(d, dma[i])) {
			t_fail(th, "dma_map_page of a pinned page");
			break;
		}
		mapped++;
		f[i] = dma_engine_write(d, 0, dma[i],
					th->scratch + i * PAGE_SIZE, PAGE_SIZE);
		if (IS_ERR(f[i])) {
			t_fail(th, "dma_engine_write: %ld", PTR_ERR(f[i]));
			f[i] = NULL;
		}
	}
	for (i = 0; i < mapped; i++) {
		if (f[i]) {
			dma_fence_wait(f[i], false);
			if (f[i]->error)
				t_fail(th, "DMA into a pinned page: %d",
				       f[i]->error);
			dma_fence_put(f[i]);
		}
		dma_unmap_page(d, dma[i], PAGE_SIZE, DMA_BIDIRECTIONAL);
	}
	stat_add(&th->t->st.dma_jobs, mapped);
	/* What the device wrote is in the pages, mapped or not. */
	for (i = 0; i < T_PIN_PAGES; i++) {
		if (memcmp(page_address(pages[i]), th->scratch + i * PAGE_SIZE,
			   PAGE_SIZE))
			t_fail(th, "pinned page %d lacks the DMA's bytes", i);
	}
	stat_add(&th->t->st.checked_bytes, len);
	unpin_user_pages_dirty_lock(pages, T_PIN_PAGES, true);
	if (addr > 0) {
		u8 *got = th->want;

		ret = cpu_read(addr, got, len);
		if (ret)
			t_fail(th, "CPU read of pinned memory: %ld", ret);
		else if (memcmp(got, th->scratch, len))
			t_fail(th, "the process does not see the DMA's bytes");
		stat_add(&th->t->st.checked_bytes, len);
	}
	ret = 0;
out_unmap:
	if (addr > 0)
		sys_munmap(addr, len);
out_close:
	if (memfd >= 0)
		sys_close(memfd);
	return ret;
}

/* ---- processes ---- */

static int proc_start(struct t_thread *th)
{
	struct torture *t = th->t;
	char comm[16];
	int i;

	snprintf(comm, sizeof(comm), "torture%d", th->idx);
	th->task = process_create(t->plat, comm);
	if (IS_ERR(th->task)) {
		int ret = PTR_ERR(th->task);

		th->task = NULL;
		return ret;
	}
	set_current(th->task);
	for (i = 0; i < T_NR_BUFS; i++) {
		struct dma_buf *db = t->bufs[i].db;
		long addr;

		get_dma_buf(db);
		th->fds[i] = dma_buf_fd(db, O_RDWR | O_CLOEXEC);
		if (th->fds[i] < 0) {
			dma_buf_put(db);
			return th->fds[i];
		}
		addr = sys_mmap(0, T_BUF_SIZE, PROT_READ | PROT_WRITE,
				MAP_SHARED, th->fds[i], 0);
		if (addr < 0 && addr > -4096)
			return addr;
		th->maps[i] = addr;
	}
	return 0;
}

static void proc_exit(struct t_thread *th)
{
	struct task_struct *task = th->task;

	set_current(NULL);
	th->task = NULL;
	if (task)
		task_exit(task);	/* fds and mappings go with it */
}

static long op_exit(struct t_thread *th)
{
	int ret;

	proc_exit(th);
	ret = proc_start(th);
	if (ret)
		t_fail(th, "a new process: %d", ret);
	stat_add(&th->t->st.exits, 1);
	return ret;
}

static int pick_op(struct t_thread *th)
{
	int total = 0, i, r;

	for (i = 0; i < T_NR_OPS; i++)
		total += t_op_weight[i];
	r = rnd(th) % total;
	for (i = 0; r >= t_op_weight[i]; i++)
		r -= t_op_weight[i];
	return i;
}

static void *worker(void *arg)
{
	struct t_thread *th = arg;
	struct torture *t = th->t;

	set_current(th->task);
	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
		int op = pick_op(th);
		int bi = rnd(th) % T_NR_BUFS, dev = rnd(th) % T_NR_DEVS;
		struct t_buf *b = &t->bufs[bi];
		long ret = 0;

		switch (op) {
		case T_MOVE:
			ret = op_move(th, b);
			break;
		case T_REVOKE:
			ret = op_revoke(th, b);
			break;
		case T_DMA_WRITE:
		case T_DMA_READ:
		case T_DMA_PINNED:
			ret = op_dma(th, b, dev, op);
			break;
		case T_DMA_STATIC:
			ret = op_dma_static(th, b, dev);
			break;
		case T_CPU_WRITE:
		case T_CPU_READ:
			ret = op_cpu(th, b, op == T_CPU_WRITE);
			break;
		case T_FAULT:
			ret = op_fault(th, b);
			break;
		case T_PIN_USER:
			ret = op_pin_user(th, dev);
			break;
		case T_EXIT:
			ret = op_exit(th);
			break;
		}
		rec(th, op, bi, dev, ret);
		stat_add(&t->st.ops, 1);
		if (report_count_bugs() != t->base_bugs)
			t_fail(th, "a report (WARN, lock checker or sanitizer) "
				   "after %s of buffer %d", t_op_names[op], bi);
	}
	set_current(NULL);
	return NULL;
}

/* ---- set-up and teardown ---- */

static int bufs_create(struct torture *t)
{
	int i, d, ret;

	for (i = 0; i < T_NR_BUFS; i++) {
		struct t_buf *b = &t->bufs[i];

		b->idx = i;
		pthread_mutex_init(&b->data_lock, NULL);
		pthread_mutex_init(&b->revoke_lock, NULL);
		if (i < T_NR_VRAM) {
			/* Each buffer owns a window of gpu1's P2P BAR. */
			b->bo = vram_bo_create(t->gpu1, 2,
					       (u64)(i + 1) << 20, T_BUF_SIZE);
			if (IS_ERR(b->bo)) {
				ret = PTR_ERR(b->bo);
				b->bo = NULL;
				return ret;
			}
			b->db = b->bo->dmabuf;
		} else {
			b->db = system_heap_allocate(T_BUF_SIZE, O_RDWR, 0);
			if (IS_ERR(b->db)) {
				ret = PTR_ERR(b->db);
				b->db = NULL;
				return ret;
			}
		}
		for (d = 0; d < T_NR_DEVS; d++) {
			struct t_import *imp = &b->imp[d];

			imp->dev = t->devs[d];
			imp->attach = dma_buf_mapping_attach(b->db, imp->dev,
					t_types, ARRAY_SIZE(t_types),
					&t_import_ops, imp);
			if (IS_ERR(imp->attach)) {
				ret = PTR_ERR(imp->attach);
				imp->attach = NULL;
				return ret;
			}
		}
	}
	return 0;
}

static void bufs_destroy(struct torture *t)
{
	int i, d;

	for (i = 0; i < T_NR_BUFS; i++) {
		struct t_buf *b = &t->bufs[i];

		if (!b->db)
			continue;
		for (d = 0; d < T_NR_DEVS; d++) {
			struct t_import *imp = &b->imp[d];

			if (!imp->attach)
				continue;
			dma_resv_lock(b->db->resv, NULL);
			imp_unmap_locked(imp);
			dma_resv_unlock(b->db->resv);
			dma_buf_detach(b->db, imp->attach);
		}
		dma_buf_put(b->db);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int torture_run(const struct torture_opts *opts, struct torture_stats *stats)
{
	struct torture *t;
	struct task_struct *setup;
	double start = 0, end = 0;
	int i, ret, nr;

	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->opts = opts;
	pthread_mutex_init(&t->fail_lock, NULL);
	nr = opts->threads < 1 ? 1 : opts->threads;
	t->nr_threads = nr > T_MAX_THREADS ? T_MAX_THREADS : nr;
	t->base_bugs = report_count_bugs();
	/* Refused device accesses are expected (revoke); count, don't print. */
	report_set_quiet(REPORT_IOMMU_FAULT, true);

	t->plat = platform_create(NULL);
	if (IS_ERR(t->plat)) {
		ret = PTR_ERR(t->plat);
		free(t);
		return ret;
	}
	t->gpu0 = pci_get_by_name(t->plat, "gpu0");
	t->gpu1 = pci_get_by_name(t->plat, "gpu1");
	t->nic0 = pci_get_by_name(t->plat, "nic0");
	ret = -ENODEV;
	if (!t->gpu0 || !t->gpu1 || !t->nic0)
		goto out_devs;
	t->devs[0] = &t->gpu0->dev;
	t->devs[1] = &t->nic0->dev;

	/* The exporting driver's context for creating the buffers. */
	setup = process_create(t->plat, "torture-setup");
	ret = PTR_ERR_OR_ZERO(setup);
	if (ret)
		goto out_devs;
	set_current(setup);
	ret = bufs_create(t);
	set_current(NULL);
	task_exit(setup);
	if (ret)
		goto out_bufs;

	for (i = 0; i < t->nr_threads; i++) {
		struct t_thread *th = &t->threads[i];

		th->t = t;
		th->idx = i;
		th->rng = (opts->seed + 1) * 0x9e3779b97f4a7c15ull + i * 0x1234567ull;
		th->scratch = malloc(T_BUF_SIZE);
		th->want = malloc(T_BUF_SIZE);
		ret = th->scratch && th->want ? proc_start(th) : -ENOMEM;
		set_current(NULL);
		if (ret)
			goto out_threads;
	}
	/* The content is unknown until the first complete write. */
	start = now_s();
	for (i = 0; i < t->nr_threads; i++)
		pthread_create(&t->threads[i].thread, NULL, worker,
			       &t->threads[i]);
	while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
		double left = opts->seconds - (now_s() - start);

		if (left <= 0)
			break;
		usleep(left > 0.05 ? 50000 : (useconds_t)(left * 1e6) + 1);
	}
	__atomic_store_n(&t->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < t->nr_threads; i++)
		pthread_join(t->threads[i].thread, NULL);
	end = now_s();
	ret = 0;
out_threads:
	for (i = 0; i < t->nr_threads; i++) {
		struct t_thread *th = &t->threads[i];

		if (th->task)
			proc_exit(th);
		free(th->scratch);
		free(th->want);
	}
out_bufs:
	bufs_destroy(t);
	if (!ret && dma_buf_count(t->plat)) {
		fprintf(stderr, "torture: FAILED (seed %llu): %lu dma-bufs left "
			"after every process and importer is gone\n",
			(unsigned long long)opts->seed, dma_buf_count(t->plat));
		t->st.failures++;
	}
out_devs:
	pci_dev_put(t->gpu0);
	pci_dev_put(t->gpu1);
	pci_dev_put(t->nic0);
	platform_destroy(t->plat);
	if (!ret && report_count_bugs() != t->base_bugs && !t->st.failures) {
		fprintf(stderr, "torture: FAILED (seed %llu): a report during "
			"teardown\n", (unsigned long long)opts->seed);
		t->st.failures++;
	}
	t->st.seconds = ret ? 0 : end - start;
	if (stats)
		*stats = t->st;
	if (!ret)
		ret = t->st.failures ? 1 : 0;
	free(t);
	return ret;
}
