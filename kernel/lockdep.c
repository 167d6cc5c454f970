// SPDX-License-Identifier: GPL-2.0
/*
 * Lock checker. Locks map to classes (key address + subclass); each thread
 * keeps a stack of held locks; taking a lock while holding others records
 * class->class edges in one shared graph, and the first edge that closes a
 * cycle (a possible deadlock, whether or not it happened) is reported with
 * the whole chain. Recursive-read edges follow Linux's "strong path" rule:
 * a cycle only counts if no lock in it is entered as a recursive reader
 * and left as a reader.
 */
/* Without the checker, this file provides the no-ops outside code links to. */
#define __LOCKDEP_DEFINE_NOOPS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <dmabridge/lockdep.h>
#include <dmabridge/report.h>
#include <dmabridge/printk.h>
#include <dmabridge/stacktrace.h>
#include <dmabridge/sched.h>
#include <dmabridge/bug.h>

#if CONFIG_LOCKDEP

/* Edge kinds: (E)xclusive or (S)hared holder -> (N)on-recursive or (R)ecursive-read taker. */
#define DEP_EN 1u
#define DEP_ER 2u
#define DEP_SN 4u
#define DEP_SR 8u
#define DEP_FROM_E (DEP_EN | DEP_ER)

struct lock_dep {
	struct lock_class *to;
	unsigned int kinds;
};

struct lock_class {
	struct lock_class *hash_next;
	const void *key;
	unsigned int subclass;
	unsigned int id;
	const char *name;
	enum lockdep_lock_type type;
	bool recursion_reported;
	/* Out edges; graph_lock. */
	struct lock_dep *deps;
	unsigned int nr_deps, cap_deps;
	/* Cycle search scratch; graph_lock. Index: entered as recursive reader. */
	unsigned long bfs_gen[2];
	struct lock_class *bfs_parent[2];
	unsigned char bfs_parent_r[2];
};

struct held_lock {
	struct lockdep_map *map;
	struct lock_class *class;
	unsigned int refs;	/* instances merged into this entry (nest_lock) */
	unsigned char read;
	bool trylock;
	bool merged;
};

#define EDGE_CACHE_SIZE 256

struct edge_cache_ent {
	unsigned int from, to, kinds;
	unsigned long gen;
};

struct ld_cls_count {
	unsigned int held, nonrec;
};

/* Per-thread state, freed when the thread exits. */
struct lockdep_thread {
	struct held_lock *held;
	int depth, cap;
	int nr_instances;
	/*
	 * Per class id: instances held, and how many not as recursive
	 * read; side by side, so an acquire or release touches one line.
	 */
	struct ld_cls_count *cls;
	unsigned int cls_cap;
	struct edge_cache_ent cache[EDGE_CACHE_SIZE];
};

#define CLASS_HASH_SIZE 4096

static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lock_class *class_hash[CLASS_HASH_SIZE];
static unsigned int nr_classes;
static unsigned long graph_gen = 1;	/* bumped by lockdep_reset */
static unsigned long bfs_gen;
static struct lock_class **bfs_queue;
static unsigned char *bfs_queue_r;
static unsigned int bfs_queue_cap;

static bool lockdep_on = true;
static bool lockdep_toggled;

/*
 * initial-exec: the library is loaded at start-up, so the variable sits at
 * a fixed offset from the thread pointer and every acquire and release
 * reaches it without a __tls_get_addr() call (the default for a shared
 * object, about a fifth of the checker's cost per lock).
 */
static __thread struct lockdep_thread *tls_ld
	__attribute__((tls_model("initial-exec")));
static pthread_key_t ld_key;
static pthread_once_t ld_once = PTHREAD_ONCE_INIT;

static void ld_thread_free(void *arg)
{
	struct lockdep_thread *t = arg;

	if (tls_ld == t)
		tls_ld = NULL;
	free(t->held);
	free(t->cls);
	free(t);
}

static void ld_key_init(void)
{
	pthread_key_create(&ld_key, ld_thread_free);
}

static struct lockdep_thread *ld_thread(void)
{
	struct lockdep_thread *t = tls_ld;

	if (likely(t))
		return t;
	pthread_once(&ld_once, ld_key_init);
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	tls_ld = t;
	pthread_setspecific(ld_key, t);
	return t;
}

void lockdep_set_enabled(bool on)
{
	if (on != lockdep_enabled())
		__atomic_store_n(&lockdep_toggled, true, __ATOMIC_RELAXED);
	__atomic_store_n(&lockdep_on, on, __ATOMIC_RELAXED);
}

