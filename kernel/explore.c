// SPDX-License-Identifier: GPL-2.0
/*
 * Deterministic schedule exploration (a dmabridge testing mode, not in
 * Linux; docs/RELIABILITY.md "Schedule exploration").
 *
 * One token: only the thread holding it runs; every other thread of the
 * run parks on its own condition variable (all under ex.lock). At a switch
 * point the holder asks the strategy who runs next and passes the token.
 * A blocked thread says what it waits for (an object address) and is not
 * chosen until somebody wakes that object; if nobody can run, the run is
 * a deadlock. Everything the strategy sees is decided by token holders, so
 * a seed gives the same choices every time.
 *
 * Service threads: work a thread of the run hands to a process-wide
 * thread (call_rcu() callbacks, irq_work) goes instead to a service
 * thread of the run, started by the token holder on first use, so its
 * steps are scheduled and replayed like any other thread's; when the body
 * returns, the services drain their queues and end.
 *
 * Threads outside the run (the caller's other threads, the process-wide
 * RCU and irq_work threads for work queued from outside) run freely; they
 * may wake run threads, which keeps the primitives correct but is outside
 * the seed's control.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dmabridge/explore.h>
#include <dmabridge/report.h>
#include <dmabridge/bug.h>

#define EX_MAX_THREADS 128
#define EX_UNTIMED LONG_MAX	/* MAX_SCHEDULE_TIMEOUT */

bool explore_on;

struct explore_thread {
	int id;
	pthread_t host;
	pthread_cond_t cv;
	void *(*fn)(void *);
	void *arg;
	const void *blocked_on;
	bool blocked, timed, timed_out, yielded, finished, joined;
	long deadline;		/* timed: the virtual jiffy its sleep ends */
	bool service;		/* a service thread: ends when the body does */
	const void *idle_on;	/* a service's wait for work */
	const char *name;
	long prio;
	int rcu_depth;
	jmp_buf kill_env;
};

static struct {
	pthread_mutex_t lock;
	struct explore_thread *t[EX_MAX_THREADS];
	int nr;
	int cur;
	uint64_t rng;
	const struct explore_opts *opts;
	long step;
	long vclock;		/* virtual jiffies: pass only when all sleep */
	long horizon, run_horizon;
	long change[16];
	int nchange;
	uint8_t *sched;
	size_t nsched, cap;
	bool failed, killing;
	bool stopping;		/* the body returned: services drain and end */
	unsigned long run_id;	/* bumped per run: services belong to one */
	const char *names[EX_MAX_THREADS];	/* of the last run's threads */
	int nr_names;
	char reason[128];
} ex = { .lock = PTHREAD_MUTEX_INITIALIZER };

static __thread struct explore_thread *ex_self;
static jmp_buf ex_main_env;

