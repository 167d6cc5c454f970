// SPDX-License-Identifier: GPL-2.0
/* DMA engines: per-queue kernel threads moving bytes by DMA address. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <dmabridge/dma-engine.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/fence-signalling.h>
#include <dmabridge/iommu.h>
#include <dmabridge/pci.h>
#include <dmabridge/platform.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/bug.h>
#include <dmabridge/err.h>
#include "dma/dma-internal.h"

/* Largest piece one access moves: checks and routing are per piece. */
#define DMA_ENGINE_CHUNK (64 * 1024)

enum dma_job_op {
	DMA_JOB_COPY,
	DMA_JOB_WRITE,
	DMA_JOB_READ,
	DMA_JOB_FILL,
};

struct dma_job {
	struct dma_fence fence;	/* first: freed by dma_fence_free() */
	spinlock_t lock;	/* the fence's lock: lives as long as it */
	struct list_head node;
	enum dma_job_op op;
	dma_addr_t dst, src;
	void *buf;		/* READ: the caller's; WRITE: our snapshot */
	size_t len;
	u8 value;
	u64 map_id[2];		/* handles learned by the submitter: dst, src */
	bool reported[2];	/* a side reported once is not checked again */
	char timeline[80];
};

struct dma_queue {
	struct dma_engine *engine;
	unsigned int idx;
	spinlock_t lock;	/* pending, seqno, dying */
	struct list_head pending;
	int nr_pending;		/* read locklessly by the thread's wait */
	struct wait_queue_head wq;
	struct task_struct *thread;
	u64 context;
	u64 seqno;
	bool dying;
};

struct dma_engine {
	struct device *dev;
	void (*moved_hook)(struct device *dev, void *arg);
	void *moved_arg;
	unsigned int nr_queues;
	atomic64_t bytes;
	atomic64_t errors;
	struct dma_queue q[];
};

static const char *job_driver_name(struct dma_fence *f)
{
	return "dmabridge-dma";
}

static const char *job_timeline_name(struct dma_fence *f)
{
	return container_of(f, struct dma_job, fence)->timeline;
}

static void job_release(struct dma_fence *f)
{
	struct dma_job *job = container_of(f, struct dma_job, fence);

	spin_lock_destroy(&job->lock);
	dma_fence_free(&job->fence);
}

static const struct dma_fence_ops dma_job_fence_ops = {
	.get_driver_name = job_driver_name,
	.get_timeline_name = job_timeline_name,
	.release = job_release,
};

/* Where one extent of an access lands. */
enum dma_via {
	VIA_SWITCH,
	VIA_IOMMU,
	VIA_DIRECT,
};

/*
 * One side of an access, resolved once per contiguous extent: routed,
 * translated and checked at its start; then copied in pieces, each after
 * a bus-master check and a look at whether an unmap came in between; and
 * checked again once the bytes moved.
 */
struct dma_target {
	bool live;		/* an extent is resolved */
	void *host;
	size_t len;		/* of the extent */
	dma_addr_t addr;	/* its start */
	phys_addr_t phys;
	san_owner_t expect;	/* IOMMU: the IO PTEs' claim */
	struct san_map *m;	/* the mapping handle, a reference */
	struct san_map_ext ext;	/* what @m maps at @addr */
	unsigned long map_gen;	/* m->gen when resolved */
	struct iommu_xlate x;	/* VIA_IOMMU: the translation */
	bool check;		/* recheck after the bytes moved */
	enum dma_via via;
};

static const char *const via_names[] = {
	[VIA_SWITCH] = "p2p bus address",
	[VIA_IOMMU] = "iommu iova",
	[VIA_DIRECT] = "direct address",
};

static void engine_accessor(struct device *dev, struct dma_job *job,
			    dma_addr_t addr, size_t len, bool write,
			    enum dma_via via, char *buf, size_t size)
{
	snprintf(buf, size, "dma:%s %s job %s#%llu at %s %#llx+%#zx",
		 dev_name(dev), write ? "write" : "read", job->timeline,
		 (unsigned long long)job->fence.seqno, via_names[via],
		 (unsigned long long)addr, len);
}

/*
 * Check the first @len bytes of the extent against what the mapping
 * expects; report if not. True if it held (or nothing was expected).
 */
