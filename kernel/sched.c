// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks, `current`, kernel threads, signals and sleeping. Every thread
 * has a parker (mutex + condition variable); wait-queue entries point at
 * it, so set_current_state() / check / schedule() never loses a wake-up.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <dmabridge/sched.h>
#include <dmabridge/wait.h>
#include <dmabridge/fs.h>
#include <dmabridge/slab.h>
#include <dmabridge/platform.h>
#include <dmabridge/bug.h>
#include <dmabridge/explore.h>

struct parker {
	pthread_mutex_t m;
	pthread_cond_t cond;
	int state;
	bool woken;
	struct task_struct *task;
};

__thread struct task_struct *__current_task;
static __thread struct parker *tls_parker;
static pthread_key_t parker_key;
static pthread_once_t parker_once = PTHREAD_ONCE_INIT;
/* Serialises task->parker against a thread exiting (send_sig, wake). */
static pthread_mutex_t parker_attach_lock = PTHREAD_MUTEX_INITIALIZER;

static void parker_destroy(void *arg)
{
	struct parker *p = arg;

	pthread_mutex_lock(&parker_attach_lock);
	if (p->task && p->task->parker == p)
		p->task->parker = NULL;
	pthread_mutex_unlock(&parker_attach_lock);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->m);
	free(p);
}

static void parker_key_init(void)
{
	pthread_key_create(&parker_key, parker_destroy);
}

struct parker *current_parker(void)
{
	struct parker *p = tls_parker;
	pthread_condattr_t attr;

	if (likely(p))
		return p;
	pthread_once(&parker_once, parker_key_init);
	p = calloc(1, sizeof(*p));
	BUG_ON(!p);
	pthread_mutex_init(&p->m, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &attr);
	pthread_condattr_destroy(&attr);
	tls_parker = p;
	pthread_setspecific(parker_key, p);
	return p;
}

static void parker_wake(struct parker *p)
{
	pthread_mutex_lock(&p->m);
	p->woken = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->m);
	explore_wake(p);
}

struct task_struct *set_current(struct task_struct *t)
{
	struct task_struct *old = __current_task;
	struct parker *p = current_parker();

	pthread_mutex_lock(&parker_attach_lock);
	if (old && old->parker == p)
		old->parker = NULL;
	if (t)
		t->parker = p;
	p->task = t;
	pthread_mutex_unlock(&parker_attach_lock);
	__current_task = t;
	return old;
}

struct platform *current_platform(void)
{
	return current ? current->platform : NULL;
}

static struct task_struct *task_alloc(struct platform *plat, const char *comm)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->platform = plat;
	spin_lock_init(&t->alloc_lock);
	snprintf(t->comm, sizeof(t->comm), "%s", comm ? comm : "task");
	refcount_set(&t->usage, 1);
	if (plat)
		t->pid = atomic_inc_return(&plat->next_pid);
	t->tgid = t->pid;
	return t;
}

static void task_link(struct task_struct *t)
{
	struct platform *plat = t->platform;

	if (!plat)
		return;
	spin_lock(&plat->tasks_lock);
	plat->nr_tasks++;
	spin_unlock(&plat->tasks_lock);
}

struct task_struct *task_create(struct platform *plat, const char *comm)
{
	struct task_struct *t = task_alloc(plat, comm);

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->files = files_alloc();
	if (!t->files) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	task_link(t);
	return t;
}

struct task_struct *task_create_thread(struct task_struct *leader,
				       const char *comm)
{
	struct task_struct *t;

	if (!leader)
		return ERR_PTR(-EINVAL);
	t = task_alloc(leader->platform, comm);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->tgid = leader->tgid;
	task_lock(leader);
	if (!leader->files) {
		/* The leader has exited: no process to join. */
		task_unlock(leader);
		kfree(t);
		return ERR_PTR(-ESRCH);
	}
	t->files = get_files_struct(leader->files);
	t->mm = leader->mm;
	if (t->mm)
		mmget(t->mm);
	task_unlock(leader);
	task_link(t);
	return t;
}

