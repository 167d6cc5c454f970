// SPDX-License-Identifier: GPL-2.0
/* mmu_interval_notifier: events, sequence numbers, waits, deferral. */
#include <pthread.h>
#include <dmabridge/completion.h>
#include <dmabridge/mutex.h>
#include "mm_test.h"

struct mirror {
	struct mmu_interval_notifier sub;
	struct mutex lock;
	int calls;
	unsigned long start, end;
	enum mmu_notifier_event event;
	/* blocking mode */
	bool block;
	struct completion entered, release;
	bool done;
};

static bool mirror_invalidate(struct mmu_interval_notifier *sub,
			      const struct mmu_notifier_range *range,
			      unsigned long cur_seq)
{
	struct mirror *m = container_of(sub, struct mirror, sub);

	assert_true(mmu_notifier_range_blockable(range));
	mutex_lock(&m->lock);
	mmu_interval_set_seq(sub, cur_seq);
	m->calls++;
	m->start = range->start;
	m->end = range->end;
	m->event = range->event;
	mutex_unlock(&m->lock);
	if (m->block) {
		complete(&m->entered);
		wait_for_completion(&m->release);
		__atomic_store_n(&m->done, true, __ATOMIC_RELEASE);
	}
	return true;
}

static const struct mmu_interval_notifier_ops mirror_ops = {
	.invalidate = mirror_invalidate,
};

static void mirror_init(struct mirror *m)
{
	memset(m, 0, sizeof(*m));
	mutex_init(&m->lock);
	init_completion(&m->entered);
	init_completion(&m->release);
}

static void expect_call(struct mirror *m, int calls, unsigned long start,
			unsigned long end, enum mmu_notifier_event ev)
{
	assert_int_equal(m->calls, calls);
	assert_int_equal(m->start, start);
	assert_int_equal(m->end, end);
	assert_int_equal(m->event, ev);
}

static void test_notifier_events(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 8 * MiB);
	struct mm_struct *mm = current->mm;
	unsigned long a = map_anon(8 * PAGE_SIZE, PROT_RW), seq;
	struct mirror m, other;
	struct page *page;
	char c = 1;

	mirror_init(&m);
	mirror_init(&other);
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, mm, a,
						      4 * PAGE_SIZE,
						      &mirror_ops), 0);
	assert_int_equal(mmu_interval_notifier_insert(&other.sub, mm,
						      a + 6 * PAGE_SIZE,
						      PAGE_SIZE, &mirror_ops),
			 0);
	assert_int_equal(mmu_interval_notifier_count(mm), 2);
	seq = mmu_interval_read_begin(&m.sub);
	assert_false(mmu_interval_read_retry(&m.sub, seq));

	assert_int_equal(cpu_write(a, &c, 1), 0);	/* faults don't notify */
	assert_int_equal(m.calls, 0);
	assert_int_equal(sys_madvise(a, PAGE_SIZE, MADV_DONTNEED), 0);
	expect_call(&m, 1, a, a + PAGE_SIZE, MMU_NOTIFY_CLEAR);
	assert_true(mmu_interval_check_retry(&m.sub, seq));
	assert_true(mmu_interval_read_retry(&m.sub, seq));
	seq = mmu_interval_read_begin(&m.sub);
	assert_false(mmu_interval_read_retry(&m.sub, seq));

	assert_int_equal(sys_mprotect(a, 2 * PAGE_SIZE, PROT_READ), 0);
	expect_call(&m, 2, a, a + 2 * PAGE_SIZE, MMU_NOTIFY_PROTECTION_VMA);
	assert_int_equal(sys_mprotect(a, 2 * PAGE_SIZE, PROT_RW), 0);
	assert_int_equal(cpu_write(a + PAGE_SIZE, &c, 1), 0);
	assert_int_equal(pin_user_pages_fast(a + PAGE_SIZE, 1, FOLL_LONGTERM,
					     &page), 1);
	expect_call(&m, 4, a + PAGE_SIZE, a + 2 * PAGE_SIZE,
		    MMU_NOTIFY_MIGRATE);
	unpin_user_page(page);
	assert_int_equal(sys_munmap(a + 2 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	expect_call(&m, 5, a + 2 * PAGE_SIZE, a + 6 * PAGE_SIZE,
		    MMU_NOTIFY_UNMAP);
	/* Outside its interval: never called. */
	assert_int_equal(other.calls, 0);
	assert_false(mmu_interval_read_retry(&m.sub, m.sub.invalidate_seq));
	mmu_interval_notifier_remove(&other.sub);
	mmu_interval_notifier_remove(&m.sub);
	assert_int_equal(mmu_interval_notifier_count(mm), 0);
	/* After remove: no more calls. */
	assert_int_equal(sys_munmap(a, 8 * PAGE_SIZE), 0);
	assert_int_equal(m.calls, 5);
	mutex_destroy(&m.lock);
	mutex_destroy(&other.lock);
	mm_test_platform_free(plat);
}

static void test_notifier_errors_and_exit(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct task_struct *self = current, *p;
	struct mm_struct *mm;
	struct mirror m;
	unsigned long a;

	mirror_init(&m);
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, current->mm, 0,
						      0, &mirror_ops),
			 -EOVERFLOW);
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, current->mm,
						      -PAGE_SIZE, 2 * PAGE_SIZE,
						      &mirror_ops),
			 -EOVERFLOW);
	/* The notifier keeps the mm_struct alive past process exit. */
	p = process_create(plat, "exiting");
	set_current(p);
	a = map_anon(PAGE_SIZE, PROT_RW);
	mm = p->mm;
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, mm, a, PAGE_SIZE,
						      &mirror_ops), 0);
	set_current(self);
	task_exit(p);
	expect_call(&m, 1, 0, TASK_SIZE, MMU_NOTIFY_UNMAP);
	mmu_interval_notifier_remove(&m.sub);
	mutex_destroy(&m.lock);
	mm_test_platform_free(plat);
}