static bool engine_check(struct device *dev, struct dma_job *job,
			 const struct dma_target *t, size_t len, bool write)
{
	struct platform *plat = dev->platform;
	char accessor[256], mapping[96];

	if (t->m ? san_expect_holds(plat, t->phys, len, t->ext.claim) :
		   t->expect == SAN_OWNER_NONE ||
		   san_expect_holds(plat, t->phys, len, t->expect))
		return true;
	engine_accessor(dev, job, t->addr, len, write, t->via, accessor,
			sizeof(accessor));
	if (t->m)
		return san_map_check(plat, t->m, &t->ext, len, accessor);
	if (t->via != VIA_IOMMU)
		return true;
	snprintf(mapping, sizeof(mapping), "its IO page-table entry (claim "
		 "%llu)", (unsigned long long)t->expect);
	return san_check(plat, t->phys, len, t->expect, accessor, mapping);
}

/*
 * The job's handle for this side is gone: report the use after unmap once,
 * saying what the address reaches now.
 */
static void engine_report_unmapped(struct device *dev, struct dma_job *job,
				   struct san_map *um, dma_addr_t addr,
				   size_t len, bool write, enum dma_via via)
{
	char accessor[256], now[768];
	struct san_map *cur;

	cur = dma_mapping_lookup(dev, via == VIA_IOMMU, addr, 0);
	if (cur && cur != um)
		san_map_describe(dev->platform, cur, now, sizeof(now));
	else if (cur)
		snprintf(now, sizeof(now), "nothing is linked there (the "
			 "IOVA is still the state's)");
	else
		snprintf(now, sizeof(now), "nothing is mapped there%s",
			 via == VIA_IOMMU ? " (the IOVA is quarantined)" : "");
	engine_accessor(dev, job, addr, len, write, via, accessor,
			sizeof(accessor));
	san_report_unmapped_use(dev->platform, um, accessor, now);
	san_map_put(cur);
}

/* A PCI function with bus mastering off issues no memory request. */
static bool engine_may_master(struct device *dev)
{
	return !dev_is_pci(dev) ||
	       (READ_ONCE(to_pci_dev(dev)->command) & PCI_COMMAND_MASTER);
}

/* Route [addr, addr + len) as the fabric would, once translated. */
static bool engine_route(struct device *dev, dma_addr_t addr, size_t len,
			 bool write, struct dma_target *t, phys_addr_t *phys)
{
	if (t->via == VIA_SWITCH)
		return dma_route_switch(dev, addr, len, phys);
	return dma_route_host(dev, t->via == VIA_IOMMU ? t->x.phys : addr, len,
			      phys);
}

/*
 * Route the extent of an access by @dev starting at @addr (at most @len
 * bytes) and check it against the mapping the job carries (side @side):
 * one translation and one check for as far as the mapping stays
 * contiguous. Returns 0 with @t filled (t->m a reference), or the job
 * error.
 */
static int engine_resolve(struct device *dev, struct dma_job *job, int side,
			  dma_addr_t addr, size_t len, bool write,
			  struct dma_target *t)
{
	struct platform *plat = dev->platform;
	u64 id = job->map_id[side];
	struct san_map *m = NULL, *um;
	struct phys_region *r;
	phys_addr_t phys;
	bool quiet = job->reported[side];
	size_t want_len;
	int ret;

