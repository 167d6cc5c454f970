/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU on liburcu (the bulletproof flavour, so any thread may enter a
 * read-side section without registering). call_rcu callbacks run on one
 * process-wide thread after a grace period.
 */
#ifndef DMABRIDGE_RCUPDATE_H
#define DMABRIDGE_RCUPDATE_H

#include <dmabridge/compiler.h>

/**
 * struct rcu_head - a callback queued by call_rcu()
 * @next: on the pending list
 * @func: called after a grace period
 */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

/**
 * rcu_read_lock() - enter an RCU read-side section
 *
 * liburcu's bulletproof flavour, so any thread may enter one without
 * registering (dmabridge's choice of implementation).
 *
 * Context: any context; may nest; must not sleep for long inside.
 */
void rcu_read_lock(void);
/**
 * rcu_read_unlock() - leave an RCU read-side section
 *
 * Context: inside rcu_read_lock().
 */
void rcu_read_unlock(void);
/**
 * rcu_read_lock_held() - is the calling thread in a read-side section?
 *
 * Context: any context.
 * Return: true if inside rcu_read_lock().
 */
bool rcu_read_lock_held(void);
/**
 * synchronize_rcu() - wait for a grace period
 *
 * Every read-side section that began before the call has ended when it
 * returns.
 *
 * Context: process context; sleeps; not inside rcu_read_lock().
 */
void synchronize_rcu(void);
/**
 * call_rcu() - run a function after a grace period
 * @head: the rcu_head inside the object
 * @func: called with @head, on one process-wide thread
 *
 * Context: any context.
 */
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
/**
 * rcu_barrier() - wait for every callback queued so far to have run
 *
 * Context: process context; sleeps.
 */
void rcu_barrier(void);

#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_check(p, c) rcu_dereference(p)
#define rcu_dereference_protected(p, c) READ_ONCE(p)
#define rcu_dereference_raw(p) rcu_dereference(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v) WRITE_ONCE(p, v)
#define rcu_replace_pointer(p, v, c)                                       \
	({                                                                 \
		__typeof__(p) __old = READ_ONCE(p);                        \
		rcu_assign_pointer(p, v);                                  \
		__old;                                                     \
	})

/**
 * kfree_rcu - free an object after a grace period
 * @ptr: the object (kmalloc'ed)
 * @field: the name of its struct rcu_head member
 *
 * As in Linux the field's offset travels in the callback slot (offsets
 * below 4096).
 */
#define kfree_rcu(ptr, field)                                              \
	do {                                                               \
		BUILD_BUG_ON(offsetof(__typeof__(*(ptr)), field) >= 4096); \
		call_rcu(&(ptr)->field,                                    \
			 (void (*)(struct rcu_head *))(uintptr_t)offsetof( \
				 __typeof__(*(ptr)), field));              \
	} while (0)

#define kvfree_rcu(ptr, field) kfree_rcu(ptr, field)

#endif
