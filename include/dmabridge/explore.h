/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deterministic schedule exploration (not in Linux: a dmabridge testing
 * mode, docs/RELIABILITY.md "Schedule exploration"). While explore_run()
 * runs a test body, the simulated threads it starts run one at a time and
 * switch only at kernel primitives (locks, waits, wakes, RCU, engine
 * steps, marked atomics); a seeded strategy picks who runs next, so a
 * failing schedule is replayed exactly from its seed.
 *
 * Every hook is one predictable branch on explore_on when the mode is off.
 */
#ifndef DMABRIDGE_EXPLORE_H
#define DMABRIDGE_EXPLORE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <dmabridge/compiler.h>

/* True while an exploration runs: the only cost of a hook when it is off. */
extern bool explore_on;
/* Threads outside the run read it while it flips: a relaxed load. */
#define explore_active() unlikely(__atomic_load_n(&explore_on, __ATOMIC_RELAXED))

/**
 * enum explore_strategy - how the next thread is chosen
 * @EXPLORE_RANDOM: a uniform choice at every switch point
 * @EXPLORE_PCT: PCT: random thread priorities, the highest runnable runs,
 *	with depth - 1 random points where the running thread drops lowest
 */
enum explore_strategy {
	EXPLORE_RANDOM,
	EXPLORE_PCT,
};

/**
 * struct explore_opts - what explore_run() tries
 * @schedules: schedules to try (default 100)
 * @strategy: the strategy
 * @depth: PCT's bug depth d (default 3)
 * @horizon: PCT: the steps the change points fall in; 0: the length of the
 *	first run
 * @seed: the seed of schedule 0; schedule i uses @seed + i
 * @max_steps: a run longer than this fails as a livelock
 * @quiet: print no failure report
 * @reports_ok: the body checks its own reports (else a new WARN, lockdep
 *	or sanitizer report fails the run)
 * @expect_reports: the bug reports (WARN, lockdep, sanitizer) each run
 *	must make, exactly, for a body whose test announces them; ignored
 *	with @reports_ok
 * @log: where the failure report goes (stderr when NULL)
 */
struct explore_opts {
	int schedules;		/* schedules to try (default 100) */
	enum explore_strategy strategy;
	int depth;		/* PCT bug depth d (default 3) */
	long horizon;		/* PCT: steps the change points fall in;
				 * 0: the length of the first run */
	uint64_t seed;		/* seed of schedule 0; schedule i uses seed+i */
	long max_steps;		/* a run longer than this is a livelock */
	bool quiet;		/* no failure report on stderr */
	bool reports_ok;	/* the body checks its own reports */
	long expect_reports;	/* bug reports each run must make */
	FILE *log;		/* where the failure report goes (stderr) */
};

/**
 * struct explore_result - what explore_run() found
 * @runs: schedules run
 * @failed: one failed
 * @seed: the failing schedule's seed (replay it with DMB_EXPLORE)
 * @reason: why it failed: the check, "deadlock ...", "livelock ..."
 * @steps: switch points of the last run
 * @horizon: the PCT horizon used
 */
struct explore_result {
	int runs;		/* schedules run */
	bool failed;
	uint64_t seed;		/* the failing schedule's seed */
	char reason[128];
	long steps;		/* switch points of the last run */
	long horizon;		/* the PCT horizon used */
};

/**
 * explore_opts_init() - the default options, then DMB_EXPLORE's
 * @opts: filled in
 *
 * DMB_EXPLORE=seed[:strategy[:depth[:horizon]]] in the environment replays
 * one schedule (@opts->schedules becomes 1).
 *
 * Context: any context.
 */
void explore_opts_init(struct explore_opts *opts);
/**
 * explore_parse_spec() - parse "seed[:random|pct[:depth[:horizon]]]"
 * @spec: the string
 * @opts: updated
 *
 * Context: any context.
 * Return: 0, or -EINVAL for a malformed field.
 */
int explore_parse_spec(const char *spec, struct explore_opts *opts);
/**
 * explore_run() - run a test body under many schedules
 * @fn: the body; the threads it starts (kthreads, workers, engine queues,
 *	dmb_run_threads()) are the run's, and run one at a time
 * @arg: passed to @fn
 * @opts: what to try
 * @res: what was found (may be NULL)
 *
 * Stops at the first failing schedule and prints its seed, its schedule
 * and how to replay it (unless @opts->quiet).
 *
 * Context: process context, not inside another exploration.
 * Return: 0 when every schedule passed; -EFAULT when one failed a check or
 * livelocked; -EDEADLK when every thread of one blocked; -EINVAL for bad
 * options; -EBUSY when an exploration already runs.
 */
int explore_run(void (*fn)(void *arg), void *arg,
		const struct explore_opts *opts, struct explore_result *res);

/**
 * explore_last_schedule() - the choices of the last run
 * @choices: set to one thread index per switch point
 *
 * Context: after explore_run() returned.
 * Return: the number of choices.
 */
size_t explore_last_schedule(const uint8_t **choices);

struct explore_thread;
/**
 * explore_thread_create() - start a thread of the explored run
 * @fn: its function
 * @arg: passed to @fn
 *
 * Context: inside explore_run().
 * Return: the thread, or NULL when out of memory.
 */
