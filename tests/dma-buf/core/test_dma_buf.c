// SPDX-License-Identifier: GPL-2.0
/* dma-buf core rules: fds, ioctls, poll, attach, pin, map, move, revoke. */
#include <string.h>
#include <pthread.h>
#include <linux/dma-buf.h>
#include "dmb_test.h"
#include "texp.h"
#include <dmabridge/syscalls.h>
#include <dmabridge/sync_file.h>
#include <dmabridge/sched.h>
#include <dmabridge/workqueue.h>

#define SZ (16 * 4096)

static atomic_t released;

static struct platform *tp_setup(void)
{
	atomic_set(&released, 0);
	return dmb_kernel_platform();
}

static void tp_free(struct platform *plat)
{
	assert_int_equal(dma_buf_count(plat), 0);
	dma_buf_registry_fini(plat);
	dmb_kernel_platform_free(plat);
}

static struct texp *tp_buf(unsigned int flags)
{
	struct texp *t = texp_create(SZ, flags, &released);

	assert_non_null(t);
	return t;
}

static void test_export_fd_get_put(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	struct dma_buf *db;
	int fd, fd2;

	assert_int_equal(dma_buf_count(plat), 1);
	assert_int_equal(dma_buf_fd(NULL, 0), -EINVAL);
	fd = dma_buf_fd(t->dmabuf, O_CLOEXEC);
	assert_true(fd >= 0);
	db = dma_buf_get(fd);
	assert_ptr_equal(db, t->dmabuf);
	assert_int_equal(PTR_ERR(dma_buf_get(-1)), -EBADF);
	assert_int_equal(PTR_ERR(dma_buf_get(fd + 100)), -EBADF);
	/* Not a dma-buf: a sync_file fd. */
	fd2 = sync_file_install(dma_fence_get_stub());
	assert_true(fd2 >= 0);
	assert_int_equal(PTR_ERR(dma_buf_get(fd2)), -EINVAL);
	assert_int_equal(sys_close(fd2), 0);
	/* The fd and our reference keep it alive. */
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(atomic_read(&released), 0);
	dma_buf_put(db);
	assert_int_equal(atomic_read(&released), 1);
	tp_free(plat);
}

static int dummy_release_called;

static void dummy_release(struct dma_buf *d)
{
	dummy_release_called++;
}

static void test_export_invalid(void **state)
{
	struct platform *plat = tp_setup();
	static const struct dma_buf_ops no_map = { .release = dummy_release };
	static const struct dma_buf_ops half_pin = {
		.release = dummy_release,
		.map_phys = (void *)1,
		.pin = (void *)1,
	};
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	int x;

	dmb_expect_reports(REPORT_WARN, 4);
	assert_int_equal(PTR_ERR(dma_buf_export(NULL)), -EINVAL);
	info.ops = &no_map;
	info.priv = &x;
	info.size = 4096;
	assert_int_equal(PTR_ERR(dma_buf_export(&info)), -EINVAL);
	info.ops = &half_pin;
	assert_int_equal(PTR_ERR(dma_buf_export(&info)), -EINVAL);
	info.priv = NULL;
	assert_int_equal(PTR_ERR(dma_buf_export(&info)), -EINVAL);
	assert_int_equal(dummy_release_called, 0);
	tp_free(plat);
}

static void test_pass_fd_between_processes(void **state)
{
	struct platform *plat = tp_setup();
	struct task_struct *a = current, *b = task_create(plat, "b");
	struct texp *t = tp_buf(0);
	struct dma_buf *db;
	int fd, fdb;

	assert_false(IS_ERR(b));
	fd = dma_buf_fd(t->dmabuf, 0);
	fdb = fd_transfer(a, fd, b);
	assert_true(fdb >= 0);
	assert_int_equal(sys_close(fd), 0);
	set_current(b);
	db = dma_buf_get(fdb);
	assert_ptr_equal(db, t->dmabuf);
	assert_int_equal(sys_lseek(fdb, 0, SEEK_END), SZ);
	dma_buf_put(db);
	assert_int_equal(atomic_read(&released), 0);
	set_current(a);
	task_exit(b);	/* closes fdb: the last reference */
	assert_int_equal(atomic_read(&released), 1);
	tp_free(plat);
}

static void test_llseek(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);

	assert_int_equal(sys_lseek(fd, 0, SEEK_END), SZ);
	assert_int_equal(sys_lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(sys_lseek(fd, 0, SEEK_CUR), -EINVAL);
	assert_int_equal(sys_lseek(fd, 1, SEEK_END), -EINVAL);
	assert_int_equal(sys_lseek(fd, -1, SEEK_END), -EINVAL);
	assert_int_equal(sys_lseek(fd, 4096, SEEK_SET), -EINVAL);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

static void test_set_name(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);
	char longname[40];
	struct timp imp;

	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B,
				   (unsigned long)"scanout"), 0);
	assert_string_equal(t->dmabuf->name, "scanout");
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_A,
				   (unsigned long)"x"), 0);
	assert_string_equal(t->dmabuf->name, "x");
	memset(longname, 'a', sizeof(longname));
	longname[DMA_BUF_NAME_LEN] = 0;		/* 32 chars + NUL: too long */
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B,
				   (unsigned long)longname), -EINVAL);
	longname[DMA_BUF_NAME_LEN - 1] = 0;	/* 31 chars: fits */
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B,
				   (unsigned long)longname), 0);
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B, 0), -EFAULT);
	/* Renaming while attached is allowed (Linux >= 5.16). */
	timp_init(&imp, "imp");
	imp.attach = dma_buf_attach(t->dmabuf, &imp.dev);
	assert_false(IS_ERR(imp.attach));
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B,
				   (unsigned long)"busy"), 0);
	dma_buf_detach(t->dmabuf, imp.attach);
	assert_int_equal(sys_ioctl(fd, _IOW('b', 9, int), 0), -ENOTTY);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