static inline bool ld_on(void)
{
	return __atomic_load_n(&lockdep_on, __ATOMIC_RELAXED);
}

bool lockdep_enabled(void)
{
	return ld_on();
}

void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, enum lockdep_lock_type type)
{
	map->name = name;
	map->key = key;
	__atomic_store_n(&map->class_cache, NULL, __ATOMIC_RELAXED);
	map->type = type;
}

static const char *map_name(const struct lockdep_map *map)
{
	return map->name ? map->name : "(unnamed)";
}

/* Classes */

static unsigned int class_hashfn(const void *key, unsigned int subclass)
{
	uintptr_t k = (uintptr_t)key;

	k ^= k >> 17;
	k *= 0x9e3779b97f4a7c15ull;
	return (unsigned int)((k >> 32) + subclass) % CLASS_HASH_SIZE;
}

/* A map without a key (static initializer) is its own class, like Linux. */
static const void *map_key(const struct lockdep_map *map)
{
	return map->key ? (const void *)map->key : (const void *)map;
}

static struct lock_class *class_lookup_locked(const struct lockdep_map *map,
					      unsigned int subclass)
{
	const void *key = map_key(map);
	unsigned int h = class_hashfn(key, subclass);
	struct lock_class *c;

	for (c = class_hash[h]; c; c = c->hash_next)
		if (c->key == key && c->subclass == subclass)
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->key = key;
	c->subclass = subclass;
	c->id = nr_classes++;
	c->name = map_name(map);
	c->type = map->type;
	c->hash_next = class_hash[h];
	class_hash[h] = c;
	return c;
}

static struct lock_class *map_class(struct lockdep_map *map,
				    unsigned int subclass)
{
	struct lock_class *c;

	if (!subclass) {
		c = __atomic_load_n(&map->class_cache, __ATOMIC_ACQUIRE);
		if (likely(c))
			return c;
	}
	pthread_mutex_lock(&graph_lock);
	c = class_lookup_locked(map, subclass);
	pthread_mutex_unlock(&graph_lock);
	if (c && !subclass)
		__atomic_store_n(&map->class_cache, c, __ATOMIC_RELEASE);
	return c;
}

/* Per-thread per-class counters, grown to cover class ids on demand. */
static bool ld_cls_reserve(struct lockdep_thread *t, unsigned int id)
{
	unsigned int cap = t->cls_cap ? t->cls_cap : 64;
	struct ld_cls_count *n;

	if (id < t->cls_cap)
		return true;
	while (cap <= id)
		cap *= 2;
	n = realloc(t->cls, cap * sizeof(*n));
	if (!n)
		return false;
	memset(n + t->cls_cap, 0, (cap - t->cls_cap) * sizeof(*n));
	t->cls = n;
	t->cls_cap = cap;
	return true;
}

/* The order graph */

static bool bfs_queue_reserve(unsigned int n)
{
	struct lock_class **q;
	unsigned char *r;

	if (n <= bfs_queue_cap)
		return true;
	q = realloc(bfs_queue, n * sizeof(*q));
	if (!q)
		return false;
	bfs_queue = q;
	r = realloc(bfs_queue_r, n);
	if (!r)
		return false;
	bfs_queue_r = r;
	bfs_queue_cap = n;
	return true;
}

static void bfs_visit(struct lock_class *c, int r, struct lock_class *parent,
		      int parent_r, unsigned int *tail)
{
	if (c->bfs_gen[r] == bfs_gen)
		return;
	c->bfs_gen[r] = bfs_gen;
	c->bfs_parent[r] = parent;
	c->bfs_parent_r[r] = parent_r;
	bfs_queue[*tail] = c;
	bfs_queue_r[*tail] = r;
	(*tail)++;
}

/*
 * Is there a strong path next -> ... -> prev that, with the new edge
 * prev -(kind)-> next, forms a deadlock cycle? Returns the state prev was
 * reached in (0/1), or -1. graph_lock held.
 */