static uint64_t ex_rand(void)
{
	/* splitmix64: a full-period generator that needs only its seed. */
	uint64_t z = (ex.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

bool explore_current(void)
{
	return ex_self != NULL;
}

static void ex_fail_locked(const char *reason)
{
	if (ex.failed)
		return;
	ex.failed = true;
	snprintf(ex.reason, sizeof(ex.reason), "%s", reason);
}

static long ex_failures;

long explore_fail_count(void)
{
	return __atomic_load_n(&ex_failures, __ATOMIC_RELAXED);
}

void explore_fail(const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&ex_failures, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&ex.lock);
	ex_fail_locked(buf);
	pthread_mutex_unlock(&ex.lock);
}

/* Called with ex.lock held by a thread of the run: abandon the run. */
static __attribute__((noreturn)) void ex_die_locked(void)
{
	struct explore_thread *self = ex_self;
	int i;

	ex.killing = true;
	for (i = 0; i < ex.nr; i++)
		pthread_cond_signal(&ex.t[i]->cv);
	pthread_mutex_unlock(&ex.lock);
	if (self->id == 0)
		longjmp(ex_main_env, 1);
	longjmp(self->kill_env, 1);
}

static void ex_record(int id)
{
	if (ex.nsched == ex.cap) {
		size_t cap = ex.cap ? ex.cap * 2 : 1024;
		uint8_t *n = realloc(ex.sched, cap);

		BUG_ON(!n);
		ex.sched = n;
		ex.cap = cap;
	}
	ex.sched[ex.nsched++] = id;
}

static bool ex_can_run(struct explore_thread *t)
{
	return !t->finished && !t->blocked;
}

/*
 * Who runs next: not finished, not blocked; a yielding thread only when
 * nobody else can; a timed sleeper times out only when nothing else can.
 * Returns NULL on a deadlock.
 */
static struct explore_thread *ex_pick(void)
{
	struct explore_thread *cand[EX_MAX_THREADS], *best;
	int i, n = 0;

	for (i = 0; i < ex.nr; i++)
		if (ex_can_run(ex.t[i]) && !ex.t[i]->yielded)
			cand[n++] = ex.t[i];
	if (!n)
		for (i = 0; i < ex.nr; i++)
			if (ex_can_run(ex.t[i]))
				cand[n++] = ex.t[i];
	if (!n) {
		/*
		 * Virtual time passes only when nothing can run: to the
		 * earliest deadline; every sleep ending then times out.
		 */
		long next = 0;
		bool any = false;

		for (i = 0; i < ex.nr; i++) {
			struct explore_thread *t = ex.t[i];

			if (!t->finished && t->blocked && t->timed &&
			    (!any || t->deadline < next)) {
				next = t->deadline;
				any = true;
			}
		}
		if (any && next > ex.vclock)
			ex.vclock = next;
		for (i = 0; any && i < ex.nr; i++) {
			struct explore_thread *t = ex.t[i];

			if (!t->finished && t->blocked && t->timed &&
			    t->deadline <= ex.vclock) {
				t->blocked = false;
				t->timed_out = true;
				cand[n++] = t;
			}
		}
	}
	if (!n)
		return NULL;
	if (ex.opts->strategy == EXPLORE_RANDOM)
		return cand[ex_rand() % n];
	best = cand[0];
	for (i = 1; i < n; i++)
		if (cand[i]->prio > best->prio)
			best = cand[i];
	return best;
}

static void ex_deadlock_locked(void)
{
	char buf[128];
	int i, len;

	len = snprintf(buf, sizeof(buf), "deadlock: every thread blocked:");
	for (i = 0; i < ex.nr && len < (int)sizeof(buf); i++)
		if (!ex.t[i]->finished)
			len += snprintf(buf + len, sizeof(buf) - len,
					" t%d on %p", i, ex.t[i]->blocked_on);
	ex_fail_locked(buf);
	ex_die_locked();
}

/*
 * One switch point, ex.lock held: pick the next thread and, if it is not
 * us, pass the token and park until it comes back. @self may be blocked
 * or finished (then it does not come back).
 */
static void ex_switch_locked(struct explore_thread *self)
{
	struct explore_thread *next;
	int i;

	if (ex.killing)
		ex_die_locked();
	ex.step++;
	if (ex.opts->max_steps && ex.step > ex.opts->max_steps) {
		char buf[128];
		int len;

		/* Who spins, and what the others wait for. */
		len = snprintf(buf, sizeof(buf),
			       "livelock: step limit reached in t%d;",
			       self->id);
		for (i = 0; i < ex.nr && len < (int)sizeof(buf); i++)
			if (!ex.t[i]->finished && ex.t[i]->blocked)
				len += snprintf(buf + len, sizeof(buf) - len,
						" t%d on %p", i,
						ex.t[i]->blocked_on);
		ex_fail_locked(buf);
		ex_die_locked();
	}
	/* PCT: at change point j the running thread drops below all. */
	for (i = 0; i < ex.nchange; i++)
		if (ex.change[i] == ex.step)
			self->prio = ex.nchange - i;
	next = ex_pick();
	if (!next) {
		if (self->finished)
			/* Nobody left to report to: fail and let them die. */
			ex_fail_locked("deadlock: threads blocked after exit");
		ex_deadlock_locked();
	}
	ex_record(next->id);
	next->yielded = false;
	if (next == self)
		return;
	ex.cur = next->id;
	pthread_cond_signal(&next->cv);
	if (self->finished)
		return;
	while (ex.cur != self->id && !ex.killing)
		pthread_cond_wait(&self->cv, &ex.lock);
	if (ex.killing)
		ex_die_locked();
}

void __explore_point(const char *what, const void *obj)
{
	struct explore_thread *self = ex_self;

	if (!self)
		return;
	pthread_mutex_lock(&ex.lock);
	ex_switch_locked(self);
	pthread_mutex_unlock(&ex.lock);
}

void __explore_yield(const char *what)
{
	struct explore_thread *self = ex_self;

	if (!self)
		return;
	pthread_mutex_lock(&ex.lock);
	self->yielded = true;
	if (ex.opts->strategy == EXPLORE_PCT) {
		/*
		 * PCT: a polling thread drops below every other, or two
		 * pollers waiting for each other's flags would spin forever
		 * at fixed priorities.
		 */
		long low = self->prio;
		int i;

		for (i = 0; i < ex.nr; i++)
			if (ex.t[i] != self && ex.t[i]->prio <= low)
				low = ex.t[i]->prio - 1;
		self->prio = low;
	}
	ex_switch_locked(self);
	self->yielded = false;
	pthread_mutex_unlock(&ex.lock);
}

/* @timeout: virtual jiffies, or MAX_SCHEDULE_TIMEOUT (untimed). */
static void ex_mark_blocked_timeout(struct explore_thread *self,
				    const void *obj, long timeout)
{
	self->blocked = true;
	self->blocked_on = obj;
	self->timed = timeout != EX_UNTIMED;
	self->deadline = self->timed ? ex.vclock + (timeout > 0 ? timeout : 1)
				     : 0;
	self->timed_out = false;
}

static void ex_mark_blocked(struct explore_thread *self, const void *obj,
			    bool timed)
{
	ex_mark_blocked_timeout(self, obj, timed ? 1 : EX_UNTIMED);
}

/* ex.lock held: park until woken; true if the sleep timed out instead. */
static bool ex_wait_blocked(struct explore_thread *self)
{
	bool timed_out;

	if (self->blocked)
		ex_switch_locked(self);
	timed_out = self->timed_out;
	self->blocked = false;
	self->timed_out = false;
	return timed_out;
}

long __explore_block_timeout(const void *obj, long timeout,
			     bool (*ready)(void *), void *arg)
{
	struct explore_thread *self = ex_self;
	long left;

	if (!self)
		return timeout;
	pthread_mutex_lock(&ex.lock);
	/* Checked under ex.lock: a wake from outside the run is not lost. */
	if (ready && ready(arg)) {
		pthread_mutex_unlock(&ex.lock);
		return timeout;
	}
	ex_mark_blocked_timeout(self, obj, timeout);
	if (ex_wait_blocked(self))
		left = 0;
	else if (timeout == EX_UNTIMED)
		left = timeout;
	else
		left = self->deadline > ex.vclock ? self->deadline - ex.vclock
						  : 1;
	pthread_mutex_unlock(&ex.lock);
	return left;
}

bool __explore_block(const void *obj, bool timed, bool (*ready)(void *),
		     void *arg)
{
	/* A timed block lasts one virtual jiffy; 0 left means it timed out. */
	return !__explore_block_timeout(obj, timed ? 1 : EX_UNTIMED, ready,
					arg);
}

void __explore_wake(const void *obj)
{
	int i;

	pthread_mutex_lock(&ex.lock);
	for (i = 0; i < ex.nr; i++)
		if (ex.t[i]->blocked && ex.t[i]->blocked_on == obj)
			ex.t[i]->blocked = false;
	pthread_mutex_unlock(&ex.lock);
}

void __explore_pmutex_lock(pthread_mutex_t *m)
{
	struct explore_thread *self = ex_self;

	if (!self) {
		pthread_mutex_lock(m);
		return;
	}
	__explore_point("lock", m);
	pthread_mutex_lock(&ex.lock);
	/* Tried under ex.lock, so an unlock from outside the run is seen. */
	while (pthread_mutex_trylock(m)) {
		ex_mark_blocked(self, m, false);
		ex_wait_blocked(self);
	}
	pthread_mutex_unlock(&ex.lock);
}

static bool ex_cond_wait(pthread_cond_t *c, pthread_mutex_t *m, bool timed)
{
	struct explore_thread *self = ex_self;
	bool timed_out;

	/* Blocked before @m is dropped: a signal after that finds us. */
	pthread_mutex_lock(&ex.lock);
	ex_mark_blocked(self, c, timed);
	pthread_mutex_unlock(&ex.lock);
	pthread_mutex_unlock(m);
	__explore_wake(m);
	pthread_mutex_lock(&ex.lock);
	timed_out = ex_wait_blocked(self);
	pthread_mutex_unlock(&ex.lock);
	__explore_pmutex_lock(m);
	return timed_out;
}

void __explore_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (!ex_self) {
		pthread_cond_wait(c, m);
		return;
	}
	ex_cond_wait(c, m, false);
}