static void test_sync_ioctl_flags(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);
	struct dma_buf_sync s;

	s.flags = DMA_BUF_SYNC_START;	/* neither read nor write */
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s),
			 -EINVAL);
	s.flags = DMA_BUF_SYNC_RW | 0x100;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s),
			 -EINVAL);
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, 0), -EFAULT);
	s.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s),
			 0);
	assert_int_equal(atomic_read(&t->begin_cpu), 1);
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s),
			 0);
	assert_int_equal(atomic_read(&t->end_cpu), 1);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

static void add_fence(struct dma_buf *db, struct dma_fence *f,
		      enum dma_resv_usage usage)
{
	dma_resv_lock(db->resv, NULL);
	assert_int_equal(dma_resv_reserve_fences(db->resv, 1), 0);
	dma_resv_add_fence(db->resv, f, usage);
	dma_resv_unlock(db->resv);
}

struct waiter {
	struct task_struct *task;
	int fd;
	__u64 flags;
	struct dma_fence *fence;
	long ret;
	bool signaled_at_return;
	pthread_t thr;
};

static void *sync_waiter(void *p)
{
	struct waiter *w = p;
	struct dma_buf_sync s = { .flags = w->flags };

	set_current(w->task);
	w->ret = sys_ioctl(w->fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s);
	w->signaled_at_return = dma_fence_is_signaled(w->fence);
	set_current(NULL);
	return NULL;
}

/* SYNC_READ waits for writers only; SYNC_WRITE for readers too. */
static void test_sync_ioctl_waits(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);
	struct dma_fence *rf = texp_fence();
	struct waiter w = { .fd = fd, .fence = rf };
	struct dma_buf_sync s;

	add_fence(t->dmabuf, rf, DMA_RESV_USAGE_READ);
	s.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_SYNC, (unsigned long)&s),
			 0);
	assert_false(dma_fence_is_signaled(rf));
	w.task = task_create_thread(current, "waiter");
	w.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE;
	pthread_create(&w.thr, NULL, sync_waiter, &w);
	dma_fence_signal(rf);
	pthread_join(w.thr, NULL);
	assert_int_equal(w.ret, 0);
	assert_true(w.signaled_at_return);
	task_exit(w.task);
	dma_fence_put(rf);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

static short poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = sys_poll(&p, 1, 0);

	assert_true(n >= 0);
	return n ? p.revents : 0;
}

struct poller {
	struct task_struct *task;
	int fd;
	short revents;
	int n;
};

static void *poll_waiter(void *p)
{
	struct poller *pw = p;
	struct pollfd pfd = { .fd = pw->fd, .events = POLLOUT };

	set_current(pw->task);
	pw->n = sys_poll(&pfd, 1, -1);
	pw->revents = pfd.revents;
	set_current(NULL);
	return NULL;
}

static void test_poll(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);
	struct dma_fence *wf = texp_fence(), *rf = texp_fence();
	struct poller pw = { .fd = fd };
	pthread_t thr;

	assert_int_equal(poll_now(fd, POLLIN | POLLOUT), POLLIN | POLLOUT);
	add_fence(t->dmabuf, rf, DMA_RESV_USAGE_READ);
	/* A reader: reading is fine, writing must wait. */
	assert_int_equal(poll_now(fd, POLLIN | POLLOUT), POLLIN);
	add_fence(t->dmabuf, wf, DMA_RESV_USAGE_WRITE);
	assert_int_equal(poll_now(fd, POLLIN | POLLOUT), 0);
	dma_fence_signal(wf);
	assert_int_equal(poll_now(fd, POLLIN | POLLOUT), POLLIN);
	/* A blocked poller is woken by the last fence signaling. */
	pw.task = task_create_thread(current, "poller");
	pthread_create(&thr, NULL, poll_waiter, &pw);
	dma_fence_signal(rf);
	pthread_join(thr, NULL);
	assert_int_equal(pw.n, 1);
	assert_int_equal(pw.revents, POLLOUT);
	task_exit(pw.task);
	/* An armed callback on an unsignaled fence at release. */
	dma_fence_put(rf);
	rf = texp_fence();
	add_fence(t->dmabuf, rf, DMA_RESV_USAGE_WRITE);
	assert_int_equal(poll_now(fd, POLLIN), 0);
	assert_int_equal(sys_close(fd), 0);
	assert_int_equal(atomic_read(&released), 1);
	dma_fence_signal(rf);
	dma_fence_put(rf);
	dma_fence_put(wf);
	tp_free(plat);
}

