/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udmabuf: /dev/udmabuf turns ranges of memfds into a dma-buf
 * (UDMABUF_CREATE, UDMABUF_CREATE_LIST of <linux/udmabuf.h>). The memfd
 * pages are pinned long-term (moved out of ZONE_MOVABLE/CMA first), so
 * the buffer is page-backed and never moves.
 */
#ifndef DMABRIDGE_UDMABUF_H
#define DMABRIDGE_UDMABUF_H

#include <linux/udmabuf.h>
#include <dmabridge/types.h>

struct platform;
struct dma_buf;

#define UDMABUF_PATH "/dev/udmabuf"
/* Linux's module parameters list_limit and size_limit_mb (defaults). */
#define UDMABUF_LIST_LIMIT 1024u
#define UDMABUF_SIZE_LIMIT_MB 64u

/**
 * udmabuf_create_devnode() - register /dev/udmabuf on a platform
 * @plat: the platform (platform_create() calls this)
 *
 * Context: process context; may sleep.
 * Return: 0, -EEXIST if it is already registered, -ENOMEM.
 */
int udmabuf_create_devnode(struct platform *plat);
/**
 * udmabuf_destroy_devnode() - unregister /dev/udmabuf
 * @plat: the platform
 *
 * Context: process context; may sleep.
 */
void udmabuf_destroy_devnode(struct platform *plat);

/**
 * udmabuf_create() - the kernel side of UDMABUF_CREATE and UDMABUF_CREATE_LIST
 * @head: flags and count (UDMABUF_FLAGS_CLOEXEC is the only flag)
 * @list: @head->count ranges of memfds (page-aligned offsets and sizes)
 *
 * Pins the memfd pages long-term (migrating them out of ZONE_MOVABLE and
 * CMA first) and exports them as one dma-buf of current.
 *
 * Context: process context, with a current task; may sleep.
 * Return: a new dma-buf fd, or -EINVAL (bad flags, misaligned or empty
 * range, more than UDMABUF_LIST_LIMIT ranges or UDMABUF_SIZE_LIMIT_MB,
 * a range past the end of its memfd, a memfd not sealed with F_SEAL_SHRINK
 * or sealed against writes), -EBADF (no such fd), -EBADFD (not a
 * memfd), -ENOMEM.
 */
long udmabuf_create(const struct udmabuf_create_list *head,
		    const struct udmabuf_create_item *list);

#endif