int __explore_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return ex_cond_wait(c, m, true) ? ETIMEDOUT : 0;
}

/* RCU read sections of the run's threads, for synchronize_rcu(). */
static char ex_gp;

void explore_rcu_read_lock(void)
{
	if (ex_self)
		ex_self->rcu_depth++;
}

void explore_rcu_read_unlock(void)
{
	if (ex_self && !--ex_self->rcu_depth)
		__explore_wake(&ex_gp);
}

/* Wait until no thread of the run is inside a read section. */
void explore_synchronize_rcu(void)
{
	struct explore_thread *self = ex_self;
	int i;

	if (!self)
		return;
	pthread_mutex_lock(&ex.lock);
	for (;;) {
		for (i = 0; i < ex.nr; i++)
			if (ex.t[i] != self && !ex.t[i]->finished &&
			    ex.t[i]->rcu_depth)
				break;
		if (i == ex.nr)
			break;
		ex_mark_blocked(self, &ex_gp, false);
		ex_wait_blocked(self);
	}
	pthread_mutex_unlock(&ex.lock);
}

static struct explore_thread *ex_new_thread(void)
{
	struct explore_thread *t = calloc(1, sizeof(*t));

	BUG_ON(!t);
	BUG_ON(ex.nr == EX_MAX_THREADS);
	pthread_cond_init(&t->cv, NULL);
	t->id = ex.nr;
	/* PCT: initial priorities above every change-point priority. */
	t->prio = 100 + (long)(ex_rand() % 1000000);
	ex.t[ex.nr++] = t;
	return t;
}