struct task_struct *get_task_struct(struct task_struct *t)
{
	refcount_inc(&t->usage);
	return t;
}

void put_task_struct(struct task_struct *t)
{
	struct platform *plat;

	if (!t || !refcount_dec_and_test(&t->usage))
		return;
	WARN_ON(t->mm || t->files);
	spin_lock_destroy(&t->alloc_lock);
	plat = t->platform;
	if (plat) {
		spin_lock(&plat->tasks_lock);
		plat->nr_tasks--;
		spin_unlock(&plat->tasks_lock);
	}
	kfree(t);
}

void task_exit(struct task_struct *t)
{
	struct files_struct *files;
	struct mm_struct *mm;

	if (!t)
		return;
	task_lock(t);
	files = t->files;
	mm = t->mm;
	t->files = NULL;
	t->mm = NULL;
	task_unlock(t);
	/* The last user of the table closes every fd (put_files_struct). */
	if (files)
		put_files_struct(files);
	if (mm)
		mmput(mm);
	put_task_struct(t);
}

__attribute__((weak)) void mmget(struct mm_struct *mm)
{
	WARN(mm, "mmget() without mm/ linked in");
}

__attribute__((weak)) void mmput(struct mm_struct *mm)
{
	WARN(mm, "mmput() without mm/ linked in");
}

/* Kernel threads. */
static void *kthread_start(void *arg)
{
	struct task_struct *t = arg;

	set_current(t);
	t->exit_code = t->threadfn(t->data);
	set_current(NULL);
	return NULL;
}

struct task_struct *kthread_run(struct platform *plat, int (*fn)(void *),
				void *data, const char *comm)
{
	struct task_struct *t;

	if (!fn)
		return ERR_PTR(-EINVAL);
	t = task_alloc(plat, comm);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->kthread = true;
	t->threadfn = fn;
	t->data = data;
	task_link(t);
	/* Exploring: the kthread is one of the run's threads. */
	if (explore_active() && explore_current()) {
		t->explore = explore_thread_create(kthread_start, t);
		if (!t->explore) {
			put_task_struct(t);
			return ERR_PTR(-EAGAIN);
		}
		return t;
	}
	if (pthread_create(&t->thread, NULL, kthread_start, t)) {
		put_task_struct(t);
		return ERR_PTR(-EAGAIN);
	}
	return t;
}

bool kthread_should_stop(void)
{
	return current && __atomic_load_n(&current->should_stop,
					  __ATOMIC_ACQUIRE);
}

int kthread_stop(struct task_struct *t)
{
	int ret;

	if (WARN_ON(!t || !t->kthread))
		return -EINVAL;
	__atomic_store_n(&t->should_stop, true, __ATOMIC_RELEASE);
	wake_up_process(t);
	if (t->explore)
		explore_thread_join(t->explore);
	else
		pthread_join(t->thread, NULL);
	ret = t->exit_code;
	put_task_struct(t);
	return ret;
}

/* Signals. */
int wake_up_process(struct task_struct *t)
{
	struct parker *p;

	if (!t)
		return 0;
	pthread_mutex_lock(&parker_attach_lock);
	p = t->parker;
	if (p)
		parker_wake(p);
	pthread_mutex_unlock(&parker_attach_lock);
	return p != NULL;
}

void send_sig(int sig, struct task_struct *t)
{
	struct parker *p;

	if (!t || sig <= 0 || sig >= 64)
		return;
	__atomic_fetch_or(&t->pending, 1UL << sig, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&parker_attach_lock);
	p = t->parker;
	if (p) {
		/* Not a wake-up: the sleeper re-checks signal_pending(). */
		pthread_mutex_lock(&p->m);
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->m);
		explore_wake(p);
	}
	pthread_mutex_unlock(&parker_attach_lock);
}

