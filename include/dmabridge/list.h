/* SPDX-License-Identifier: GPL-2.0 */
/* Intrusive doubly linked lists (list_head) and hash lists (hlist). */
#ifndef DMABRIDGE_LIST_H
#define DMABRIDGE_LIST_H

#include <dmabridge/compiler.h>

/**
 * struct list_head - a node of an intrusive circular doubly linked list
 * @next: the next node (the head itself at the end)
 * @prev: the previous node
 *
 * As Linux's; the writes readers may race with use WRITE_ONCE(). Usable in
 * any context; the caller provides the locking.
 */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/**
 * INIT_LIST_HEAD() - make an empty list (or an unlinked node)
 * @list: the head
 */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

/**
 * __list_add() - insert a node between two known consecutive nodes
 * @new: the node
 * @prev: the node before
 * @next: the node after
 */
static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	WRITE_ONCE(prev->next, new);
}

/**
 * list_add() - insert a node right after the head (a stack)
 * @new: the node
 * @head: the list
 */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/**
 * list_add_tail() - insert a node at the end (a queue)
 * @new: the node
 * @head: the list
 */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

/**
 * __list_del() - link two nodes together, dropping what was between
 * @prev: the node before
 * @next: the node after
 */
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}

/**
 * list_del() - unlink a node
 * @entry: the node; its pointers are cleared (NULL)
 */
static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = NULL;
	entry->prev = NULL;
}

/**
 * list_del_init() - unlink a node and make it an empty list
 * @entry: the node
 */
static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

/**
 * list_move() - move a node to right after another head
 * @list: the node
 * @head: the new list
 */
static inline void list_move(struct list_head *list, struct list_head *head)
{
	__list_del(list->prev, list->next);
	list_add(list, head);
}

/**
 * list_move_tail() - move a node to the end of another list
 * @list: the node
 * @head: the new list
 */
static inline void list_move_tail(struct list_head *list,
				  struct list_head *head)
{
	__list_del(list->prev, list->next);
	list_add_tail(list, head);
}

/**
 * list_empty() - is a list empty?
 * @head: the list
 *
 * Return: true if it has no node.
 */
static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/**
 * list_is_singular() - does a list have exactly one node?
 * @head: the list
 *
 * Return: true if it has one.
 */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && (head->next == head->prev);
}

/**
 * list_splice_init() - move every node of a list to the front of another
 * @list: the source; left empty
 * @head: the destination
 */
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

/**
 * list_splice_tail_init() - move every node of a list to the end of another
 * @list: the source; left empty
 * @head: the destination
 */
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

/**
 * list_count_nodes() - count the nodes
 * @head: the list
 *
 * Return: the count.
 */
static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t n = 0;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

/**
 * list_entry - the struct a node is embedded in
 * @ptr: the node
 * @type: the struct type
 * @member: the name of the list_head in it
 */
#define list_entry(ptr, type, member) container_of(ptr, type, member)
/**
 * list_first_entry - the first entry of a non-empty list
 * @ptr: the head
 * @type: the struct type
 * @member: the name of the list_head in it
 */
#define list_first_entry(ptr, type, member) \
	list_entry((ptr)->next, type, member)
/**
 * list_last_entry - the last entry of a non-empty list
 * @ptr: the head
 * @type: the struct type
 * @member: the name of the list_head in it
 */
#define list_last_entry(ptr, type, member) \
	list_entry((ptr)->prev, type, member)
/**
 * list_first_entry_or_null - the first entry, or NULL if empty
 * @ptr: the head
 * @type: the struct type
 * @member: the name of the list_head in it
 */
#define list_first_entry_or_null(ptr, type, member)                        \
	({                                                                 \
		struct list_head *__head = (ptr);                          \
		struct list_head *__pos = READ_ONCE(__head->next);         \
		__pos != __head ? list_entry(__pos, type, member) : NULL;  \
	})
/**
 * list_next_entry - the entry after @pos
 * @pos: an entry
 * @member: the name of the list_head in it
 */
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
/**
 * list_prev_entry - the entry before @pos
 * @pos: an entry
 * @member: the name of the list_head in it
 */
#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)
/**
 * list_entry_is_head - has an iteration reached the head?
 * @pos: the entry cursor
 * @head: the head
 * @member: the name of the list_head in it
 */
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

/**
 * list_for_each - iterate over the nodes
 * @pos: the node cursor
 * @head: the list
 */
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)
/**
 * list_for_each_safe - iterate, allowing @pos to be removed
 * @pos: the node cursor
 * @n: temporary storage
 * @head: the list
 */