static void *ex_trampoline(void *arg)
{
	struct explore_thread *t = arg;

	pthread_mutex_lock(&ex.lock);
	ex_self = t;
	while (ex.cur != t->id && !ex.killing)
		pthread_cond_wait(&t->cv, &ex.lock);
	if (ex.killing) {
		t->finished = true;
		pthread_mutex_unlock(&ex.lock);
		return NULL;
	}
	pthread_mutex_unlock(&ex.lock);
	if (!setjmp(t->kill_env)) {
		t->fn(t->arg);
		pthread_mutex_lock(&ex.lock);
		t->finished = true;
		for (int i = 0; i < ex.nr; i++)
			if (ex.t[i]->blocked && ex.t[i]->blocked_on == t)
				ex.t[i]->blocked = false;
		if (!ex.killing)
			ex_switch_locked(t);
		pthread_mutex_unlock(&ex.lock);
	} else {
		pthread_mutex_lock(&ex.lock);
		t->finished = true;
		pthread_mutex_unlock(&ex.lock);
	}
	ex_self = NULL;
	return NULL;
}

/**
 * explore_thread_create() - start a thread of the explored run
 * @fn: its body
 * @arg: passed to @fn
 *
 * Outside a run (or from a thread outside it) this is a plain host thread.
 *
 * Context: a thread of the run; a switch point.
 * Return: the thread, for explore_thread_join(); NULL if the host refused.
 */
struct explore_thread *explore_thread_create(void *(*fn)(void *), void *arg)
{
	struct explore_thread *t;

	pthread_mutex_lock(&ex.lock);
	if (!ex_self) {
		pthread_mutex_unlock(&ex.lock);
		t = calloc(1, sizeof(*t));
		if (!t)
			return NULL;
		t->id = -1;
		if (pthread_create(&t->host, NULL, fn, arg)) {
			free(t);
			return NULL;
		}
		return t;
	}
	t = ex_new_thread();
	t->fn = fn;
	t->arg = arg;
	if (pthread_create(&t->host, NULL, ex_trampoline, t)) {
		t->finished = true;
		t->joined = true;
		pthread_mutex_unlock(&ex.lock);
		return NULL;
	}
	pthread_mutex_unlock(&ex.lock);
	__explore_point("spawn", t);
	return t;
}

/**
 * explore_service_create() - start a service thread of the run
 * @name: what it serves ("rcu", "irq_work"), for schedules and reports
 * @fn: its loop; it returns once explore_stopping() and its queue is empty
 * @arg: passed to @fn
 *
 * A thread of the run like the others, except that the body does not
 * join it: when the body returns, explore_run() wakes every service
 * (explore_stopping() is then true) and joins them.
 *
 * Context: a thread of the run, holding no host mutex; a switch point.
 * Return: the thread, or NULL outside a run or if the host refused.
 */
