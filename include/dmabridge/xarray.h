/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xarray: a sparse array of pointers indexed by unsigned long, as a radix
 * tree of 64-slot nodes. Memory is proportional to the entries stored, not
 * to the largest index: one entry at index 2^40 costs a handful of nodes.
 *
 * A subset of Linux's <linux/xarray.h> (same names and return conventions)
 * with a modelling difference: the caller serialises every call (shmem
 * holds its inode lock). Linux's xarray has its own spinlock and RCU-safe
 * lookups, plus marks and multi-index entries; none of those are built.
 * Entries must be pointers aligned to 4 bytes (the low bits encode errors).
 */
#ifndef DMABRIDGE_XARRAY_H
#define DMABRIDGE_XARRAY_H

#include <dmabridge/types.h>

struct xa_node;

/**
 * struct xarray - a sparse array of pointers
 * @xa_head: the root node (or NULL when empty)
 */
struct xarray {
	struct xa_node *xa_head;
};

#define XARRAY_INIT(name) { .xa_head = NULL }
#define DEFINE_XARRAY(name) struct xarray name = XARRAY_INIT(name)

/**
 * xa_mk_err() - an errno as an error entry
 * @err: a negative errno
 *
 * Errors travel in the entry, as Linux's internal entries:
 * (errno << 2) | 2.
 *
 * Context: any context.
 * Return: the entry.
 */
static inline void *xa_mk_err(long err)
{
	return (void *)(((unsigned long)err << 2) | 2UL);
}

/**
 * xa_is_err() - is an entry an error?
 * @entry: what xa_store() returned
 *
 * Context: any context.
 * Return: true for an error entry.
 */
static inline bool xa_is_err(const void *entry)
{
	return ((unsigned long)entry & 3UL) == 2UL &&
	       (long)entry >= -4095L * 4;
}

/**
 * xa_err() - the errno of an entry
 * @entry: what xa_store() returned
 *
 * Context: any context.
 * Return: 0, or the negative errno it carries.
 */
static inline int xa_err(const void *entry)
{
	return xa_is_err(entry) ? (int)((long)entry >> 2) : 0;
}

/**
 * xa_init() - an empty array
 * @xa: the array
 *
 * Context: any context.
 */
static inline void xa_init(struct xarray *xa)
{
	xa->xa_head = NULL;
}

/**
 * xa_empty() - is the array empty?
 * @xa: the array
 *
 * Context: the caller serialises against stores and erases.
 * Return: true if no entry is stored.
 */
static inline bool xa_empty(const struct xarray *xa)
{
	return !xa->xa_head;
}

/**
 * xa_load() - the entry at an index
 * @xa: the array
 * @index: the index
 *
 * Context: the caller serialises against stores and erases.
 * Return: the entry, or NULL if none is stored there.
 */
void *xa_load(const struct xarray *xa, unsigned long index);

/**
 * xa_store() - store an entry, replacing what was there
 * @xa: the array
 * @index: the index
 * @entry: the new entry (NULL erases)
 * @gfp: allocation flags for new nodes
 *
 * Context: the caller serialises every access; may allocate with @gfp.
 * Return: the old entry (NULL if none), or an error entry (check with
 * xa_is_err()/xa_err(): -ENOMEM, or -EINVAL for a misaligned @entry);
 * on error the array is unchanged.
 */
void *xa_store(struct xarray *xa, unsigned long index, void *entry,
	       gfp_t gfp);

/**
 * xa_erase() - remove the entry at an index
 * @xa: the array
 * @index: the index
 *
 * Frees the nodes the removal leaves empty.
 *
 * Context: the caller serialises every access; never allocates.
 * Return: the entry that was there, or NULL.
 */
void *xa_erase(struct xarray *xa, unsigned long index);

/**
 * xa_find() - the first entry at or after an index
 * @xa: the array
 * @indexp: in: where to start; out: the index of the entry found
 * @max: the last index to consider
 *
 * Context: the caller serialises against stores and erases.
 * Return: the entry, or NULL if none in [*@indexp, @max] (then *@indexp
 * is unchanged).
 */
void *xa_find(const struct xarray *xa, unsigned long *indexp,
	      unsigned long max);

/**
 * xa_find_after() - the first entry after an index
 * @xa: the array
 * @indexp: in: the index already seen; out: the index of the entry found
 * @max: the last index to consider
 *
 * Context: the caller serialises against stores and erases.
 * Return: the entry, or NULL.
 */
void *xa_find_after(const struct xarray *xa, unsigned long *indexp,
		    unsigned long max);

/**
 * xa_destroy() - free every node (not the entries)
 * @xa: the array, empty afterwards
 *
 * Context: the caller serialises every access.
 */
void xa_destroy(struct xarray *xa);

/**
 * xa_for_each_start - every entry from an index on, in index order
 * @xa: the array
 * @index: unsigned long: the current index
 * @entry: the current entry
 * @start: the first index
 *
 * The body may erase the current entry.
 */
#define xa_for_each_start(xa, index, entry, start)                          \
	for (index = (start), entry = xa_find(xa, &index, ~0UL); entry;      \
	     entry = xa_find_after(xa, &index, ~0UL))
/**
 * xa_for_each - every entry, in index order
 * @xa: the array
 * @index: unsigned long: the current index
 * @entry: the current entry
 */
#define xa_for_each(xa, index, entry) xa_for_each_start(xa, index, entry, 0)

#endif
