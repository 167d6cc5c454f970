// SPDX-License-Identifier: GPL-2.0
/* mutex, rwsem, spinlock, seqcount: exclusion, trylocks, signals, fairness. */
#include <sched.h>
#include "dmb_test.h"
#include <dmabridge/mutex.h>
#include <dmabridge/rwsem.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/seqlock.h>
#include <dmabridge/sched.h>
#include <dmabridge/atomic.h>
#include <dmabridge/platform.h>

#define LT 4
#define LT_ROUNDS 20000

struct excl {
	struct mutex m;
	spinlock_t s;
	long counter;		/* plain: TSan flags a broken lock */
	long a, b;
};

static void mutex_thread(int idx, void *p)
{
	struct excl *e = p;
	int i;

	for (i = 0; i < LT_ROUNDS; i++) {
		if (i & 1) {
			mutex_lock(&e->m);
		} else {
			while (!mutex_trylock(&e->m))
				sched_yield();
		}
		e->counter++;
		mutex_unlock(&e->m);
	}
}

static void spin_thread(int idx, void *p)
{
	struct excl *e = p;
	unsigned long flags;
	int i;

	for (i = 0; i < LT_ROUNDS; i++) {
		if (i & 1) {
			spin_lock_irqsave(&e->s, flags);
			e->counter++;
			spin_unlock_irqrestore(&e->s, flags);
		} else {
			while (!spin_trylock(&e->s))
				sched_yield();
			e->counter++;
			spin_unlock(&e->s);
		}
	}
}

static void test_mutex_and_spin_exclusion(void **state)
{
	struct excl e = { 0 };

	mutex_init(&e.m);
	spin_lock_init(&e.s);
	dmb_run_threads(LT, mutex_thread, &e);
	assert_int_equal(e.counter, LT * LT_ROUNDS);
	e.counter = 0;
	dmb_run_threads(LT, spin_thread, &e);
	assert_int_equal(e.counter, LT * LT_ROUNDS);
	assert_false(mutex_is_locked(&e.m));
	assert_false(spin_is_locked(&e.s));
	mutex_destroy(&e.m);
	spin_lock_destroy(&e.s);
}

struct lock_arg {
	struct mutex m;
	struct rw_semaphore sem;
	struct task_struct *task;
	atomic_t trying;
	int ret;
	int op;
};

static int try_other_thread(void *p)
{
	struct lock_arg *a = p;

	switch (a->op) {
	case 0:
		a->ret = mutex_trylock(&a->m);
		if (a->ret)
			mutex_unlock(&a->m);
		break;
	case 1:
		a->ret = down_read_trylock(&a->sem);
		if (a->ret)
			up_read(&a->sem);
		break;
	case 2:
		a->ret = down_write_trylock(&a->sem);
		if (a->ret)
			up_write(&a->sem);
		break;
	}
	return 0;
}

static int trylock_from_thread(struct platform *plat, struct lock_arg *a,
			       int op)
{
	struct task_struct *t;

	a->op = op;
	t = kthread_run(plat, try_other_thread, a, "try");
	kthread_stop(t);
	return a->ret;
}

static void test_trylocks(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct lock_arg a = { 0 };

	mutex_init(&a.m);
	init_rwsem(&a.sem);
	mutex_lock(&a.m);
	assert_true(mutex_is_locked(&a.m));
	assert_int_equal(trylock_from_thread(plat, &a, 0), 0);
	mutex_unlock(&a.m);
	assert_int_equal(trylock_from_thread(plat, &a, 0), 1);

	down_read(&a.sem);
	assert_true(rwsem_is_locked(&a.sem));
	assert_int_equal(trylock_from_thread(plat, &a, 1), 1);
	assert_int_equal(trylock_from_thread(plat, &a, 2), 0);
	up_read(&a.sem);
	assert_false(rwsem_is_locked(&a.sem));
	down_write(&a.sem);
	assert_int_equal(trylock_from_thread(plat, &a, 1), 0);
	assert_int_equal(trylock_from_thread(plat, &a, 2), 0);
	downgrade_write(&a.sem);
	assert_int_equal(trylock_from_thread(plat, &a, 1), 1);
	assert_int_equal(trylock_from_thread(plat, &a, 2), 0);
	up_read(&a.sem);
	assert_true(down_write_trylock(&a.sem));
	up_write(&a.sem);
	assert_true(down_read_trylock(&a.sem));
	up_read(&a.sem);
	down_read_nested(&a.sem, 0);
	up_read(&a.sem);
	down_write_nested(&a.sem, 0);
	up_write(&a.sem);
	assert_int_equal(down_read_interruptible(&a.sem), 0);
	up_read(&a.sem);
	assert_int_equal(down_read_killable(&a.sem), 0);
	up_read(&a.sem);
	assert_int_equal(down_write_killable(&a.sem), 0);
	up_write(&a.sem);
	/* Unbalanced unlocks warn and change nothing. */
	dmb_expect_reports(REPORT_WARN, 3);
	mutex_unlock(&a.m);
	up_read(&a.sem);
	up_write(&a.sem);
	assert_false(rwsem_is_locked(&a.sem));
	rwsem_destroy(&a.sem);
	mutex_destroy(&a.m);
	dmb_kernel_platform_free(plat);
}