	explore_point("dma_engine_step", job);	/* each piece: a switch point */
	memset(t, 0, sizeof(*t));
	/* Without a mapping to follow, one piece at a time. */
	want_len = len;
	len = min_t(size_t, len, DMA_ENGINE_CHUNK);
	if (dma_route_switch(dev, addr, len, &phys)) {
		t->via = VIA_SWITCH;
	} else {
		ret = iommu_translate_range(dev, addr, write, want_len, &t->x);
		if (ret) {
			/* A fault through an unmapped IOVA: use after unmap. */
			um = quiet ? NULL : dma_mapping_unmapped(dev, addr, id);
			if (um) {
				engine_report_unmapped(dev, job, um, addr, len,
						       write, VIA_IOMMU);
				job->reported[side] = true;
				san_map_put(um);
			}
			return -EFAULT;
		}
		if (t->x.translated) {
			t->via = VIA_IOMMU;
			len = min(len, t->x.len);
			t->expect = t->x.owner;
		} else {
			t->via = VIA_DIRECT;
		}
		/* Translated requests go on to the root complex. */
		if (!engine_route(dev, addr, len, write, t, &phys))
			return -EIO;
	}
	/* The mapping the job means: the handle its submitter learned. */
	if (!quiet) {
		m = dma_mapping_lookup(dev, t->via == VIA_IOMMU, addr, id);
		if (m && !san_map_find(m, addr, &t->ext)) {
			/* A live IOVA state, this range unlinked from it. */
			engine_report_unmapped(dev, job, m, addr, len, write,
					       t->via);
			san_map_put(m);
			m = NULL;
			job->reported[side] = true;
			quiet = true;
		} else if (!m && id) {
			um = dma_mapping_unmapped(dev, addr, id);
			if (um) {
				engine_report_unmapped(dev, job, um, addr, len,
						       write, t->via);
				san_map_put(um);
			}
			job->reported[side] = true;
			quiet = true;
		} else if (!m && t->via != VIA_IOMMU) {
			san_report(plat, "dma:%s %s job %s#%llu at %s %#llx "
				   "(phys %#llx): DMA to an address nobody "
				   "mapped for this device", dev_name(dev),
				   write ? "write" : "read", job->timeline,
				   (unsigned long long)job->fence.seqno,
				   via_names[t->via], (unsigned long long)addr,
				   (unsigned long long)phys);
			job->reported[side] = true;
			quiet = true;
		}
	}
	if (m) {
		t->map_gen = __atomic_load_n(&m->gen, __ATOMIC_ACQUIRE);
		/* As far as the mapping stays contiguous. */
		if (t->via == VIA_IOMMU) {
			len = min(t->x.len, t->ext.len);
		} else {
			len = min(want_len, t->ext.len);
			if (len > DMA_ENGINE_CHUNK &&
			    !engine_route(dev, addr, len, write, t, &phys))
				len = min_t(size_t, len, DMA_ENGINE_CHUNK);
			if (t->ext.phys != phys && !quiet) {
				san_report(plat, "dma:%s %s at %s %#llx: mapped "
					   "for phys %#llx but the fabric "
					   "delivers it to %#llx",
					   dev_name(dev),
					   write ? "write" : "read",
					   via_names[t->via],
					   (unsigned long long)addr,
					   (unsigned long long)t->ext.phys,
					   (unsigned long long)phys);
				job->reported[side] = true;
				quiet = true;
			}
		}
	} else if (t->via == VIA_IOMMU) {
		/* The IO page table alone: one run of one owner. */
		len = t->x.len;
	}
	if (len > min_t(size_t, want_len, DMA_ENGINE_CHUNK) &&
	    t->via == VIA_IOMMU && !engine_route(dev, addr, len, write, t,
						 &phys))
		len = min_t(size_t, want_len, DMA_ENGINE_CHUNK);
	t->m = m;
	t->addr = addr;
	t->phys = phys;
	t->live = true;		/* from here target_finish() drops @m */
	r = hw_find_region(plat, phys);
	if (!r) {
		san_report(plat, "dma:%s %s at %s %#llx: no memory at phys "
			   "%#llx", dev_name(dev), write ? "write" : "read",
			   via_names[t->via], (unsigned long long)addr,
			   (unsigned long long)phys);
		return -EIO;
	}
	t->len = min(len, (size_t)(r->base + r->size - phys));
	t->host = (char *)r->host + (phys - r->base);
	t->check = !quiet;
	if (t->check && !engine_check(dev, job, t, t->len, write)) {
		/* Reported once per job and side. */
		job->reported[side] = true;
		t->check = false;
	}
	/*
	 * A BAR whose memory decode is off, or a removed device, does not
	 * complete the request (an Unsupported Request): the bytes go
	 * nowhere. Failing the job with -EIO is a modelling choice; real
	 * posted writes get no completion at all.
	 */
	if (san_range_unbacked(plat, phys, t->len))
		return -EIO;
	return 0;
}

/*
 * After the bytes of [t->addr, t->addr + @len) moved: the memory must
 * still be what the mapping expected. Unmapping and reusing memory while a
 * DMA is in flight is a driver bug (IOTLB invalidation does not drain
 * requests already past translation), and the access may have hit the new
 * owner: report it.
 */
static void engine_recheck(struct device *dev, struct dma_job *job, int side,
			   struct dma_target *t, size_t len, bool write)
{
	if (t->check && len && !engine_check(dev, job, t, len, write))
		job->reported[side] = true;
}