static int find_cycle(struct lock_class *prev, struct lock_class *next,
		      unsigned int kind)
{
	bool prev_shared = !(kind & DEP_FROM_E);
	unsigned int head = 0, tail = 0, i;

	if (!bfs_queue_reserve(2 * nr_classes + 2))
		return -1;
	bfs_gen++;
	bfs_visit(next, !!(kind & (DEP_ER | DEP_SR)), NULL, 0, &tail);
	while (head < tail) {
		struct lock_class *c = bfs_queue[head];
		int r = bfs_queue_r[head++];

		if (c == prev) {
			/* Entered as recursive reader, left as reader: no. */
			if (!(r && prev_shared))
				return r;
			continue;
		}
		for (i = 0; i < c->nr_deps; i++) {
			unsigned int k = c->deps[i].kinds;

			if (r)	/* a recursive reader cannot block a reader */
				k &= DEP_FROM_E;
			if (k & (DEP_EN | DEP_SN))
				bfs_visit(c->deps[i].to, 0, c, r, &tail);
			if (k & (DEP_ER | DEP_SR))
				bfs_visit(c->deps[i].to, 1, c, r, &tail);
		}
	}
	return -1;
}

/* The existing chain of the cycle being reported: path[0] is next. */
#define REPORT_PATH_MAX 64
static __thread struct lock_class *report_path[REPORT_PATH_MAX];
static __thread int report_path_len;

/*
 * Writes "next -> ... -> prev" (the existing chain) into buf, and keeps
 * the chain's classes for report_cycle(). graph_lock held.
 */
static void format_chain(char *buf, size_t len, struct lock_class *prev, int r)
{
	struct lock_class *path[REPORT_PATH_MAX];
	int n = 0, i;
	size_t off = 0;
	struct lock_class *c = prev;

	while (c && n < REPORT_PATH_MAX) {
		struct lock_class *p = c->bfs_parent[r];

		path[n++] = c;
		r = c->bfs_parent_r[r];
		c = p;
	}
	buf[0] = 0;
	report_path_len = n;
	for (i = n - 1; i >= 0; i--) {
		report_path[n - 1 - i] = path[i];
		if (off < len)
			off += snprintf(buf + off, len - off, "%s%s",
					path[i]->name, i ? " -> " : "");
	}
}

static bool chain_has_type(struct lock_class *prev, int r,
			   enum lockdep_lock_type type)
{
	struct lock_class *c = prev;
	int n = 0;

	while (c && n++ < 64) {
		struct lock_class *p = c->bfs_parent[r];

		if (c->type == type)
			return true;
		r = c->bfs_parent_r[r];
		c = p;
	}
	return false;
}

static struct lock_dep *find_dep(struct lock_class *from,
				 struct lock_class *to)
{
	unsigned int i;

	for (i = 0; i < from->nr_deps; i++)
		if (from->deps[i].to == to)
			return &from->deps[i];
	return NULL;
}

static void dep_trace_save(struct lock_class *from, struct lock_class *to);

static struct lock_dep *add_dep(struct lock_class *from,
				struct lock_class *to)
{
	if (from->nr_deps == from->cap_deps) {
		unsigned int cap = from->cap_deps ? from->cap_deps * 2 : 4;
		struct lock_dep *d = realloc(from->deps, cap * sizeof(*d));

		if (!d)
			return NULL;
		from->deps = d;
		from->cap_deps = cap;
	}
	from->deps[from->nr_deps].to = to;
	from->deps[from->nr_deps].kinds = 0;
	dep_trace_save(from, to);
	return &from->deps[from->nr_deps++];
}

/*
 * Report printing. A dependency's stack is saved when the dependency is
 * first recorded (a new edge: rare), in a table beside the graph, and
 * printed only in a report, as lockdep's "-> #N" entries.
 */
#define DEP_TRACE_DEPTH 16
#define DEP_TRACE_SLOTS 8192

struct dep_trace {
	unsigned long gen; /* graph_gen when saved; 0: empty */
	unsigned int from, to;
	unsigned int nr;
	unsigned long ip[DEP_TRACE_DEPTH];
};

static struct dep_trace *dep_traces; /* graph_lock */

static struct dep_trace *dep_trace_slot(unsigned int from, unsigned int to,
					bool add)
{
	unsigned int h = (from * 2654435761u) ^ (to * 40503u), i;

	if (!dep_traces) {
		if (!add)
			return NULL;
		dep_traces = calloc(DEP_TRACE_SLOTS, sizeof(*dep_traces));
		if (!dep_traces)
			return NULL;
	}
	for (i = 0; i < 8; i++) {
		struct dep_trace *d = &dep_traces[(h + i) % DEP_TRACE_SLOTS];

		if (d->gen == graph_gen && d->from == from && d->to == to)
			return d;
		if (add && d->gen != graph_gen)
			return d;
	}
	return NULL; /* full around here: the report says so */
}