struct explore_thread *explore_service_create(const char *name,
					      void *(*fn)(void *), void *arg)
{
	struct explore_thread *t;

	if (!ex_self)
		return NULL;
	pthread_mutex_lock(&ex.lock);
	t = ex_new_thread();
	t->fn = fn;
	t->arg = arg;
	t->service = true;
	t->name = name;
	if (pthread_create(&t->host, NULL, ex_trampoline, t)) {
		t->finished = true;
		t->joined = true;
		pthread_mutex_unlock(&ex.lock);
		return NULL;
	}
	pthread_mutex_unlock(&ex.lock);
	__explore_point("spawn service", t);
	return t;
}

struct ex_idle {
	bool (*ready)(void *);
	void *arg;
};

static bool ex_idle_ready(void *p)
{
	struct ex_idle *i = p;

	return ex.stopping || i->ready(i->arg);
}

void explore_service_idle(const void *obj, bool (*ready)(void *), void *arg)
{
	struct explore_thread *self = ex_self;
	struct ex_idle idle = { ready, arg };

	if (!self)
		return;
	self->idle_on = obj;
	__explore_block(obj, false, ex_idle_ready, &idle);
	self->idle_on = NULL;
}

bool explore_stopping(void)
{
	return __atomic_load_n(&ex.stopping, __ATOMIC_ACQUIRE);
}

unsigned long explore_run_id(void)
{
	return __atomic_load_n(&ex.run_id, __ATOMIC_ACQUIRE);
}

const char *explore_thread_name(int id)
{
	if (id < 0 || id >= ex.nr_names)
		return NULL;
	return ex.names[id];
}

/* Thread 0, the body done: let the services drain, then join them. */
static void ex_stop_services(void)
{
	struct explore_thread *t;
	int i;

	for (;;) {
		pthread_mutex_lock(&ex.lock);
		__atomic_store_n(&ex.stopping, true, __ATOMIC_RELEASE);
		t = NULL;
		for (i = 0; i < ex.nr; i++) {
			if (!ex.t[i]->service || ex.t[i]->finished)
				continue;
			/* Idle: wake it, it sees explore_stopping(). */
			if (ex.t[i]->blocked && ex.t[i]->idle_on &&
			    ex.t[i]->blocked_on == ex.t[i]->idle_on)
				ex.t[i]->blocked = false;
			if (!t)
				t = ex.t[i];
		}
		pthread_mutex_unlock(&ex.lock);
		if (!t)
			return;
		explore_thread_join(t);
	}
}

/**
 * explore_thread_join() - wait for a thread from explore_thread_create()
 * @t: the thread
 *
 * Context: process context; blocks (a switch point in the run).
 */
void explore_thread_join(struct explore_thread *t)
{
	struct explore_thread *self = ex_self;

	if (t->id < 0) {
		pthread_join(t->host, NULL);
		free(t);
		return;
	}
	if (self) {
		pthread_mutex_lock(&ex.lock);
		while (!t->finished) {
			ex_mark_blocked(self, t, false);
			ex_wait_blocked(self);
		}
		pthread_mutex_unlock(&ex.lock);
	}
	pthread_join(t->host, NULL);
	t->joined = true;
}

static void ex_reset(const struct explore_opts *opts, uint64_t seed)
{
	int j;

	ex.nr = 0;
	ex.cur = 0;
	ex.opts = opts;
	ex.rng = seed;
	ex.step = 0;
	ex.vclock = 0;
	ex.nsched = 0;
	ex.failed = false;
	ex.killing = false;
	ex.stopping = false;
	ex.run_id++;
	ex.reason[0] = '\0';
	ex.nchange = 0;
	ex.run_horizon = ex.horizon;
	if (opts->strategy == EXPLORE_PCT && ex.horizon) {
		/* d-1 change points, uniform over the first horizon steps. */
		ex.nchange = opts->depth > 1 ? opts->depth - 1 : 0;
		if (ex.nchange > (int)ARRAY_SIZE(ex.change))
			ex.nchange = ARRAY_SIZE(ex.change);
		for (j = 0; j < ex.nchange; j++)
			ex.change[j] = 1 + (long)(ex_rand() % ex.horizon);
	}
}

size_t explore_last_schedule(const uint8_t **choices)
{
	*choices = ex.sched;
	return ex.nsched;
}

static const char *ex_strategy_name(enum explore_strategy s)
{
	return s == EXPLORE_PCT ? "pct" : "random";
}