static void test_sync_file_export_import(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(0);
	int fd = dma_buf_fd(t->dmabuf, 0);
	struct dma_buf_export_sync_file ex = { 0 };
	struct dma_buf_import_sync_file im = { 0 };
	struct dma_fence *f = texp_fence(), *got;
	int sfd;

	ex.flags = 0;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
				   (unsigned long)&ex), -EINVAL);
	ex.flags = 4;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
				   (unsigned long)&ex), -EINVAL);
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, 0),
			 -EFAULT);
	/* No fences: a signaled sync_file. */
	ex.flags = DMA_BUF_SYNC_WRITE;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
				   (unsigned long)&ex), 0);
	got = sync_file_get_fence(ex.fd);
	assert_non_null(got);
	assert_true(dma_fence_is_signaled(got));
	dma_fence_put(got);
	assert_int_equal(sys_close(ex.fd), 0);

	/* Import an unsignaled fence as a writer. */
	sfd = sync_file_install(f);
	assert_true(sfd >= 0);
	im.fd = sfd;
	im.flags = 0;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
				   (unsigned long)&im), -EINVAL);
	im.flags = DMA_BUF_SYNC_WRITE;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
				   (unsigned long)&im), 0);
	assert_false(dma_resv_test_signaled(t->dmabuf->resv,
					    DMA_RESV_USAGE_WRITE));
	assert_true(dma_resv_test_signaled(t->dmabuf->resv,
					   DMA_RESV_USAGE_KERNEL));
	im.fd = fd;	/* not a sync_file */
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
				   (unsigned long)&im), -EINVAL);
	/* Export for read now returns that writer. */
	ex.flags = DMA_BUF_SYNC_READ;
	assert_int_equal(sys_ioctl(fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
				   (unsigned long)&ex), 0);
	got = sync_file_get_fence(ex.fd);
	assert_ptr_equal(got, f);
	dma_fence_put(got);
	dma_fence_signal(f);
	dma_fence_put(f);
	assert_int_equal(sys_close(ex.fd), 0);
	assert_int_equal(sys_close(sfd), 0);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

/*
 * Mapping types as the RFC matches them: the exporter's order decides, no
 * common type is -EINVAL (dma_buf_match_mapping), PAL is opt-in for an
 * exporter and needs no device, P2P is settled at attach.
 */
static void test_attach_negotiation(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *sgt_only = tp_buf(TEXP_SGT_ONLY), *phys = tp_buf(TEXP_NO_SGT);
	struct texp *refuse = tp_buf(TEXP_REFUSE_ATTACH);
	struct texp *p2p = tp_buf(TEXP_P2P);
	static const enum dma_buf_mapping_type pal_first[] = {
		DMA_BUF_MAPPING_PAL, DMA_BUF_MAPPING_SGT,
	};
	static const enum dma_buf_mapping_type sgt_first[] = {
		DMA_BUF_MAPPING_SGT, DMA_BUF_MAPPING_PAL,
	};
	static const enum dma_buf_mapping_type vec_only[] = {
		DMA_BUF_MAPPING_DMA_VEC,
	};
	static const enum dma_buf_mapping_type pal_only[] = {
		DMA_BUF_MAPPING_PAL,
	};
	static const enum dma_buf_mapping_type bad[] = { 7 };
	struct dma_buf_attachment *a;
	struct timp imp;

	timp_init(&imp, "imp");
	/* An exporter without ->match_mapping offers SGT only. */
	a = dma_buf_mapping_attach(sgt_only->dmabuf, &imp.dev, pal_first, 2,
				   &timp_ops, &imp);
	assert_false(IS_ERR(a));
	assert_int_equal(a->mapping_type, DMA_BUF_MAPPING_SGT);
	assert_true(dma_buf_attach_revocable(a));
	assert_true(dma_buf_attachment_is_dynamic(a));
	dma_buf_detach(sgt_only->dmabuf, a);
	/* No common type. */
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(sgt_only->dmabuf,
		&imp.dev, vec_only, 1, &timp_ops, &imp)), -EINVAL);
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(sgt_only->dmabuf,
		&imp.dev, pal_only, 1, &timp_ops, &imp)), -EINVAL);
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(sgt_only->dmabuf,
		&imp.dev, bad, 1, &timp_ops, &imp)), -EINVAL);
	/* The exporter's order (PAL, DMA vector, SGT) wins the importer's. */
	a = dma_buf_mapping_attach(phys->dmabuf, &imp.dev, sgt_first, 2,
				   NULL, NULL);
	assert_false(IS_ERR(a));
	assert_int_equal(a->mapping_type, DMA_BUF_MAPPING_PAL);
	assert_false(dma_buf_attach_revocable(a));
	assert_false(dma_buf_attachment_is_dynamic(a));
	dma_buf_detach(phys->dmabuf, a);
	/* A PAL attach needs no device; the other types do. */
	a = dma_buf_mapping_attach(phys->dmabuf, NULL, pal_only, 1, &timp_ops,
				   &imp);
	assert_false(IS_ERR(a));
	assert_null(a->dev);
	dma_buf_detach(phys->dmabuf, a);
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(phys->dmabuf, NULL,
		vec_only, 1, &timp_ops, &imp)), -EINVAL);
	/* The exporter's attach can refuse, with its own errno. */
	assert_int_equal(PTR_ERR(dma_buf_attach(refuse->dmabuf, &imp.dev)),
			 -EPERM);
	/* P2P memory only for importers that allow peer2peer. */
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(p2p->dmabuf,
		&imp.dev, pal_only, 1, &timp_ops, &imp)), -EINVAL);
	a = dma_buf_mapping_attach(p2p->dmabuf, &imp.dev, pal_only, 1,
				   &timp_ops_p2p, &imp);
	assert_false(IS_ERR(a));
	assert_true(a->peer2peer);
	dma_buf_detach(p2p->dmabuf, a);
	assert_int_equal(atomic_read(&p2p->attaches), 1);
	assert_int_equal(atomic_read(&p2p->detaches), 1);
	dma_buf_put(sgt_only->dmabuf);
	dma_buf_put(phys->dmabuf);
	dma_buf_put(refuse->dmabuf);
	dma_buf_put(p2p->dmabuf);
	assert_int_equal(atomic_read(&released), 4);
	tp_free(plat);
}

