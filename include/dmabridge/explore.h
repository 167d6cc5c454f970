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

enum explore_strategy {
	EXPLORE_RANDOM,		/* uniform choice at every switch point */
	EXPLORE_PCT,		/* random priorities, depth-1 change points */
};

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
	FILE *log;		/* where the failure report goes (stderr) */
};

/* What explore_run() found. */
struct explore_result {
	int runs;		/* schedules run */
	bool failed;
	uint64_t seed;		/* the failing schedule's seed */
	char reason[128];
	long steps;		/* switch points of the last run */
	long horizon;		/* the PCT horizon used */
};

/* Defaults, then DMB_EXPLORE=seed[:strategy[:depth[:horizon]]]. */
void explore_opts_init(struct explore_opts *opts);
int explore_parse_spec(const char *spec, struct explore_opts *opts);
int explore_run(void (*fn)(void *arg), void *arg,
		const struct explore_opts *opts, struct explore_result *res);

/* The choices of the last run, one thread index per switch point. */
size_t explore_last_schedule(const uint8_t **choices);

/* Threads of the explored run. */
struct explore_thread;
struct explore_thread *explore_thread_create(void *(*fn)(void *), void *arg);
void explore_thread_join(struct explore_thread *t);
bool explore_current(void);

/* explore_fail() calls so far, in or out of a run. */
long explore_fail_count(void);
/* Mark the current run failed (an invariant the body checks). */
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