static int signalled_locker(void *p)
{
	struct lock_arg *a = p;

	atomic_set_release(&a->trying, 1);
	switch (a->op) {
	case 0:
		a->ret = mutex_lock_interruptible(&a->m);
		break;
	case 1:
		a->ret = mutex_lock_killable(&a->m);
		break;
	case 2:
		a->ret = down_read_killable(&a->sem);
		break;
	case 3:
		a->ret = down_write_killable(&a->sem);
		break;
	case 4:
		a->ret = down_read_interruptible(&a->sem);
		break;
	}
	if (!a->ret) {
		if (a->op < 2)
			mutex_unlock(&a->m);
		else if (a->op == 3)
			up_write(&a->sem);
		else
			up_read(&a->sem);
	}
	return 0;
}

static void test_signal_interrupts_lock_wait(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct lock_arg a = { 0 };
	struct task_struct *t;
	int op;

	mutex_init(&a.m);
	init_rwsem(&a.sem);
	mutex_lock(&a.m);
	down_write(&a.sem);
	for (op = 0; op < 5; op++) {
		atomic_set(&a.trying, 0);
		a.op = op;
		a.ret = 1;
		t = kthread_run(plat, signalled_locker, &a, "locker");
		while (!atomic_read_acquire(&a.trying))
			sched_yield();
		send_sig(op == 0 || op == 4 ? SIGUSR1 : SIGKILL, t);
		kthread_stop(t);
		assert_int_equal(a.ret, -EINTR);
	}
	up_write(&a.sem);
	/* A writer that gave up no longer holds readers off. */
	assert_true(down_read_trylock(&a.sem));
	up_read(&a.sem);
	down_read(&a.sem);
	a.op = 3;
	t = kthread_run(plat, signalled_locker, &a, "locker");
	while (!atomic_read_acquire(&a.trying))
		sched_yield();
	send_sig(SIGKILL, t);
	kthread_stop(t);
	assert_int_equal(a.ret, -EINTR);
	assert_int_equal(trylock_from_thread(plat, &a, 1), 1);
	up_read(&a.sem);

	/* A non-fatal signal does not end a killable wait. */
	a.op = 1;
	atomic_set(&a.trying, 0);
	t = kthread_run(plat, signalled_locker, &a, "locker");
	while (!atomic_read_acquire(&a.trying))
		sched_yield();
	send_sig(SIGUSR1, t);
	msleep(5);
	mutex_unlock(&a.m);
	kthread_stop(t);
	assert_int_equal(a.ret, 0);
	rwsem_destroy(&a.sem);
	mutex_destroy(&a.m);
	dmb_kernel_platform_free(plat);
}

/* rwsem: readers see consistent data; a writer gets in despite readers. */
struct rw_stress {
	struct rw_semaphore sem;
	long a, b;
	atomic_t writer_done;
	atomic_t bad;
	atomic_t overlap_readers;
	atomic_t readers_in;
};

static void rw_thread(int idx, void *p)
{
	struct rw_stress *s = p;
	int i;

	if (idx == 0) {
		for (i = 0; i < 300; i++) {
			down_write(&s->sem);
			if (atomic_read(&s->readers_in))
				atomic_inc(&s->bad);
			s->a++;
			s->b += 2;
			up_write(&s->sem);
		}
		atomic_set(&s->writer_done, 1);
		return;
	}
	/* Readers overlap each other continuously until the writer is done. */
	while (!atomic_read(&s->writer_done)) {
		down_read(&s->sem);
		if (atomic_inc_return(&s->readers_in) > 1)
			atomic_inc(&s->overlap_readers);
		if (s->b != 2 * s->a)
			atomic_inc(&s->bad);
		sched_yield();
		atomic_dec(&s->readers_in);
		up_read(&s->sem);
	}
}