/* The stack that recorded from -> to, for a later report. graph_lock held. */
static __attribute__((noinline)) void dep_trace_save(struct lock_class *from,
						     struct lock_class *to)
{
	struct dep_trace *d = dep_trace_slot(from->id, to->id, true);

	if (!d)
		return;
	d->gen = graph_gen;
	d->from = from->id;
	d->to = to->id;
	d->nr = stack_trace_save(d->ip, DEP_TRACE_DEPTH, 1);
}

static void print_lock_name(const char *prefix, struct lock_class *c)
{
	if (c->subclass)
		printk("%s(%s)/%u\n", prefix, c->name, c->subclass);
	else
		printk("%s(%s)\n", prefix, c->name);
}

void lockdep_print_held_locks(void)
{
	struct lockdep_thread *t = tls_ld;
	struct task_struct *task = current;
	int i;

	if (!t || !t->depth) {
		printk("no locks held by %s/%d.\n", task ? task->comm : "?",
		       task ? task->pid : 0);
		return;
	}
	printk("%d lock%s held by %s/%d:\n", t->nr_instances,
	       t->nr_instances > 1 ? "s" : "", task ? task->comm : "?",
	       task ? task->pid : 0);
	for (i = 0; i < t->depth; i++)
		printk(" #%d: (%s)%s%s\n", i, t->held[i].class->name,
		       t->held[i].read ? " (read)" : "",
		       t->held[i].refs > 1 ? " (nested)" : "");
}

/* One "-> #N (lock):" entry with the stack that recorded the dependency. */
static void print_chain_entry(int n, struct lock_class *from,
			      struct lock_class *to)
{
	struct dep_trace copy = { 0 }, *d;

	printk("\n-> #%d (%s):\n", n, to->name);
	pthread_mutex_lock(&graph_lock);
	d = dep_trace_slot(from->id, to->id, false);
	if (d)
		copy = *d;
	pthread_mutex_unlock(&graph_lock);
	if (d)
		stack_trace_print(copy.ip, copy.nr, 7);
	else
		printk("       (stack not recorded)\n");
}

static __attribute__((noinline)) void report_cycle(struct lock_class *prev,
						   struct lock_class *next,
						   const char *chain,
						   bool signalling)
{
	struct task_struct *t = current;
	const char *comm = t ? t->comm : "thread";
	int pid = t ? t->pid : 0;
	unsigned long now[DEP_TRACE_DEPTH];
	unsigned int nr;
	int i, n = report_path_len;

	if (!report_begin(signalling ? REPORT_SIGNALLING : REPORT_LOCKDEP))
		return;
	nr = stack_trace_save(now, DEP_TRACE_DEPTH, 1);
	printk("======================================================\n");
	printk("WARNING: possible circular locking dependency detected%s\n",
	       signalling ? " (through a fence signalling section)" : "");
	printk("------------------------------------------------------\n");
	printk("%s/%d is trying to acquire lock:\n", comm, pid);
	print_lock_name(" ", next);
	printk("\nbut task is already holding lock:\n");
	print_lock_name(" ", prev);
	printk("\nwhich lock already depends on the new lock.\n\n");
	printk("the existing dependency chain (in reverse order) is: %s\n",
	       chain);
	/* report_path: next -> ... -> prev; each entry is its in-edge. */
	for (i = n - 1; i >= 1; i--)
		print_chain_entry(i, report_path[i - 1], report_path[i]);
	printk("\n-> #0 (%s):\n", next->name);
	stack_trace_print(now, nr, 7);
	printk("\nother info that might help us debug this:\n\n");
	if (n == 2) {
		printk(" Possible unsafe locking scenario:\n\n");
		printk("       CPU0                    CPU1\n");
		printk("       ----                    ----\n");
		printk("  lock(%s);\n", prev->name);
		printk("                               lock(%s);\n",
		       next->name);
		printk("                               lock(%s);\n",
		       prev->name);
		printk("  lock(%s);\n", next->name);
		printk("\n *** DEADLOCK ***\n\n");
	} else {
		printk("Chain exists of:\n  %s --> %s --> %s\n\n", prev->name,
		       next->name, prev->name);
	}
	lockdep_print_held_locks();
	printk("\nstack backtrace:\n");
	report_print_task();
	report_print_stack(1);
	report_end();
}