static void test_pin_rules(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC);
	struct dma_buf *db = t->dmabuf;
	struct timp dyn, stat;

	timp_init(&dyn, "dyn");
	timp_init(&stat, "static");
	dyn.attach = dma_buf_dynamic_attach(db, &dyn.dev, &timp_ops, &dyn);
	stat.attach = dma_buf_attach(db, &stat.dev);
	assert_false(IS_ERR(dyn.attach));
	assert_false(IS_ERR(stat.attach));
	dma_resv_lock(db->resv, NULL);
	assert_int_equal(dma_buf_pin(dyn.attach), 0);
	assert_true(dma_buf_is_pinned(db));
	/* No move while pinned. */
	assert_int_equal(dma_buf_move_locked(db, NULL), -EBUSY);
	dma_buf_unpin(dyn.attach);
	assert_false(dma_buf_is_pinned(db));
	/* Static importers do not pin (pin and unpin both WARN). */
	dmb_expect_reports(REPORT_WARN, 2);
	dma_buf_pin(stat.attach);
	dma_buf_unpin(stat.attach);
	dma_resv_unlock(db->resv);
	/* Pin without the resv lock: the core and the exporter assert. */
	dmb_expect_reports(REPORT_LOCKDEP, 4);
	assert_int_equal(dma_buf_pin(dyn.attach), 0);
	dma_buf_unpin(dyn.attach);
	assert_int_equal(atomic_read(&t->pins), 3);
	assert_int_equal(atomic_read(&t->unpins), 3);
	dma_buf_detach(db, dyn.attach);
	dma_buf_detach(db, stat.attach);
	dma_buf_put(db);
	tp_free(plat);
}

/*
 * A static importer waits for the exporter's KERNEL fences (a move's copy)
 * at map, a dynamic one does not (it waits itself). Deterministic: the
 * copy fence records the waiter that blocks on it. Guards the KERNEL
 * wait in __dma_buf_map_end().
 */
static void test_static_map_waits_kernel_fence(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC);
	struct dma_buf *db = t->dmabuf;
	struct dma_fence *kf;
	struct timp stat, dyn;
	struct sg_table *sgt;
	atomic_t waiters;

	atomic_set(&waiters, 0);
	kf = texp_waited_fence(&waiters);
	assert_non_null(kf);
	timp_init(&stat, "static");
	stat.attach = dma_buf_attach(db, &stat.dev);
	assert_false(IS_ERR(stat.attach));
	timp_init(&dyn, "dynamic");
	dyn.attach = dma_buf_dynamic_attach(db, &dyn.dev, &timp_ops, &dyn);
	assert_false(IS_ERR(dyn.attach));
	/* A move whose copy is still running. */
	dma_resv_lock(db->resv, NULL);
	assert_int_equal(dma_buf_move_locked(db, kf), 0);
	dyn.sgt = dma_buf_map_attachment(dyn.attach, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(dyn.sgt));
	dma_resv_unlock(db->resv);
	assert_int_equal(atomic_read(&waiters), 0);
	assert_false(dma_fence_is_signaled(kf));

	sgt = dma_buf_map_attachment_unlocked(stat.attach, DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(sgt));
	assert_int_equal(atomic_read(&waiters), 1);
	assert_true(dma_fence_is_signaled(kf));
	dma_resv_lock(db->resv, NULL);
	assert_true(dma_buf_is_pinned(db));
	assert_int_equal(atomic_read(&t->pins), 1);
	assert_int_equal(dma_buf_move_locked(db, NULL), -EBUSY);
	dma_buf_unmap_attachment(dyn.attach, dyn.sgt, DMA_BIDIRECTIONAL);
	dma_resv_unlock(db->resv);
	/* Unmap without the lock: core, exporter unmap and unpin assert. */
	dmb_expect_reports(REPORT_LOCKDEP, 3);
	dma_buf_unmap_attachment(stat.attach, sgt, DMA_BIDIRECTIONAL);
	assert_int_equal(atomic_read(&t->unpins), 1);
	dma_buf_detach(db, stat.attach);
	dma_buf_detach(db, dyn.attach);
	dma_fence_put(kf);
	dma_buf_put(db);
	tp_free(plat);
}

/*
 * Issue 10 #4: a detach while mapped used to WARN and free the
 * attachment anyway, leaving the pin count up and the exporter's state
 * dangling; it is refused (WARN) and the attachment stays.
 */