/* Done with the extent, its first @used bytes moved: recheck, drop. */
static void target_finish(struct device *dev, struct dma_job *job, int side,
			  struct dma_target *t, size_t used, bool write)
{
	if (!t->live)
		return;
	engine_recheck(dev, job, side, t, used, write);
	san_map_put(t->m);
	t->m = NULL;
	t->live = false;
}

/* The extent still translates as it did: no unmap came in between. */
static bool target_valid(struct device *dev, const struct dma_target *t)
{
	if (t->m && __atomic_load_n(&t->m->gen, __ATOMIC_ACQUIRE) != t->map_gen)
		return false;
	return t->via != VIA_IOMMU || iommu_xlate_valid(dev, &t->x);
}

/*
 * Before each piece at @addr (at most @len bytes left in the job): the
 * device must still be there and master the bus, and the side's extent
 * must still hold @addr; else the extent ends (rechecked) and the next one
 * is resolved. Returns 0 or the job error.
 */
static int side_piece(struct device *dev, struct dma_job *job, int side,
		      struct dma_target *t, dma_addr_t addr, size_t len,
		      bool write)
{
	if (READ_ONCE(dev->dead))
		return -ENODEV;
	/* Bus mastering turned off mid-job stops it at the next piece. */
	if (!engine_may_master(dev))
		return -EIO;
	if (t->live && addr < t->addr + t->len && target_valid(dev, t))
		return 0;
	if (t->live)
		target_finish(dev, job, side, t, addr - t->addr, write);
	return engine_resolve(dev, job, side, addr, len, write, t);
}

/* Tests: something happening right while the bytes are on the wire. */
static void engine_moved(struct device *dev)
{
	struct dma_engine *e = dev->engine;
	void (*hook)(struct device *, void *) = READ_ONCE(e->moved_hook);

	if (hook)
		hook(dev, READ_ONCE(e->moved_arg));
}

void dma_engine_set_moved_hook(struct device *dev,
			       void (*hook)(struct device *dev, void *arg),
			       void *arg)
{
	struct dma_engine *e = dev ? smp_load_acquire(&dev->engine) : NULL;

	if (!e)
		return;
	WRITE_ONCE(e->moved_arg, arg);
	WRITE_ONCE(e->moved_hook, hook);
}

/* After @n bytes moved up to @addr: an extent used up is rechecked. */
static void side_moved(struct device *dev, struct dma_job *job, int side,
		       struct dma_target *t, dma_addr_t addr, bool write)
{
	if (t->live && addr >= t->addr + t->len)
		target_finish(dev, job, side, t, t->len, write);
}

/* Bytes of the extent @t from @addr on, at most @max. */
static size_t side_left(const struct dma_target *t, dma_addr_t addr,
			size_t max)
{
	return min_t(size_t, max, t->addr + t->len - addr);
}

static void *side_host(const struct dma_target *t, dma_addr_t addr)
{
	return (char *)t->host + (addr - t->addr);
}

static int job_copy(struct device *dev, struct dma_job *job)
{
	struct dma_target s = { 0 }, d = { 0 };
	size_t done = 0, n;
	int err = 0;

	while (done < job->len) {
		err = side_piece(dev, job, 1, &s, job->src + done,
				 job->len - done, false);
		if (!err)
			err = side_piece(dev, job, 0, &d, job->dst + done,
					 job->len - done, true);
		if (err)
			break;
		n = side_left(&s, job->src + done, DMA_ENGINE_CHUNK);
		n = side_left(&d, job->dst + done, min(n, job->len - done));
		hw_wire_copy(side_host(&d, job->dst + done),
			     side_host(&s, job->src + done), n);
		engine_moved(dev);
		done += n;
		side_moved(dev, job, 1, &s, job->src + done, false);
		side_moved(dev, job, 0, &d, job->dst + done, true);
	}
	target_finish(dev, job, 1, &s, job->src + done - s.addr, false);
	target_finish(dev, job, 0, &d, job->dst + done - d.addr, true);
	return err;
}