static inline struct edge_cache_ent *edge_cache_slot(struct lockdep_thread *t,
						     struct lock_class *prev,
						     struct lock_class *next,
						     unsigned int kind)
{
	return &t->cache[(prev->id * 31u + next->id * 7u + kind) %
			 EDGE_CACHE_SIZE];
}

/*
 * Has this thread already recorded prev -(kind)-> next since the graph
 * was last reset? Then the edge is in the graph and was checked.
 */
static inline bool edge_cached(struct lockdep_thread *t,
			       struct lock_class *prev,
			       struct lock_class *next, unsigned int kind)
{
	const struct edge_cache_ent *ce = edge_cache_slot(t, prev, next, kind);

	return ce->gen == __atomic_load_n(&graph_gen, __ATOMIC_ACQUIRE) &&
	       ce->from == prev->id && ce->to == next->id &&
	       ce->kinds == kind;
}

/*
 * Record prev -(kind)-> next in the graph; report if it closes a deadlock
 * cycle. The caller found it missing from the thread's edge cache.
 */
static __attribute__((noinline)) void
check_edge_slow(struct lockdep_thread *t, struct lock_class *prev,
		struct lock_class *next, unsigned int kind)
{
	struct edge_cache_ent *ce = edge_cache_slot(t, prev, next, kind);
	unsigned long gen;
	struct lock_dep *d;
	char chain[512];
	bool signalling = false;
	int r = -1;

	pthread_mutex_lock(&graph_lock);
	d = find_dep(prev, next);
	if (!d || !(d->kinds & kind)) {
		r = find_cycle(prev, next, kind);
		if (r >= 0) {
			format_chain(chain, sizeof(chain), prev, r);
			signalling = chain_has_type(prev, r,
						    LD_LOCK_FENCE_SIGNALLING) ||
				     next->type == LD_LOCK_FENCE_SIGNALLING;
		}
		/* Keep the edge even if bad, so one cycle reports once. */
		if (!d)
			d = add_dep(prev, next);
		if (d)
			d->kinds |= kind;
	}
	gen = graph_gen;
	pthread_mutex_unlock(&graph_lock);
	if (d) {
		ce->gen = gen;
		ce->from = prev->id;
		ce->to = next->id;
		ce->kinds = kind;
	}
	if (r >= 0)
		report_cycle(prev, next, chain, signalling);
}

/* Record prev -(kind)-> next; report if it closes a deadlock cycle. */
static inline void check_edge(struct lockdep_thread *t,
			      struct lock_class *prev,
			      struct lock_class *next, unsigned int kind)
{
	if (!edge_cached(t, prev, next, kind))
		check_edge_slow(t, prev, next, kind);
}

void lockdep_reset(void)
{
	unsigned int h;
	struct lock_class *c;

	pthread_mutex_lock(&graph_lock);
	for (h = 0; h < CLASS_HASH_SIZE; h++) {
		for (c = class_hash[h]; c; c = c->hash_next) {
			free(c->deps);
			c->deps = NULL;
			c->nr_deps = c->cap_deps = 0;
			c->recursion_reported = false;
		}
	}
	__atomic_store_n(&graph_gen, graph_gen + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&graph_lock);
}

/* Held locks */

static bool held_push(struct lockdep_thread *t, struct held_lock *hl)
{
	if (t->depth == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct held_lock *n = realloc(t->held, cap * sizeof(*n));

		if (!n)
			return false;
		t->held = n;
		t->cap = cap;
	}
	t->held[t->depth++] = *hl;
	return true;
}

static void cls_count(struct lockdep_thread *t, struct lock_class *c,
		      int read, int delta)
{
	t->cls[c->id].held += delta;
	if (read != 2)
		t->cls[c->id].nonrec += delta;
	t->nr_instances += delta;
}

static __attribute__((noinline)) void report_recursion(struct lockdep_thread *t,
						       struct lock_class *c,
						       struct lockdep_map *map)
{
	bool was;