static void test_detach_while_mapped_refused(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_NO_SGT);
	struct dma_buf *db = t->dmabuf;
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct dma_buf_phys_list *l;
	struct timp imp;

	timp_init(&imp, "static");
	imp.attach = dma_buf_mapping_attach(db, &imp.dev, pal, 1, NULL, NULL);
	assert_false(IS_ERR(imp.attach));
	l = dma_buf_map_phys_unlocked(imp.attach);
	assert_false(IS_ERR(l));
	dmb_expect_reports(REPORT_WARN, 1);
	dma_buf_detach(db, imp.attach);
	assert_false(list_empty(&db->attachments));
	assert_int_equal(atomic_read(&t->detaches), 0);
	dma_resv_lock(db->resv, NULL);
	assert_int_equal(db->pin_count, 1);
	dma_resv_unlock(db->resv);
	/* The attachment still works: unmap, then detach for real. */
	dma_buf_unmap_phys_unlocked(imp.attach, l);
	assert_int_equal(db->pin_count, 0);
	dma_buf_detach(db, imp.attach);
	assert_true(list_empty(&db->attachments));
	assert_int_equal(atomic_read(&t->detaches), 1);
	dma_buf_put(db);
	tp_free(plat);
}

static void test_invalidate_and_move(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC);
	struct dma_buf *db = t->dmabuf;
	struct timp imp[3];
	int i;

	for (i = 0; i < 3; i++) {
		timp_init(&imp[i], "imp");
		imp[i].attach = i < 2 ?
			dma_buf_dynamic_attach(db, &imp[i].dev, &timp_ops,
					       &imp[i]) :
			dma_buf_attach(db, &imp[i].dev);
		assert_false(IS_ERR(imp[i].attach));
	}
	dma_resv_lock(db->resv, NULL);
	imp[0].sgt = dma_buf_map_attachment(imp[0].attach, DMA_TO_DEVICE);
	assert_false(IS_ERR(imp[0].sgt));
	/* Dynamic importers are not pinned by mapping. */
	assert_false(dma_buf_is_pinned(db));
	assert_int_equal(atomic_read(&db->nr_mapped), 1);
	dma_resv_unlock(db->resv);

	t->backing[0] = 0x5a;
	assert_int_equal(texp_move(t), 0);
	assert_int_equal(t->backing[0], 0x5a);
	assert_int_equal(atomic_read(&imp[0].invalidated), 1);
	assert_int_equal(atomic_read(&imp[1].invalidated), 1);
	assert_null(imp[0].sgt);	/* unmapped in invalidate_mappings */
	assert_int_equal(atomic_read(&db->nr_mapped), 0);
	assert_int_equal(atomic64_read(&db->generation), 1);
	/* The copy fence is a KERNEL fence of the resv. */
	assert_true(dma_resv_test_signaled(db->resv, DMA_RESV_USAGE_KERNEL));

	/* Without the lock: the core and both importers assert. */
	dmb_expect_reports(REPORT_LOCKDEP, 3);
	dma_buf_invalidate_mappings(db);
	for (i = 0; i < 3; i++)
		dma_buf_detach(db, imp[i].attach);
	dma_buf_put(db);
	tp_free(plat);
}

static void test_revoke_restore(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_REVOCABLE_ONLY |
				TEXP_NO_SGT);
	struct dma_buf *db = t->dmabuf;
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct timp imp, pinned;
	struct dma_buf_phys_list *l;

	timp_init(&imp, "revocable");
	timp_init(&pinned, "pinned");
	/* Revocable exporters refuse importers that cannot be revoked. */
	assert_int_equal(PTR_ERR(dma_buf_attach(db, &imp.dev)), -EOPNOTSUPP);
	assert_int_equal(PTR_ERR(dma_buf_mapping_attach(db, &imp.dev, pal, 1,
		&timp_ops_norevoke, &imp)), -EOPNOTSUPP);
	imp.attach = dma_buf_mapping_attach(db, &imp.dev, pal, 1, &timp_ops,
					    &imp);
	assert_false(IS_ERR(imp.attach));
	/* Pinned and revocable (iommufd style): pin, no map. */
	pinned.attach = dma_buf_mapping_attach(db, &pinned.dev, pal, 1,
					       &timp_ops, &pinned);
	assert_false(IS_ERR(pinned.attach));
	dma_resv_lock(db->resv, NULL);
	assert_int_equal(dma_buf_pin(pinned.attach), 0);
	imp.pal = dma_buf_map_phys(imp.attach);
	assert_false(IS_ERR(imp.pal));
	assert_int_equal(imp.pal->nr_ranges, 1);
	assert_int_equal(imp.pal->size, SZ);
	assert_int_equal(imp.pal->ranges[0].vec.paddr, t->pa);
	/* The SGT entry point refuses a PAL attachment. */
	assert_int_equal(PTR_ERR(dma_buf_map_attachment(imp.attach,
							DMA_TO_DEVICE)),
			 -EINVAL);
	dma_resv_unlock(db->resv);

	texp_revoke(t);	/* returns only once imp unmapped */
	assert_true(dma_buf_is_revoked(db));
	assert_null(imp.pal);
	assert_int_equal(atomic_read(&imp.invalidated), 1);
	assert_int_equal(atomic_read(&pinned.invalidated), 1);
	l = dma_buf_map_phys_unlocked(imp.attach);
	assert_int_equal(PTR_ERR(l), -ENODEV);
	texp_restore(t);
	l = dma_buf_map_phys_unlocked(imp.attach);
	assert_false(IS_ERR(l));
	dma_buf_unmap_phys_unlocked(imp.attach, l);
	dma_resv_lock(db->resv, NULL);
	dma_buf_unpin(pinned.attach);
	dma_resv_unlock(db->resv);
	dma_buf_detach(db, imp.attach);
	dma_buf_detach(db, pinned.attach);
	dma_buf_put(db);
	tp_free(plat);
}