struct blk_ctx {
	struct task_struct *leader;
	struct mirror *m;
	struct mirror *late;
	unsigned long a;
	bool reader_saw_done;
};

static void blk_thread(int idx, void *arg)
{
	struct blk_ctx *ctx = arg;
	struct task_struct *t = task_create_thread(ctx->leader, "blk");
	unsigned long seq;

	set_current(t);
	if (idx == 0) {
		/* The invalidation: blocks inside the callback. */
		assert_int_equal(sys_munmap(ctx->a, PAGE_SIZE), 0);
	} else {
		wait_for_completion(&ctx->m->entered);
		/* Its callback ran: read_begin must wait for the end. */
		assert_true(mmu_interval_check_retry(&ctx->m->sub,
						     ctx->m->sub.invalidate_seq - 2));
		/* A notifier inserted now is deferred and waits too. */
		assert_int_equal(mmu_interval_notifier_insert(&ctx->late->sub,
							      current->mm,
							      ctx->a, PAGE_SIZE,
							      &mirror_ops), 0);
		complete(&ctx->m->release);
		seq = mmu_interval_read_begin(&ctx->m->sub);
		assert_true(__atomic_load_n(&ctx->m->done, __ATOMIC_ACQUIRE));
		assert_false(mmu_interval_read_retry(&ctx->m->sub, seq));
		seq = mmu_interval_read_begin(&ctx->late->sub);
		assert_false(mmu_interval_read_retry(&ctx->late->sub, seq));
	}
	set_current(NULL);
	task_exit(t);
}

static void test_read_begin_waits(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct blk_ctx ctx = { .leader = current };
	struct mirror m, late;

	mirror_init(&m);
	mirror_init(&late);
	m.block = true;
	ctx.m = &m;
	ctx.late = &late;
	ctx.a = map_anon(PAGE_SIZE, PROT_RW);
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, current->mm,
						      ctx.a, PAGE_SIZE,
						      &mirror_ops), 0);
	dmb_run_threads(2, blk_thread, &ctx);
	assert_int_equal(m.calls, 1);
	assert_int_equal(late.calls, 0);	/* inserted after the start */
	/* The deferred one is in the tree now. */
	ctx.a = sys_mmap(ctx.a, PAGE_SIZE, PROT_RW, MAP_ANON_PRIV | MAP_FIXED,
			 -1, 0);
	m.block = false;
	assert_int_equal(sys_munmap(ctx.a, PAGE_SIZE), 0);
	assert_int_equal(late.calls, 1);
	mmu_interval_notifier_remove(&late.sub);
	mmu_interval_notifier_remove(&m.sub);
	mutex_destroy(&m.lock);
	mutex_destroy(&late.lock);
	mm_test_platform_free(plat);
}

static void rm_thread(int idx, void *arg)
{
	struct blk_ctx *ctx = arg;
	struct task_struct *t = task_create_thread(ctx->leader, "rm");

	set_current(t);
	if (idx == 0) {
		assert_int_equal(sys_munmap(ctx->a, PAGE_SIZE), 0);
	} else {
		wait_for_completion(&ctx->m->entered);
		complete(&ctx->m->release);
		/* Returns only once the callback is over. */
		mmu_interval_notifier_remove(&ctx->m->sub);
		assert_true(__atomic_load_n(&ctx->m->done, __ATOMIC_ACQUIRE));
	}
	set_current(NULL);
	task_exit(t);
}

static void test_remove_waits(void **state)
{
	struct platform *plat = mm_test_platform(16 * MiB, 0);
	struct blk_ctx ctx = { .leader = current };
	struct mirror m;

	mirror_init(&m);
	m.block = true;
	ctx.m = &m;
	ctx.a = map_anon(PAGE_SIZE, PROT_RW);
	assert_int_equal(mmu_interval_notifier_insert(&m.sub, current->mm,
						      ctx.a, PAGE_SIZE,
						      &mirror_ops), 0);
	dmb_run_threads(2, rm_thread, &ctx);
	assert_int_equal(mmu_interval_notifier_count(current->mm), 0);
	mutex_destroy(&m.lock);
	mm_test_platform_free(plat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_notifier_events),
		dmb_unit_test(test_notifier_errors_and_exit),
		dmb_unit_test(test_read_begin_waits),
		dmb_unit_test(test_remove_waits),
	};

	return dmb_run_tests(tests);
}