	pthread_mutex_lock(&graph_lock);
	was = c->recursion_reported;
	c->recursion_reported = true;
	pthread_mutex_unlock(&graph_lock);
	if (was || !report_begin(REPORT_LOCKDEP))
		return;
	printk("============================================\n");
	printk("WARNING: possible recursive locking detected\n");
	printk("--------------------------------------------\n");
	printk("%s/%d is trying to acquire lock:\n",
	       current ? current->comm : "thread", current ? current->pid : 0);
	printk(" (%s) (class %s)\n", map_name(map), c->name);
	printk("\nbut task is already holding lock:\n");
	print_lock_name(" ", c);
	printk("\nother info that might help us debug this:\n");
	printk(" Possible unsafe locking scenario:\n\n");
	printk("       CPU0\n       ----\n  lock(%s);\n  lock(%s);\n", c->name,
	       c->name);
	printk("\n *** DEADLOCK ***\n\n");
	printk(" May be due to missing lock nesting notation (a subclass, "
	       "_nested, or a nest lock)\n\n");
	lockdep_print_held_locks();
	printk("\nstack backtrace:\n");
	report_print_task();
	report_print_stack(1);
	report_end();
}

/* The kind of the edge from a held lock to a lock taken as @read. */
static inline unsigned int edge_kind(const struct held_lock *from, int read)
{
	if (from->read)
		return read == 2 ? DEP_SR : DEP_SN;
	return read == 2 ? DEP_ER : DEP_EN;
}

/* Edges from the top held lock (and trylocks above the first real one). */
static void add_order_edges(struct lockdep_thread *t, struct lock_class *c,
			    int read)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--) {
		struct held_lock *h = &t->held[i];

		if (h->class != c)
			check_edge(t, h->class, c, edge_kind(h, read));
		if (!h->trylock)
			break;
	}
}

static __attribute__((noinline)) void
lock_acquire_slow(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock)
{
	struct held_lock hl = { .map = map, .refs = 1, .read = read,
				.trylock = !!trylock };
	struct lockdep_thread *t;
	struct lock_class *c;
	bool nested = false;

	t = ld_thread();
	c = map_class(map, subclass);
	if (!t || !c || !ld_cls_reserve(t, c->id))
		return;
	if (nest_lock) {
		struct lock_class *nc = map_class(nest_lock, 0);

		nested = nc && nc->id < t->cls_cap && t->cls[nc->id].held;
	}
	/* Same class under the same nest lock, on top: one entry. */
	if (nested && t->depth && t->held[t->depth - 1].class == c) {
		struct held_lock *top = &t->held[t->depth - 1];

		top->refs++;
		top->merged = true;
		cls_count(t, c, top->read, 1);
		return;
	}
	if (!trylock) {
		if (t->cls[c->id].held && !nested &&
		    !(read == 2 && !t->cls[c->id].nonrec))
			report_recursion(t, c, map);
		add_order_edges(t, c, read);
	}
	hl.class = c;
	if (held_push(t, &hl))
		cls_count(t, c, read, 1);
}

/*
 * The common case inline, the rest in lock_acquire_slow(): a lock of a
 * known class (subclass 0), not a trylock, no instance of its class held
 * unless under its held nest lock (whose class is known), a non-trylock
 * on top of the stack (so the one order edge to check is from the top
 * lock) and room on the stack. Same checks as the slow path, in that
 * case: the recursion check is the "class not held" condition, the order
 * check is the edge from the top; a lock of the top entry's class under
 * its held nest lock joins that entry (ww_mutexes in one context).
 */
void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock)
{
	struct lockdep_thread *t;
	struct lock_class *c, *nc;
	struct ld_cls_count *cc;
	struct held_lock *h;
	bool nested = false;

	if (!ld_on())
		return;
	t = tls_ld;
	c = __atomic_load_n(&map->class_cache, __ATOMIC_ACQUIRE);
	if (unlikely(!t || !c || subclass || trylock ||
		     c->id >= t->cls_cap || t->depth == t->cap))
		goto slow;
	if (nest_lock) {
		nc = __atomic_load_n(&nest_lock->class_cache, __ATOMIC_ACQUIRE);
		if (unlikely(!nc || nc->id >= t->cls_cap))
			goto slow;
		nested = t->cls[nc->id].held;
	}
	cc = &t->cls[c->id];
	h = t->depth ? &t->held[t->depth - 1] : NULL;
	if (nested && h && h->class == c) {
		/* Same class under its held nest lock, on top: one entry. */
		h->refs++;
		h->merged = true;
		cc->held++;
		if (h->read != 2)
			cc->nonrec++;
		t->nr_instances++;
		return;
	}
	if (unlikely(cc->held && !nested))
		goto slow;
	if (h) {
		if (unlikely(h->trylock))
			goto slow;
		check_edge(t, h->class, c, edge_kind(h, read));
	}
	h = &t->held[t->depth++];
	h->map = map;
	h->class = c;
	h->refs = 1;
	h->read = read;
	h->trylock = false;
	h->merged = false;
	cc->held++;
	if (read != 2)
		cc->nonrec++;
	t->nr_instances++;
	return;
slow:
	lock_acquire_slow(map, subclass, trylock, read, nest_lock);
}