/* Revoke ------------------------------------------------------------ */

struct revoke_race {
	struct task_struct *task[2];
	struct texp *t;
	struct timp imp;
	struct dma_fence *job;		/* the importer's own DMA */
	struct work_struct unmap_work;
	bool done;			/* dma_buf_revoke() returned */
	bool saw_done_first;
	unsigned int mapped_at_return;
};

static void revoke_race_init(struct revoke_race *r, struct texp *t)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->t = t;
	for (i = 0; i < 2; i++) {
		r->task[i] = task_create_thread(current, "revoke");
		assert_false(IS_ERR(r->task[i]));
	}
}

static void revoke_race_fini(struct revoke_race *r)
{
	task_exit(r->task[0]);
	task_exit(r->task[1]);
}

static void revoker(struct revoke_race *r)
{
	dma_buf_revoke(r->t->dmabuf, NULL, NULL);
	r->mapped_at_return = atomic_read(&r->t->dmabuf->nr_mapped);
	WRITE_ONCE(r->done, true);
}

static void stuck_importer_thread(int idx, void *arg)
{
	struct revoke_race *r = arg;
	struct dma_buf *db = r->t->dmabuf;

	set_current(r->task[idx]);
	if (idx == 0) {
		revoker(r);
	} else {
		/* Unmap only once the revoke has reported us (after 1 s). */
		while (!atomic_read(&db->unmap_stalls) && !READ_ONCE(r->done))
			schedule_timeout_uninterruptible(1);
		dma_buf_unmap_phys_unlocked(r->imp.attach, r->imp.pal);
		r->imp.pal = NULL;
	}
	set_current(NULL);
}

/*
 * Issue 10 #3: a revoke with a mapped importer that is not revocable
 * WARNs at once, naming it, then waits, reporting it every second, until
 * it unmaps. Guards the WARN and the bounded, never-failing wait.
 */
static void test_revoke_warns_and_reports_stuck_importer(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_NO_SGT);
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct revoke_race r;

	revoke_race_init(&r, t);
	timp_init(&r.imp, "stuck-importer");
	r.imp.attach = dma_buf_mapping_attach(t->dmabuf, &r.imp.dev, pal, 1,
					      &timp_ops_norevoke, &r.imp);
	assert_false(IS_ERR(r.imp.attach));
	r.imp.pal = dma_buf_map_phys_unlocked(r.imp.attach);
	assert_false(IS_ERR(r.imp.pal));
	dmb_expect_reports(REPORT_WARN, 1);
	dmb_run_threads(2, stuck_importer_thread, &r);
	assert_true(r.done);
	assert_int_equal(r.mapped_at_return, 0);
	assert_true(atomic_read(&t->dmabuf->unmap_stalls) >= 1);
	assert_true(dma_buf_is_revoked(t->dmabuf));
	dma_buf_detach(t->dmabuf, r.imp.attach);
	revoke_race_fini(&r);
	dma_buf_put(t->dmabuf);
	tp_free(plat);
}

struct bookkeep {
	struct dma_fence *job;
	bool job_done_when_revoked;
};

static void bookkeep_revoked(struct dma_buf *dmabuf, void *arg)
{
	struct bookkeep *b = arg;

	b->job_done_when_revoked = dma_fence_is_signaled(b->job);
}

/*
 * The revoke waits for every BOOKKEEP fence (importers' queued work)
 * before the exporter gives the memory away: the job's fence records
 * the wait. Guards the BOOKKEEP wait in dma_buf_revoke_locked().
 */
static void test_revoke_waits_bookkeep_fences(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_NO_SGT |
				TEXP_REVOCABLE_ONLY);
	struct dma_buf *db = t->dmabuf;
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct bookkeep b = { 0 };
	struct timp imp;
	atomic_t waiters;

	atomic_set(&waiters, 0);
	timp_init(&imp, "imp");
	imp.attach = dma_buf_mapping_attach(db, &imp.dev, pal, 1, &timp_ops,
					    &imp);
	assert_false(IS_ERR(imp.attach));
	b.job = texp_waited_fence(&waiters);
	assert_non_null(b.job);
	dma_resv_lock(db->resv, NULL);
	imp.pal = dma_buf_map_phys(imp.attach);
	assert_false(IS_ERR(imp.pal));
	assert_int_equal(dma_resv_reserve_fences(db->resv, 1), 0);
	dma_resv_add_fence(db->resv, b.job, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_unlock(db->resv);

	dma_buf_revoke(db, bookkeep_revoked, &b);
	assert_int_equal(atomic_read(&waiters), 1);
	assert_true(b.job_done_when_revoked);
	assert_null(imp.pal);
	dma_buf_detach(db, imp.attach);
	dma_fence_put(b.job);
	dma_buf_put(db);
	tp_free(plat);
}

