/* SPDX-License-Identifier: GPL-2.0 */
/* Intrusive doubly linked lists (list_head) and hash lists (hlist). */
#ifndef DMABRIDGE_LIST_H
#define DMABRIDGE_LIST_H

#include <dmabridge/compiler.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	WRITE_ONCE(prev->next, new);
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

static inline void list_move(struct list_head *list, struct list_head *head)
{
	__list_del(list->prev, list->next);
	list_add(list, head);
}

static inline void list_move_tail(struct list_head *list,
				  struct list_head *head)
{
	__list_del(list->prev, list->next);
	list_add_tail(list, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && (head->next == head->prev);
}

static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (!list_empty(list)) {
		struct list_head *first = list->next, *last = list->prev;
		struct list_head *at = head->next;

		first->prev = head;
		head->next = first;
		last->next = at;
		at->prev = last;
		INIT_LIST_HEAD(list);
	}
}

static inline void list_splice_tail_init(struct list_head *list,
					 struct list_head *head)
{
	if (!list_empty(list)) {
		struct list_head *first = list->next, *last = list->prev;
		struct list_head *at = head->prev;

		first->prev = at;
		at->next = first;
		last->next = head;
		head->prev = last;
		INIT_LIST_HEAD(list);
	}
}

static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t n = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) \
	list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) \
	list_entry((ptr)->prev, type, member)
#define list_first_entry_or_null(ptr, type, member)                        \
	({                                                                 \
		struct list_head *__head = (ptr);                          \
		struct list_head *__pos = READ_ONCE(__head->next);         \
		__pos != __head ? list_entry(__pos, type, member) : NULL;  \
	})
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_safe(pos, n, head)                                   \
	for (pos = (head)->next, n = pos->next; pos != (head);             \
	     pos = n, n = pos->next)
#define list_for_each_entry(pos, head, member)                             \
	for (pos = list_first_entry(head, __typeof__(*pos), member);       \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, head, member)                     \
	for (pos = list_last_entry(head, __typeof__(*pos), member);        \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = list_prev_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member),       \
	    n = list_next_entry(pos, member);                              \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = n, n = list_next_entry(n, member))

/* Hash lists: one pointer per bucket head. */
struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#define HLIST_HEAD_INIT { .first = NULL }
#define INIT_HLIST_HEAD(ptr) ((ptr)->first = NULL)

static inline void INIT_HLIST_NODE(struct hlist_node *h)
{
	h->next = NULL;
	h->pprev = NULL;
}

static inline bool hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline bool hlist_empty(const struct hlist_head *h)
{
	return !READ_ONCE(h->first);
}

static inline void hlist_del_init(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	INIT_HLIST_NODE(n);
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	WRITE_ONCE(h->first, n);
	n->pprev = &h->first;
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member)                                \
	({                                                                 \
		__typeof__(ptr) ____ptr = (ptr);                           \
		____ptr ? hlist_entry(____ptr, type, member) : NULL;       \
	})
#define hlist_for_each_entry(pos, head, member)                            \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)),     \
				    member);                               \
	     pos; pos = hlist_entry_safe((pos)->member.next,               \
					 __typeof__(*(pos)), member))
#define hlist_for_each_entry_safe(pos, n, head, member)                    \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*pos),       \
				    member);                               \
	     pos && ({                                                     \
		     n = pos->member.next;                                 \
		     1;                                                    \
	     });                                                           \
	     pos = hlist_entry_safe(n, __typeof__(*pos), member))

#endif