static void ex_print_failure(const struct explore_opts *opts, int run,
			     uint64_t seed)
{
	FILE *f = opts->log ? opts->log : stderr;
	size_t i = 0, shown = 0;

	fprintf(f, "explore: schedule %d of %d failed: %s\n", run + 1,
		opts->schedules, ex.reason);
	fprintf(f, "explore: seed %llu, strategy %s, depth %d, %d threads, %ld steps\n",
		(unsigned long long)seed, ex_strategy_name(opts->strategy),
		opts->depth, ex.nr, ex.step);
	fprintf(f, "explore: schedule (thread x run length):");
	while (i < ex.nsched && shown < 400) {
		size_t j = i;

		while (j < ex.nsched && ex.sched[j] == ex.sched[i])
			j++;
		fprintf(f, " %u x%zu", ex.sched[i], j - i);
		i = j;
		shown++;
	}
	fprintf(f, "%s\n", i < ex.nsched ? " ..." : "");
	fprintf(f, "explore: replay: DMB_EXPLORE=%llu:%s:%d:%ld, or dmabridge explore --replay %llu --strategy %s --depth %d --horizon %ld\n",
		(unsigned long long)seed, ex_strategy_name(opts->strategy),
		opts->depth, ex.run_horizon, (unsigned long long)seed,
		ex_strategy_name(opts->strategy), opts->depth, ex.run_horizon);
}

int explore_parse_spec(const char *spec, struct explore_opts *opts)
{
	char *end;
	unsigned long long seed;

	if (!spec || !*spec)
		return -EINVAL;
	errno = 0;
	seed = strtoull(spec, &end, 0);
	if (errno || end == spec)
		return -EINVAL;
	opts->seed = seed;
	opts->schedules = 1;
	if (*end == ':') {
		spec = end + 1;
		if (!strncmp(spec, "pct", 3)) {
			opts->strategy = EXPLORE_PCT;
			spec += 3;
		} else if (!strncmp(spec, "random", 6)) {
			opts->strategy = EXPLORE_RANDOM;
			spec += 6;
		} else {
			return -EINVAL;
		}
		if (*spec == ':') {
			long d = strtol(spec + 1, &end, 10);

			if (end == spec + 1 || d < 1 || d > 16)
				return -EINVAL;
			opts->depth = d;
			if (*end == ':') {
				char *e2;
				long k = strtol(end + 1, &e2, 10);

				if (e2 == end + 1 || *e2 || k < 0)
					return -EINVAL;
				opts->horizon = k;
			} else if (*end) {
				return -EINVAL;
			}
		} else if (*spec) {
			return -EINVAL;
		}
	} else if (*end) {
		return -EINVAL;
	}
	return 0;
}

/**
 * explore_opts_init() - default options, then the environment
 * @opts: filled in
 *
 * DMB_EXPLORE=seed[:strategy[:depth[:horizon]]] replays one schedule;
 * DMB_EXPLORE_SCHEDULES=N runs N schedules instead of the default;
 * DMB_EXPLORE_STRATEGY=pct|random and DMB_EXPLORE_DEPTH=d choose the
 * strategy.
 *
 * Context: any.
 */
void explore_opts_init(struct explore_opts *opts)
{
	const char *s;

	memset(opts, 0, sizeof(*opts));
	opts->schedules = 100;
	opts->strategy = EXPLORE_RANDOM;
	opts->depth = 3;
	opts->seed = 1;
	opts->max_steps = 2000000;
	s = getenv("DMB_EXPLORE_STRATEGY");
	if (s && !strcmp(s, "pct"))
		opts->strategy = EXPLORE_PCT;
	s = getenv("DMB_EXPLORE_DEPTH");
	if (s && atoi(s) > 0 && atoi(s) <= 16)
		opts->depth = atoi(s);
	s = getenv("DMB_EXPLORE_SCHEDULES");
	if (s && atoi(s) > 0)
		opts->schedules = atoi(s);
	s = getenv("DMB_EXPLORE");
	if (s && explore_parse_spec(s, opts))
		fprintf(stderr, "explore: ignoring bad DMB_EXPLORE=%s\n", s);
}