static int job_one_side(struct device *dev, struct dma_job *job)
{
	bool write = job->op != DMA_JOB_READ;
	dma_addr_t addr = write ? job->dst : job->src;
	struct dma_target t = { 0 };
	size_t done = 0, n;
	void *host;
	int err = 0;

	while (done < job->len) {
		err = side_piece(dev, job, 0, &t, addr + done, job->len - done,
				 write);
		if (err)
			break;
		n = side_left(&t, addr + done,
			      min_t(size_t, DMA_ENGINE_CHUNK, job->len - done));
		host = side_host(&t, addr + done);
		if (job->op == DMA_JOB_FILL)
			hw_wire_set(host, job->value, n);
		else if (job->op == DMA_JOB_WRITE)
			hw_wire_copy(host, (char *)job->buf + done, n);
		else
			hw_wire_copy((char *)job->buf + done, host, n);
		engine_moved(dev);
		done += n;
		side_moved(dev, job, 0, &t, addr + done, write);
	}
	target_finish(dev, job, 0, &t, addr + done - t.addr, write);
	return err;
}

static void job_run(struct dma_engine *e, struct dma_job *job)
{
	bool cookie = dma_fence_begin_signalling();
	int err;

	/* Bus mastering is checked per piece, in engine_resolve(). */
	err = job->op == DMA_JOB_COPY ? job_copy(e->dev, job) :
					job_one_side(e->dev, job);
	if (err) {
		dma_fence_set_error(&job->fence, err);
		atomic64_inc(&e->errors);
	} else {
		atomic64_add(job->len, &e->bytes);
	}
	dma_fence_signal(&job->fence);
	dma_fence_end_signalling(cookie);
	if (job->op == DMA_JOB_WRITE)
		kvfree(job->buf);
	job->buf = NULL;
	dma_fence_put(&job->fence);	/* the queue's reference */
}

static int queue_thread(void *data)
{
	struct dma_queue *q = data;
	struct dma_job *job;

	for (;;) {
		wait_event(q->wq, READ_ONCE(q->nr_pending) ||
					  kthread_should_stop());
		spin_lock(&q->lock);
		job = list_first_entry_or_null(&q->pending, struct dma_job,
					       node);
		if (job) {
			list_del(&job->node);
			WRITE_ONCE(q->nr_pending, q->nr_pending - 1);
		}
		spin_unlock(&q->lock);
		if (job)
			job_run(q->engine, job);
		else if (kthread_should_stop())
			break;
	}
	return 0;
}

static void engine_stop_queues(struct dma_engine *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct dma_queue *q = &e->q[i];

		spin_lock(&q->lock);
		q->dying = true;
		spin_unlock(&q->lock);
		/* The thread drains what is pending before it stops. */
		kthread_stop(q->thread);
		spin_lock_destroy(&q->lock);
	}
}

int dma_engine_create(struct device *dev, unsigned int nr_queues)
{
	struct dma_engine *e;
	unsigned int i;
	u64 ctx;

	if (!dev || !dev->platform || !nr_queues ||
	    nr_queues > DMA_ENGINE_MAX_QUEUES)
		return -EINVAL;
	if (READ_ONCE(dev->engine))
		return -EEXIST;
	e = kzalloc(sizeof(*e) + nr_queues * sizeof(e->q[0]), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->dev = dev;
	e->nr_queues = nr_queues;
	ctx = dma_fence_context_alloc(nr_queues);
	for (i = 0; i < nr_queues; i++) {
		struct dma_queue *q = &e->q[i];
		char comm[16];

		q->engine = e;
		q->idx = i;
		q->context = ctx + i;
		spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->pending);
		init_waitqueue_head(&q->wq);
		snprintf(comm, sizeof(comm), "dma/%.8s:%u", dev_name(dev), i);
		q->thread = kthread_run(dev->platform, queue_thread, q, comm);
		if (IS_ERR_OR_NULL(q->thread)) {
			spin_lock_destroy(&q->lock);
			engine_stop_queues(e, i);
			kfree(e);
			return -ENOMEM;
		}
	}
	smp_store_release(&dev->engine, e);
	return 0;
}

void dma_engine_destroy(struct device *dev)
{
	struct dma_engine *e = dev ? dev->engine : NULL;

	if (!e)
		return;
	engine_stop_queues(e, e->nr_queues);
	WRITE_ONCE(dev->engine, NULL);
	kfree(e);
}

static struct dma_job *job_alloc(struct device *dev, unsigned int queue,
				 enum dma_job_op op, size_t len)
{
	struct dma_engine *e = dev ? smp_load_acquire(&dev->engine) : NULL;
	struct dma_job *job;