static bool held_match(const struct held_lock *h,
		       const struct lockdep_map *map)
{
	const struct lock_class *c;

	if (h->map == map)
		return true;
	if (!h->merged)
		return false;
	c = __atomic_load_n(&map->class_cache, __ATOMIC_ACQUIRE);
	return c == h->class;
}

void lock_release(struct lockdep_map *map)
{
	struct lockdep_thread *t;
	int i;

	if (!ld_on())
		return;
	t = ld_thread();
	if (!t)
		return;
	for (i = t->depth - 1; i >= 0; i--) {
		struct held_lock *h = &t->held[i];

		if (!held_match(h, map))
			continue;
		cls_count(t, h->class, h->read, -1);
		if (--h->refs)
			return;
		t->depth--;
		/* Usually the top entry: nothing above it to move down. */
		if (i < t->depth)
			memmove(h, h + 1, (t->depth - i) * sizeof(*h));
		return;
	}
	/* Taken while checking was off: cannot tell, stay quiet. */
	if (__atomic_load_n(&lockdep_toggled, __ATOMIC_RELAXED))
		return;
	report_emit(REPORT_LOCKDEP, "releasing lock %s that is not held",
		    map_name(map));
}

bool lock_is_held(const struct lockdep_map *map)
{
	struct lockdep_thread *t = tls_ld;
	int i;

	if (!t)
		return false;
	for (i = t->depth - 1; i >= 0; i--)
		if (held_match(&t->held[i], map))
			return true;
	return false;
}

int lockdep_depth(void)
{
	return tls_ld ? tls_ld->nr_instances : 0;
}

void lockdep_assert_no_locks_held(const char *where)
{
	struct lockdep_thread *t = tls_ld;

	if (lockdep_enabled() && t && t->depth)
		report_emit(REPORT_LOCKDEP, "%s: %d lock(s) held, first %s",
			    where, t->nr_instances, t->held[0].class->name);
}

/*
 * CONFIG_DEBUG_ATOMIC_SLEEP's check. There is no preempt count here: a
 * spinlock in the held-lock stack is what makes the context atomic.
 */
static __attribute__((noinline)) void
report_atomic_sleep(const char *file, int line, struct lockdep_map *spin)
{
	if (!report_begin(REPORT_LOCKDEP))
		return;
	printk("BUG: sleeping function called from invalid context at %s:%d\n",
	       file, line);
	printk("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: %d, "
	       "name: %s\n", current ? current->pid : 0,
	       current ? current->comm : "thread");
	printk("atomic: spinlock %s is held\n", map_name(spin));
	lockdep_print_held_locks();
	printk("\nstack backtrace:\n");
	report_print_task();
	report_print_stack(2);
	report_end();
}

void __might_sleep(const char *file, int line)
{
	struct lockdep_thread *t = tls_ld;
	int i;

	if (!ld_on() || !t)
		return;
	for (i = t->depth - 1; i >= 0; i--)
		if (t->held[i].map->type == LD_LOCK_SPIN) {
			report_atomic_sleep(file, line, t->held[i].map);
			return;
		}
}

#else /* !CONFIG_LOCKDEP */

void __might_sleep(const char *file, int line)
{
}

/* The out-of-line no-ops for code outside the library (see lockdep.h). */
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, enum lockdep_lock_type type)
{
	map->name = name;
	map->key = key;
	map->type = type;
}

void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock,
		  int read, struct lockdep_map *nest_lock)
{
}

void lock_release(struct lockdep_map *map)
{
}

bool lock_is_held(const struct lockdep_map *map)
{
	return true;
}

int lockdep_depth(void)
{
	return 0;
}

void lockdep_set_enabled(bool on)
{
}

bool lockdep_enabled(void)
{
	return false;
}

void lockdep_reset(void)
{
}

void lockdep_assert_no_locks_held(const char *where)
{
}

void lockdep_print_held_locks(void)
{
}

#endif /* CONFIG_LOCKDEP */

bool lockdep_built_in(void)
{
	return CONFIG_LOCKDEP;
}