/* invalidate_mappings of an importer that unmaps later, from a worker. */
static void async_unmap_work(struct work_struct *work)
{
	struct revoke_race *r = container_of(work, struct revoke_race,
					     unmap_work);
	struct dma_buf *db = r->t->dmabuf;

	/* Its device stops using the mapping once its job is done. */
	dma_fence_wait(r->job, false);
	dma_resv_lock(db->resv, NULL);
	dma_buf_unmap_phys(r->imp.attach, r->imp.pal);
	r->imp.pal = NULL;
	dma_resv_unlock(db->resv);
}

static void async_invalidate(struct dma_buf_attachment *attach)
{
	struct revoke_race *r = attach->importer_priv;

	atomic_inc(&r->imp.invalidated);
	schedule_work(&r->unmap_work);
}

static const struct dma_buf_attach_ops async_importer_ops = {
	.invalidate_mappings = async_invalidate,
};

static void async_unmap_thread(int idx, void *arg)
{
	struct revoke_race *r = arg;

	set_current(r->task[idx]);
	if (idx == 0) {
		revoker(r);
	} else {
		/* Let the job finish only once the revoke sleeps on unmaps. */
		while (!READ_ONCE(r->done) &&
		       !wq_has_sleeper(&r->t->dmabuf->unmap_wq))
			schedule_timeout_uninterruptible(1);
		r->saw_done_first = READ_ONCE(r->done);
		dma_fence_signal(r->job);
	}
	set_current(NULL);
}

/*
 * Revoke returns only after every importer has unmapped, also one that
 * unmaps asynchronously, from a worker, after its own job ends (not in
 * invalidate_mappings). The job ends only once the revoke is asleep, so
 * without the wait the revoke returns with the mapping live. Guards the
 * body of dma_buf_wait_unmapped().
 */
static void test_revoke_waits_async_unmap(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_NO_SGT |
				TEXP_REVOCABLE_ONLY);
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct revoke_race r;

	revoke_race_init(&r, t);
	INIT_WORK(&r.unmap_work, async_unmap_work);
	r.job = texp_fence();
	assert_non_null(r.job);
	timp_init(&r.imp, "async-importer");
	r.imp.attach = dma_buf_mapping_attach(t->dmabuf, &r.imp.dev, pal, 1,
					      &async_importer_ops, &r);
	assert_false(IS_ERR(r.imp.attach));
	r.imp.pal = dma_buf_map_phys_unlocked(r.imp.attach);
	assert_false(IS_ERR(r.imp.pal));
	dmb_run_threads(2, async_unmap_thread, &r);
	flush_work(&r.unmap_work);
	assert_false(r.saw_done_first);
	assert_int_equal(r.mapped_at_return, 0);
	assert_null(r.imp.pal);
	assert_int_equal(atomic_read(&r.imp.invalidated), 1);
	dma_buf_detach(t->dmabuf, r.imp.attach);
	dma_fence_put(r.job);
	revoke_race_fini(&r);
	dma_buf_put(t->dmabuf);
	tp_free(plat);
}

/* Restore invalidates too (importers map again), as VFIO's un-revoke. */
static void test_restore_invalidates(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC | TEXP_NO_SGT |
				TEXP_REVOCABLE_ONLY);
	static const enum dma_buf_mapping_type pal[] = { DMA_BUF_MAPPING_PAL };
	struct timp imp;

	timp_init(&imp, "imp");
	imp.attach = dma_buf_mapping_attach(t->dmabuf, &imp.dev, pal, 1,
					    &timp_ops, &imp);
	assert_false(IS_ERR(imp.attach));
	texp_revoke(t);
	assert_int_equal(atomic_read(&imp.invalidated), 1);
	texp_restore(t);
	assert_int_equal(atomic_read(&imp.invalidated), 2);
	assert_false(dma_buf_is_revoked(t->dmabuf));
	dma_buf_detach(t->dmabuf, imp.attach);
	dma_buf_put(t->dmabuf);
	tp_free(plat);
}

static void test_vmap(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_VMAP), *nov = tp_buf(0);
	struct iosys_map a, b;

	assert_int_equal(dma_buf_vmap_unlocked(t->dmabuf, &a), 0);
	assert_ptr_equal(a.vaddr, t->backing);
	assert_int_equal(dma_buf_vmap_unlocked(t->dmabuf, &b), 0);
	assert_true(iosys_map_is_equal(&a, &b));
	assert_int_equal(t->dmabuf->vmapping_counter, 2);
	assert_int_equal(atomic_read(&t->vmaps), 1);
	dma_buf_vunmap_unlocked(t->dmabuf, &b);
	assert_int_equal(atomic_read(&t->vunmaps), 0);
	dma_buf_vunmap_unlocked(t->dmabuf, &a);
	assert_int_equal(atomic_read(&t->vunmaps), 1);
	assert_int_equal(dma_buf_vmap_unlocked(nov->dmabuf, &a), -EINVAL);
	assert_true(iosys_map_is_null(&a));
	dmb_expect_reports(REPORT_LOCKDEP, 2);	/* core + exporter */
	assert_int_equal(dma_buf_vmap(t->dmabuf, &a), 0);
	dma_resv_lock(t->dmabuf->resv, NULL);
	dma_buf_vunmap(t->dmabuf, &a);
	dma_resv_unlock(t->dmabuf->resv);
	dma_buf_put(t->dmabuf);
	dma_buf_put(nov->dmabuf);
	tp_free(plat);
}