bool signal_pending(struct task_struct *t)
{
	return t && __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE);
}

bool fatal_signal_pending(struct task_struct *t)
{
	return t && (__atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) &
		     (1UL << SIGKILL));
}

void flush_signals(struct task_struct *t)
{
	if (t)
		__atomic_store_n(&t->pending, 0, __ATOMIC_RELEASE);
}

bool signal_pending_state(int state, struct task_struct *t)
{
	if (state == TASK_INTERRUPTIBLE)
		return signal_pending(t);
	if (state == TASK_KILLABLE)
		return fatal_signal_pending(t);
	return false;
}

/* Sleeping. */
void set_current_state(int state)
{
	struct parker *p = current_parker();

	pthread_mutex_lock(&p->m);
	p->state = state;
	if (state != TASK_RUNNING)
		p->woken = false;
	pthread_mutex_unlock(&p->m);
}

void __set_current_state(int state)
{
	set_current_state(state);
}

/* A sleep ends on a wake-up, a signal the state allows, or TASK_RUNNING. */
static bool sleep_over(struct parker *p)
{
	return p->woken || p->state == TASK_RUNNING ||
	       signal_pending_state(p->state, current);
}

static struct timespec deadline_after(long timeout)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout / 1000;
	ts.tv_nsec += (timeout % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static bool parker_sleep_over(void *arg)
{
	struct parker *p = arg;
	bool over;

	pthread_mutex_lock(&p->m);
	over = sleep_over(p);
	pthread_mutex_unlock(&p->m);
	return over;
}

/*
 * Exploring: sleep by telling the scheduler we wait for our parker. Time
 * is virtual: it passes only when nothing else can run, to the earliest
 * sleeper's deadline, so the shortest sleep times out first.
 */
static long schedule_timeout_explored(struct parker *p, long timeout)
{
	while (timeout && !parker_sleep_over(p))
		timeout = __explore_block_timeout(p, timeout,
						  parker_sleep_over, p);
	pthread_mutex_lock(&p->m);
	p->woken = false;
	p->state = TASK_RUNNING;
	pthread_mutex_unlock(&p->m);
	return timeout;
}

long schedule_timeout(long timeout)
{
	struct parker *p = current_parker();
	ktime_t start = ktime_get();
	struct timespec dl;
	long left;

	might_sleep();
	if (explore_active() && explore_current() && timeout >= 0)
		return schedule_timeout_explored(p, timeout);

	if (timeout < 0) {
		WARN(1, "schedule_timeout: wrong timeout value %ld", timeout);
		timeout = 0;
	}
	if (timeout != MAX_SCHEDULE_TIMEOUT)
		dl = deadline_after(timeout);
	pthread_mutex_lock(&p->m);
	while (!sleep_over(p)) {
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			pthread_cond_wait(&p->cond, &p->m);
		} else if (!timeout ||
			   pthread_cond_timedwait(&p->cond, &p->m, &dl)) {
			break;
		}
	}
	p->woken = false;
	p->state = TASK_RUNNING;
	pthread_mutex_unlock(&p->m);
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return timeout;
	left = timeout - (long)((ktime_get() - start) / NSEC_PER_MSEC);
	return left > 0 ? left : 0;
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

long schedule_timeout_interruptible(long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	struct timespec ts = { msecs / 1000, (msecs % 1000) * 1000000L };

	/* Exploring: a sleep in a polling loop lets everybody else run. */
	if (explore_active() && explore_current()) {
		__explore_yield("msleep");
		return;
	}

	while (nanosleep(&ts, &ts))
		;
}

void cond_resched(void)
{
	if (explore_active() && explore_current()) {
		__explore_yield("cond_resched");
		return;
	}
	sched_yield();
}

/* Wait queue entries wake the parker they point at. */
int default_wake_function(struct wait_queue_entry *wq_entry,
			  unsigned int mode, int flags, void *key)
{
	parker_wake(wq_entry->private);
	return 1;
}
