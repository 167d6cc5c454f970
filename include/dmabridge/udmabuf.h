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

/* Register /dev/udmabuf (platform_create); 0, -EEXIST, -ENOMEM. */
int udmabuf_create_devnode(struct platform *plat);
void udmabuf_destroy_devnode(struct platform *plat);

/*
 * The kernel side of both ioctls, for current: a new dma-buf fd, or
 * -EINVAL (flags, alignment, empty, limits, range past the end of the
 * memfd), -EBADF (no such fd), -EBADFD (not a memfd), -ENOMEM.
 */
long udmabuf_create(const struct udmabuf_create_list *head,
		    const struct udmabuf_create_item *list);

#endif