#define list_for_each_safe(pos, n, head)                                   \
	for (pos = (head)->next, n = pos->next; pos != (head);             \
	     pos = n, n = pos->next)
/**
 * list_for_each_entry - iterate over the entries
 * @pos: the entry cursor
 * @head: the list
 * @member: the name of the list_head in the entries
 */
#define list_for_each_entry(pos, head, member)                             \
	for (pos = list_first_entry(head, __typeof__(*pos), member);       \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = list_next_entry(pos, member))
/**
 * list_for_each_entry_reverse - iterate backwards
 * @pos: the entry cursor
 * @head: the list
 * @member: the name of the list_head in the entries
 */
#define list_for_each_entry_reverse(pos, head, member)                     \
	for (pos = list_last_entry(head, __typeof__(*pos), member);        \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = list_prev_entry(pos, member))
/**
 * list_for_each_entry_safe - iterate, allowing @pos to be removed
 * @pos: the entry cursor
 * @n: temporary storage
 * @head: the list
 * @member: the name of the list_head in the entries
 */
#define list_for_each_entry_safe(pos, n, head, member)                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member),       \
	    n = list_next_entry(pos, member);                              \
	     !list_entry_is_head(pos, head, member);                       \
	     pos = n, n = list_next_entry(n, member))

/**
 * struct hlist_head - a hash bucket: one pointer
 * @first: the first node, or NULL
 */
struct hlist_head {
	struct hlist_node *first;
};

/**
 * struct hlist_node - a node of a hash list
 * @next: the next node, or NULL
 * @pprev: the previous node's next pointer (or the head's first)
 */
struct hlist_node {
	struct hlist_node *next, **pprev;
};

#define HLIST_HEAD_INIT { .first = NULL }
#define INIT_HLIST_HEAD(ptr) ((ptr)->first = NULL)

/**
 * INIT_HLIST_NODE() - an unhashed node
 * @h: the node
 */
static inline void INIT_HLIST_NODE(struct hlist_node *h)
{
	h->next = NULL;
	h->pprev = NULL;
}

/**
 * hlist_unhashed() - is a node on no list?
 * @h: the node
 *
 * Return: true if unhashed.
 */
static inline bool hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

/**
 * hlist_empty() - is a bucket empty?
 * @h: the bucket
 *
 * Return: true if empty.
 */
static inline bool hlist_empty(const struct hlist_head *h)
{
	return !READ_ONCE(h->first);
}

/**
 * hlist_del_init() - unlink a node (if hashed) and make it unhashed
 * @n: the node
 */
static inline void hlist_del_init(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	INIT_HLIST_NODE(n);
}

/**
 * hlist_add_head() - add a node at the front of a bucket
 * @n: the node
 * @h: the bucket
 */
static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	WRITE_ONCE(h->first, n);
	n->pprev = &h->first;
}

/**
 * hlist_entry - the struct a hash node is embedded in
 * @ptr: the node
 * @type: the struct type
 * @member: the name of the hlist_node in it
 */
#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
/**
 * hlist_entry_safe - hlist_entry(), or NULL for a NULL node
 * @ptr: the node, or NULL
 * @type: the struct type
 * @member: the name of the hlist_node in it
 */
#define hlist_entry_safe(ptr, type, member)                                \
	({                                                                 \
		__typeof__(ptr) ____ptr = (ptr);                           \
		____ptr ? hlist_entry(____ptr, type, member) : NULL;       \
	})
/**
 * hlist_for_each_entry - iterate over a bucket's entries
 * @pos: the entry cursor
 * @head: the bucket
 * @member: the name of the hlist_node in the entries
 */
#define hlist_for_each_entry(pos, head, member)                            \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*(pos)),     \
				    member);                               \
	     pos; pos = hlist_entry_safe((pos)->member.next,               \
					 __typeof__(*(pos)), member))
/**
 * hlist_for_each_entry_safe - iterate, allowing @pos to be removed
 * @pos: the entry cursor
 * @n: temporary node storage
 * @head: the bucket
 * @member: the name of the hlist_node in the entries
 */
#define hlist_for_each_entry_safe(pos, n, head, member)                    \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*pos),       \
				    member);                               \
	     pos && ({                                                     \
		     n = pos->member.next;                                 \
		     1;                                                    \
	     });                                                           \
	     pos = hlist_entry_safe(n, __typeof__(*pos), member))

#endif