	if (!e || READ_ONCE(dev->dead))
		return ERR_PTR(-ENODEV);
	if (queue >= e->nr_queues || !len)
		return ERR_PTR(-EINVAL);
	/*
	 * Like a dmaengine prep callback, submission works in any context:
	 * a doorbell is rung under spinlocks (and a process's store to one
	 * runs under its PTE lock), so it must not enter reclaim.
	 */
	job = kzalloc(sizeof(*job), GFP_NOWAIT);
	if (!job)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&job->lock);
	job->op = op;
	job->len = len;
	snprintf(job->timeline, sizeof(job->timeline), "%s:q%u", dev_name(dev),
		 queue);
	return job;
}

static struct dma_fence *job_submit(struct device *dev, unsigned int queue,
				    struct dma_job *job)
{
	struct dma_queue *q = &dev->engine->q[queue];

	spin_lock(&q->lock);
	if (q->dying) {
		spin_unlock(&q->lock);
		if (job->op == DMA_JOB_WRITE)
			kvfree(job->buf);
		spin_lock_destroy(&job->lock);
		kfree(job);
		return ERR_PTR(-ENODEV);
	}
	/* Seqnos follow queue order: initialise under the queue lock. */
	dma_fence_init(&job->fence, &dma_job_fence_ops, &job->lock,
		       q->context, ++q->seqno);
	dma_fence_get(&job->fence);	/* for the queue */
	list_add_tail(&job->node, &q->pending);
	WRITE_ONCE(q->nr_pending, q->nr_pending + 1);
	spin_unlock(&q->lock);
	wake_up(&q->wq);
	return &job->fence;
}

struct dma_fence *dma_engine_copy(struct device *dev, unsigned int queue,
				  dma_addr_t dst, dma_addr_t src, size_t len)
{
	struct dma_job *job = job_alloc(dev, queue, DMA_JOB_COPY, len);

	if (IS_ERR(job))
		return ERR_CAST(job);
	job->dst = dst;
	job->src = src;
	job->map_id[0] = san_learned_map(dev->platform, dev, dst);
	job->map_id[1] = san_learned_map(dev->platform, dev, src);
	return job_submit(dev, queue, job);
}

struct dma_fence *dma_engine_write(struct device *dev, unsigned int queue,
				   dma_addr_t dst, const void *src, size_t len)
{
	struct dma_job *job;

	if (!src)
		return ERR_PTR(-EINVAL);
	job = job_alloc(dev, queue, DMA_JOB_WRITE, len);
	if (IS_ERR(job))
		return ERR_CAST(job);
	job->dst = dst;
	job->map_id[0] = san_learned_map(dev->platform, dev, dst);
	job->buf = kvmalloc(len, GFP_NOWAIT);
	if (!job->buf) {
		spin_lock_destroy(&job->lock);
		kfree(job);
		return ERR_PTR(-ENOMEM);
	}
	memcpy(job->buf, src, len);
	return job_submit(dev, queue, job);
}

struct dma_fence *dma_engine_read(struct device *dev, unsigned int queue,
				  void *dst, dma_addr_t src, size_t len)
{
	struct dma_job *job;

	if (!dst)
		return ERR_PTR(-EINVAL);
	job = job_alloc(dev, queue, DMA_JOB_READ, len);
	if (IS_ERR(job))
		return ERR_CAST(job);
	job->src = src;
	job->map_id[0] = san_learned_map(dev->platform, dev, src);
	job->buf = dst;
	return job_submit(dev, queue, job);
}

struct dma_fence *dma_engine_fill(struct device *dev, unsigned int queue,
				  dma_addr_t dst, u8 value, size_t len)
{
	struct dma_job *job = job_alloc(dev, queue, DMA_JOB_FILL, len);

	if (IS_ERR(job))
		return ERR_CAST(job);
	job->dst = dst;
	job->map_id[0] = san_learned_map(dev->platform, dev, dst);
	job->value = value;
	return job_submit(dev, queue, job);
}

u64 dma_engine_bytes(struct device *dev)
{
	struct dma_engine *e = dev ? smp_load_acquire(&dev->engine) : NULL;

	return e ? atomic64_read(&e->bytes) : 0;
}

u64 dma_engine_errors(struct device *dev)
{
	struct dma_engine *e = dev ? smp_load_acquire(&dev->engine) : NULL;

	return e ? atomic64_read(&e->errors) : 0;
}