/*
 * Issue 10 #5: nobody invalidates a vmap address, so the vmap of a
 * dynamic exporter's buffer pins it (a move gets -EBUSY) until the last
 * vunmap, as amdgpu's vmap pins its BO.
 */
static void test_vmap_pins_dynamic_buffer(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_VMAP | TEXP_DYNAMIC);
	struct iosys_map a, b;

	assert_int_equal(dma_buf_vmap_unlocked(t->dmabuf, &a), 0);
	assert_int_equal(dma_buf_vmap_unlocked(t->dmabuf, &b), 0);
	assert_int_equal(texp_move(t), -EBUSY);
	dma_buf_vunmap_unlocked(t->dmabuf, &b);
	assert_int_equal(texp_move(t), -EBUSY);
	dma_buf_vunmap_unlocked(t->dmabuf, &a);
	dma_resv_lock(t->dmabuf->resv, NULL);
	assert_false(dma_buf_is_pinned(t->dmabuf));
	dma_resv_unlock(t->dmabuf->resv);
	assert_int_equal(texp_move(t), 0);
	dma_buf_put(t->dmabuf);
	tp_free(plat);
}

static void test_bufinfo(void **state)
{
	struct platform *plat = tp_setup();
	struct texp *t = tp_buf(TEXP_DYNAMIC);
	int fd = dma_buf_fd(t->dmabuf, 0);
	struct dma_fence *f = texp_fence();
	struct timp imp;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	timp_init(&imp, "gpu7");
	imp.attach = dma_buf_dynamic_attach(t->dmabuf, &imp.dev, &timp_ops,
					    &imp);
	imp.sgt = dma_buf_map_attachment_unlocked(imp.attach,
						  DMA_BIDIRECTIONAL);
	assert_false(IS_ERR(imp.sgt));
	add_fence(t->dmabuf, f, DMA_RESV_USAGE_WRITE);
	assert_int_equal(sys_ioctl(fd, DMA_BUF_SET_NAME_B,
				   (unsigned long)"frame0"), 0);
	/* Linux's format: the device name alone, no dmabridge lines. */
	out = open_memstream(&text, &len);
	assert_int_equal(dma_buf_debug_show(plat, out, 0), 0);
	fclose(out);
	assert_non_null(strstr(text, "\nDma-buf Objects:\nsize    \tflags   "
				     "\tmode    \tcount   \texp_name\tino     "
				     "\tname\n00065536\t"));
	assert_non_null(strstr(text, "\ttexp\t"));
	assert_non_null(strstr(text, "\tframe0\n\twrite fence:"));
	assert_non_null(strstr(text, "\tAttached Devices:\n\tgpu7\n"
				     "Total 1 devices attached\n\n"));
	assert_non_null(strstr(text, "\nTotal 1 objects, 65536 bytes\n"));
	assert_null(strstr(text, "State:"));
	free(text);
	/* With the extras: state, CPU mappings, each attachment's type. */
	out = open_memstream(&text, &len);
	assert_int_equal(dma_buf_debug_show(plat, out, DMA_BUF_BUFINFO_EXTRAS),
			 0);
	fclose(out);
	assert_non_null(strstr(text, "gpu7\tsgt dynamic,revocable mapped"));
	assert_non_null(strstr(text, "CPU mappings: 0"));
	assert_int_equal(dma_buf_debug_show(NULL, stdout, 0), -EINVAL);
	free(text);
	dma_fence_signal(f);
	dma_fence_put(f);
	dma_buf_unmap_attachment_unlocked(imp.attach, imp.sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(t->dmabuf, imp.attach);
	assert_int_equal(sys_close(fd), 0);
	tp_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_export_fd_get_put),
		dmb_unit_test(test_export_invalid),
		dmb_unit_test(test_pass_fd_between_processes),
		dmb_unit_test(test_llseek),
		dmb_unit_test(test_set_name),
		dmb_unit_test(test_sync_ioctl_flags),
		dmb_unit_test(test_sync_ioctl_waits),
		dmb_unit_test(test_poll),
		dmb_unit_test(test_sync_file_export_import),
		dmb_unit_test(test_attach_negotiation),
		dmb_unit_test(test_pin_rules),
		dmb_unit_test(test_static_map_waits_kernel_fence),
		dmb_unit_test(test_detach_while_mapped_refused),
		dmb_unit_test(test_invalidate_and_move),
		dmb_unit_test(test_revoke_restore),
		dmb_unit_test(test_revoke_warns_and_reports_stuck_importer),
		dmb_unit_test(test_revoke_waits_bookkeep_fences),
		dmb_unit_test(test_revoke_waits_async_unmap),
		dmb_unit_test(test_restore_invalidates),
		dmb_unit_test(test_vmap),
		dmb_unit_test(test_vmap_pins_dynamic_buffer),
		dmb_unit_test(test_bufinfo),
	};

	return dmb_run_tests(tests);
}
