/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU on liburcu (the bulletproof flavour, so any thread may enter a
 * read-side section without registering). call_rcu callbacks run on one
 * process-wide thread after a grace period.
 */
#ifndef DMABRIDGE_RCUPDATE_H
#define DMABRIDGE_RCUPDATE_H

#include <dmabridge/compiler.h>

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

void rcu_read_lock(void);
void rcu_read_unlock(void);
bool rcu_read_lock_held(void);
void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
/* Wait for every callback queued so far to have run. */
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

/*
 * Free the object containing @field after a grace period. As in Linux the
 * field's offset travels in the callback slot (offsets below 4096).
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