struct explore_thread *explore_thread_create(void *(*fn)(void *), void *arg);
/**
 * explore_thread_join() - wait for a thread of the run to end
 * @t: the thread
 *
 * Context: a thread of the run; a switch point.
 */
void explore_thread_join(struct explore_thread *t);
/**
 * explore_service_create() - start a service thread of the run
 * @name: what it serves ("rcu", "irq_work"); a static string
 * @fn: its loop: it waits for work with explore_service_idle() and
 *	returns once explore_stopping() and it has no work left
 * @arg: passed to @fn
 *
 * For work a thread of the run hands to a process-wide thread: a service
 * of the run takes it instead, so its steps are in the schedule. The body
 * does not join it; when the body returns, explore_run() wakes the
 * services and joins them.
 *
 * Context: a thread of the run holding no host mutex; a switch point.
 * Return: the thread, or NULL outside a run or when the host refused.
 */
struct explore_thread *explore_service_create(const char *name,
					      void *(*fn)(void *), void *arg);
/**
 * explore_service_idle() - a service waits for work
 * @obj: what a producer passes to explore_wake()
 * @ready: true when there is work (called under the scheduler's lock)
 * @arg: passed to @ready
 *
 * Returns when @ready, after a wake of @obj (re-check), or when the
 * body has returned (explore_stopping()).
 *
 * Context: a service thread of the run; a switch point.
 */
void explore_service_idle(const void *obj, bool (*ready)(void *), void *arg);
/**
 * explore_stopping() - has the body of the current run returned?
 *
 * Return: true once the services are asked to drain and end.
 */
bool explore_stopping(void);
/**
 * explore_run_id() - which run is this
 *
 * Return: a number that changes with every run (a service queue left by
 * an abandoned run is recognised by its old number).
 */
unsigned long explore_run_id(void);
/**
 * explore_thread_name() - the name of a thread of the last run
 * @id: its index in explore_last_schedule()'s choices
 *
 * Context: after explore_run() returned.
 * Return: the service's name, or NULL for a body's thread or a bad @id.
 */
const char *explore_thread_name(int id);
/**
 * explore_current() - is the calling thread one of an explored run's?
 *
 * Return: true if it is.
 */
bool explore_current(void);

/**
 * explore_fail_count() - explore_fail() calls so far, in or out of a run
 *
 * Return: the count.
 */
long explore_fail_count(void);
/**
 * explore_fail() - mark the current run failed
 * @fmt: printf format of why (an invariant the body checks)
 *
 * Used instead of cmocka's assertions inside a run, which would longjmp
 * out of a thread the explorer owns.
 *
 * Context: any thread.
 */
void explore_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
#define EXPLORE_CHECK(cond)                                                \
	do {                                                               \
		if (!(cond))                                               \
			explore_fail("%s:%d: %s", __FILE__, __LINE__,      \
				     #cond);                               \
	} while (0)

/* The scheduler's entry points, for the hooks below and the primitives. */
void __explore_point(const char *what, const void *obj);
void __explore_yield(const char *what);
/*
 * Block on @obj unless @ready(@arg) (checked under the scheduler's lock);
 * true if the sleep timed out: with @timed, when nothing else could run.
 */
bool __explore_block(const void *obj, bool timed, bool (*ready)(void *),
		     void *arg);
/*
 * The same with a timeout in virtual jiffies (MAX_SCHEDULE_TIMEOUT:
 * none). Virtual time advances only when nothing can run, to the earliest
 * sleeper's deadline. Returns the jiffies left (0: timed out).
 */
long __explore_block_timeout(const void *obj, long timeout,
			     bool (*ready)(void *), void *arg);
void __explore_wake(const void *obj);
void explore_rcu_read_lock(void);
void explore_rcu_read_unlock(void);
void explore_synchronize_rcu(void);
void __explore_pmutex_lock(pthread_mutex_t *m);
void __explore_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int __explore_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m);

/* A switch point: another thread may run here. */
static inline void explore_point(const char *what, const void *obj)
{
	if (explore_active())
		__explore_point(what, obj);
}

/* An atomic the model marks as synchronisation (a flag others poll). */
#define explore_sync(what) explore_point(what, NULL)

/* A polling loop: run everybody else first. */
static inline void explore_yield(const char *what)
{
	if (explore_active())
		__explore_yield(what);
}

/* Threads blocked on @obj may run again (they re-check their condition). */
static inline void explore_wake(const void *obj)
{
	if (explore_active())
		__explore_wake(obj);
}

/*
 * Host mutexes and condition variables under the primitives. In the mode
 * a thread never blocks in the host while holding the token: it tries,
 * and if that fails tells the scheduler what it waits for.
 */
static inline void dmb_pmutex_lock(pthread_mutex_t *m)
{
	if (explore_active())
		__explore_pmutex_lock(m);
	else
		pthread_mutex_lock(m);
}

static inline void dmb_pmutex_unlock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
	if (explore_active()) {
		__explore_wake(m);
		__explore_point("unlock", m);
	}
}

static inline void dmb_pcond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (explore_active())
		__explore_cond_wait(c, m);
	else
		pthread_cond_wait(c, m);
}

static inline void dmb_pcond_signal(pthread_cond_t *c)
{
	pthread_cond_signal(c);
	explore_wake(c);
}

static inline void dmb_pcond_broadcast(pthread_cond_t *c)
{
	pthread_cond_broadcast(c);
	explore_wake(c);
}

#endif