static void test_rwsem_stress(void **state)
{
	struct rw_stress *s = calloc(1, sizeof(*s));

	init_rwsem(&s->sem);
	dmb_run_threads(4, rw_thread, s);
	assert_int_equal(atomic_read(&s->bad), 0);
	assert_int_equal(s->a, 300);
	assert_int_equal(s->b, 600);
	rwsem_destroy(&s->sem);
	free(s);
}

/* A waiting writer blocks new readers. */
static int writer_fn(void *p)
{
	struct lock_arg *a = p;

	atomic_set_release(&a->trying, 1);
	down_write(&a->sem);
	up_write(&a->sem);
	return 0;
}

static void test_writer_blocks_new_readers(void **state)
{
	struct platform *plat = dmb_kernel_platform();
	struct lock_arg a = { 0 };
	struct task_struct *t;
	int waiting;

	init_rwsem(&a.sem);
	down_read(&a.sem);
	t = kthread_run(plat, writer_fn, &a, "writer");
	do {
		sched_yield();
		pthread_mutex_lock(&a.sem.m);
		waiting = a.sem.writers_waiting;
		pthread_mutex_unlock(&a.sem.m);
	} while (!waiting);
	assert_int_equal(trylock_from_thread(plat, &a, 1), 0);
	up_read(&a.sem);
	kthread_stop(t);
	assert_int_equal(trylock_from_thread(plat, &a, 1), 1);
	rwsem_destroy(&a.sem);
	dmb_kernel_platform_free(plat);
}

/* seqcount: a reader that overlapped a writer retries; data never torn. */
struct seq_stress {
	seqcount_t seq;
	seqlock_t sl;
	spinlock_t wlock;
};

static void test_seqcount(void **state)
{
	struct seq_stress *s = calloc(1, sizeof(*s));
	unsigned int seq;

	seqcount_init(&s->seq);
	seqlock_init(&s->sl);
	spin_lock_init(&s->wlock);
	/* Deterministic: a write in between forces a retry. */
	seq = read_seqcount_begin(&s->seq);
	assert_false(read_seqcount_retry(&s->seq, seq));
	write_seqcount_begin(&s->seq);
	assert_true(raw_read_seqcount(&s->seq) & 1);
	write_seqcount_end(&s->seq);
	assert_true(read_seqcount_retry(&s->seq, seq));
	seq = read_seqcount_begin(&s->seq);
	write_seqcount_invalidate(&s->seq);
	assert_true(read_seqcount_retry(&s->seq, seq));
	seq = read_seqbegin(&s->sl);
	write_seqlock(&s->sl);
	write_sequnlock(&s->sl);
	assert_true(read_seqretry(&s->sl, seq));
	free(s);
}

/* One writer under one seqcount; readers must see a == -b. */
struct seq_pair {
	seqcount_t seq;
	spinlock_t wlock;
	long a, b;
	atomic_t stop, torn, retries;
};

static void seq_pair_thread(int idx, void *p)
{
	struct seq_pair *s = p;
	int i;

	if (idx == 0) {
		for (i = 0; i < 30000; i++) {
			spin_lock(&s->wlock);
			write_seqcount_begin(&s->seq);
			WRITE_ONCE(s->a, i);
			sched_yield();	/* widen the window */
			WRITE_ONCE(s->b, -i);
			write_seqcount_end(&s->seq);
			spin_unlock(&s->wlock);
		}
		atomic_set(&s->stop, 1);
		return;
	}
	while (!atomic_read(&s->stop)) {
		unsigned int seq;
		long a, b;

		do {
			seq = read_seqcount_begin(&s->seq);
			a = READ_ONCE(s->a);
			b = READ_ONCE(s->b);
		} while (read_seqcount_retry(&s->seq, seq) &&
			 (atomic_inc(&s->retries), 1));
		if (a != -b)
			atomic_inc(&s->torn);
	}
}

static void test_seqcount_stress(void **state)
{
	struct seq_pair *s = calloc(1, sizeof(*s));

	seqcount_init(&s->seq);
	spin_lock_init(&s->wlock);
	dmb_run_threads(3, seq_pair_thread, s);
	assert_int_equal(atomic_read(&s->torn), 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		dmb_unit_test(test_mutex_and_spin_exclusion),
		dmb_unit_test(test_trylocks),
		dmb_unit_test(test_signal_interrupts_lock_wait),
		dmb_unit_test(test_rwsem_stress),
		dmb_unit_test(test_writer_blocks_new_readers),
		dmb_unit_test(test_seqcount),
		dmb_unit_test(test_seqcount_stress),
	};

	return dmb_run_tests(tests);
}