/* Thread 0's part of one run; a deadlock longjmps back here. */
static __attribute__((noinline)) void ex_run_body(void (*fn)(void *arg),
						   void *arg)
{
	int i;

	if (setjmp(ex_main_env))
		return;
	fn(arg);
	ex_stop_services();
	pthread_mutex_lock(&ex.lock);
	for (i = 1; i < ex.nr; i++)
		if (!ex.t[i]->finished)
			break;
	if (i < ex.nr) {
		ex_fail_locked("a thread outlived the body");
		ex.killing = true;
		for (i = 0; i < ex.nr; i++)
			pthread_cond_signal(&ex.t[i]->cv);
	}
	pthread_mutex_unlock(&ex.lock);
}

/**
 * explore_run() - run a test body under many schedules
 * @fn: the body; it runs on the calling thread as thread 0 of the run and
 *      must join every thread it starts before it returns
 * @arg: passed to @fn
 * @opts: strategy, seed, number of schedules
 * @res: filled with the outcome (may be NULL)
 *
 * Schedule i uses seed opts->seed + i. A run fails on a report (WARN,
 * lockdep, sanitizer; other than the @opts->expect_reports it must make),
 * an explore_fail(), a deadlock or a livelock; the
 * first failure stops the exploration and is printed with its seed and
 * its schedule. After a deadlock the run's threads are abandoned
 * (longjmp out of their waits): the run's state is leaked.
 *
 * Context: process context, not inside another exploration.
 * Return: 0 if every schedule passed, -EDEADLK or -EFAULT for a failure,
 * -EINVAL for bad options, -EBUSY if an exploration already runs.
 */
int explore_run(void (*fn)(void *arg), void *arg,
		const struct explore_opts *opts, struct explore_result *res)
{
	struct explore_result local;
	struct explore_thread *main_t;
	int run, i, ret = 0;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	if (!fn || !opts || opts->schedules < 1 || opts->depth < 1)
		return -EINVAL;
	pthread_mutex_lock(&ex.lock);
	if (explore_on || ex_self) {
		pthread_mutex_unlock(&ex.lock);
		return -EBUSY;
	}
	ex.horizon = opts->horizon;
	pthread_mutex_unlock(&ex.lock);

	for (run = 0; run < opts->schedules; run++) {
		uint64_t seed = opts->seed + run;
		long reports = report_count_bugs();

		pthread_mutex_lock(&ex.lock);
		ex_reset(opts, seed);
		main_t = ex_new_thread();
		ex_self = main_t;
		__atomic_store_n(&explore_on, true, __ATOMIC_SEQ_CST);
		pthread_mutex_unlock(&ex.lock);

		ex_run_body(fn, arg);
		/* Killed or done: every thread leaves, then is joined. */
		for (i = 1; i < ex.nr; i++)
			if (!ex.t[i]->joined) {
				pthread_join(ex.t[i]->host, NULL);
				ex.t[i]->joined = true;
			}
		ex_self = NULL;
		__atomic_store_n(&explore_on, false, __ATOMIC_SEQ_CST);

		reports = report_count_bugs() - reports;
		if (!ex.failed && !opts->reports_ok &&
		    reports != opts->expect_reports) {
			char why[96];

			if (opts->expect_reports)
				snprintf(why, sizeof(why),
					 "%ld reports (WARN, lockdep, sanitizer), expected %ld",
					 reports, opts->expect_reports);
			else
				snprintf(why, sizeof(why),
					 "a report (WARN, lockdep, sanitizer)");
			ex_fail_locked(why);
		}
		res->runs = run + 1;
		res->steps = ex.step;
		ex.nr_names = ex.nr;
		for (i = 0; i < ex.nr; i++)
			ex.names[i] = ex.t[i]->name;
		/* PCT's k: the first run (no change points) measures it. */
		if (!ex.horizon)
			ex.horizon = ex.step > 0 ? ex.step : 1;
		res->horizon = ex.horizon;
		if (ex.failed) {
			res->failed = true;
			res->seed = seed;
			snprintf(res->reason, sizeof(res->reason), "%s",
				 ex.reason);
			if (!opts->quiet)
				ex_print_failure(opts, run, seed);
			ret = strncmp(ex.reason, "deadlock", 8) ? -EFAULT :
								   -EDEADLK;
		}
		pthread_mutex_lock(&ex.lock);
		for (i = 0; i < ex.nr; i++) {
			pthread_cond_destroy(&ex.t[i]->cv);
			free(ex.t[i]);
		}
		ex.nr = 0;
		pthread_mutex_unlock(&ex.lock);
		if (ret)
			break;
	}
	return ret;
}
