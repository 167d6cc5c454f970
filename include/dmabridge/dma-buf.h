/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma-buf: a buffer one driver (the exporter) shares with others (the
 * importers) and with processes through a file descriptor. Follows
 * Linux's include/linux/dma-buf.h as of 7.1 (invalidate_mappings,
 * dma_buf_attach_revocable) plus the mapping-types RFC (Jason Gunthorpe,
 * "Add DMA-buf mapping types", 2026, not merged): the importer lists the
 * mapping types it accepts, the exporter's ->match_mapping lists what it
 * offers in its order of preference, and dma_buf_match_mapping() picks
 * the exporter's first one the importer accepts (SGT, physical address
 * list). Marked "dmabridge:" below is what neither mainline nor the RFC
 * has: the DMA address vector type, per-range provider/attributes, the
 * move/revoke/restore helpers, ->fault_pfn, dma_buf_get_from_vma and the
 * frame-vector route.
 *
 * Locking convention (checked with dma_resv_assert_held):
 * - importers hold dmabuf->resv for dma_buf_pin/unpin, every map/unmap
 *   and dma_buf_vmap/vunmap; the *_unlocked variants take it;
 * - importers must not hold it for attach/detach/export/fd/get/put/mmap,
 *   begin/end_cpu_access;
 * - exporter callbacks pin, unpin, map_dma_buf, unmap_dma_buf, map_phys,
 *   unmap_phys, vmap and vunmap run with it held; attach, detach,
 *   release, begin/end_cpu_access and mmap without it;
 * - exporters hold it for dma_buf_invalidate_mappings(), move and revoke.
 */
#ifndef DMABRIDGE_DMA_BUF_H
#define DMABRIDGE_DMA_BUF_H

#include <stdio.h>
#include <dmabridge/types.h>
#include <dmabridge/list.h>
#include <dmabridge/fs.h>
#include <dmabridge/wait.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/dma-fence.h>
#include <dmabridge/iosys-map.h>
#include <dmabridge/sanitizer.h>
#include <dmabridge/mm_types.h>
#include <dmabridge/dma-mapping.h>

struct dma_buf;
struct dma_buf_attachment;
struct dma_resv;
struct device;
struct sg_table;
struct vm_area_struct;
struct p2pdma_provider;
struct platform;

/**
 * enum dma_buf_mapping_type - how an importer reaches the memory
 * @DMA_BUF_MAPPING_SGT: struct sg_table: the legacy path (DMA addresses
 * 	only, for P2P)
 * @DMA_BUF_MAPPING_DMA_VEC: dmabridge: {dma_addr, len} ranges for the
 * 	attaching device
 * @DMA_BUF_MAPPING_PAL: the RFC's physical address list; needs no device
 * @DMA_BUF_MAPPING_NR: number of types
 *
 * Attach negotiates one (dma_buf_match_mapping()).
 */
enum dma_buf_mapping_type {
	/* struct sg_table: the legacy path (DMA-address only for P2P). */
	DMA_BUF_MAPPING_SGT,
	/* dmabridge: {dma_addr, len} ranges for the attaching device. */
	DMA_BUF_MAPPING_DMA_VEC,
	/* The RFC's physical address list (PAL); needs no device. */
	DMA_BUF_MAPPING_PAL,
	DMA_BUF_MAPPING_NR,
};

/**
 * struct dma_buf_mapping_match - one mapping type an exporter offers
 * @type: the mapping type
 * @p2p: the P2P provider of the memory this offer hands out, or NULL for
 *	RAM. A P2P offer matches only an importer that allows peer2peer
 *	and, for SGT and DMA_VEC, a device that can reach @p2p.
 *
 * The RFC's struct of the same name carries the type's exporter ops and,
 * for SGT_P2P, the exporting pci_dev; dmabridge keeps the ops in
 * struct dma_buf_ops and names the provider instead.
 */
struct dma_buf_mapping_match {
	enum dma_buf_mapping_type type;
	struct p2pdma_provider *p2p;
};

#define DMA_BUF_EMAPPING_SGT \
	{ .type = DMA_BUF_MAPPING_SGT, .p2p = NULL }
#define DMA_BUF_EMAPPING_SGT_P2P(prov) \
	{ .type = DMA_BUF_MAPPING_SGT, .p2p = (prov) }
#define DMA_BUF_EMAPPING_PAL \
	{ .type = DMA_BUF_MAPPING_PAL, .p2p = NULL }
#define DMA_BUF_EMAPPING_PAL_P2P(prov) \
	{ .type = DMA_BUF_MAPPING_PAL, .p2p = (prov) }
/* dmabridge: the DMA address vector offers. */
#define DMA_BUF_EMAPPING_DMA_VEC \
	{ .type = DMA_BUF_MAPPING_DMA_VEC, .p2p = NULL }
#define DMA_BUF_EMAPPING_DMA_VEC_P2P(prov) \
	{ .type = DMA_BUF_MAPPING_DMA_VEC, .p2p = (prov) }

/**
 * struct dma_buf_match_args - what attach passes to ->match_mapping
 * @dmabuf: the buffer
 * @attach: the new attachment (dev may be NULL: a PAL-only importer)
 * @imp: the importer's accepted types
 * @imp_len: entries in @imp
 * @allow_p2p: the importer can handle P2P memory
 */
struct dma_buf_match_args {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	const enum dma_buf_mapping_type *imp;
	size_t imp_len;
	bool allow_p2p;
};

/**
 * dma_buf_match_mapping - pick the mapping type of a new attachment
 * @args: from attach
 * @exp: the exporter's offers, most preferred first
 * @exp_len: entries in @exp
 *
 * The exporter's order decides: its first offer the importer accepts
 * (and, for a P2P offer, can use: it allows P2P and, except for PAL, its
 * device reaches the provider) wins; it sets @args->attach's mapping_type
 * and peer2peer.
 *
 * Context: called from ->match_mapping with the resv lock held.
 * Return: 0, or -EINVAL when no offer matches.
 */
int dma_buf_match_mapping(struct dma_buf_match_args *args,
			  const struct dma_buf_mapping_match *exp,
			  size_t exp_len);

#define DMA_BUF_MAPPING_BIT(t) (1u << (t))

/**
 * dma_buf_mapping_type_name() - a mapping type's name, for bufinfo
 * @type: the type
 *
 * Context: any context.
 * Return: "sgt", "dma-vec", "phys-list", or "?" for an unknown value.
 */
const char *dma_buf_mapping_type_name(enum dma_buf_mapping_type type);

/*
 * dmabridge, not in the RFC: memory attributes of one physical range (low
 * bits: caching), and the provider per range (the RFC has one per list).
 */
#define DMA_BUF_MEM_CACHEABLE	0x0u
#define DMA_BUF_MEM_WC		0x1u	/* write-combining */
#define DMA_BUF_MEM_UNCACHED	0x2u
#define DMA_BUF_MEM_CACHE_MASK	0x3u
#define DMA_BUF_MEM_ENCRYPTED	0x4u	/* private to a confidential guest */

/**
 * struct dma_buf_phys_range - one physical range of a physical address list
 * @vec: the range
 * @provider: the BAR's P2P provider; NULL for RAM (dmabridge: per range;
 * 	the RFC has one per list)
 * @attrs: DMA_BUF_MEM_* (dmabridge, not in the RFC)
 */
struct dma_buf_phys_range {
	struct phys_vec vec;
	/* The BAR's P2P provider; NULL for RAM. */
	struct p2pdma_provider *provider;
	unsigned int attrs;		/* DMA_BUF_MEM_* */
};

/**
 * struct dma_buf_phys_list - DMA_BUF_MAPPING_PAL: what map_phys returns
 * @size: the sum of the lengths
 * @nr_ranges: entries in @ranges
 * @ranges: the ranges, in buffer order
 */
struct dma_buf_phys_list {
	size_t size;			/* sum of the lengths */
	unsigned int nr_ranges;
	struct dma_buf_phys_range ranges[];
};

/**
 * dma_buf_phys_list_alloc() - allocate a physical address list
 * @nr_ranges: its number of ranges (zeroed; the exporter fills them)
 *
 * Context: may sleep (GFP_KERNEL).
 * Return: the list, or NULL when out of memory.
 */
struct dma_buf_phys_list *dma_buf_phys_list_alloc(unsigned int nr_ranges);
/**
 * dma_buf_phys_list_free() - free a dma_buf_phys_list_alloc() list
 * @list: the list, or NULL
 *
 * Context: any context.
 */
void dma_buf_phys_list_free(struct dma_buf_phys_list *list);

/* dmabridge, not upstream: the DMA address vector type. */
/**
 * struct dma_buf_dma_range - one range of a DMA address vector (dmabridge)
 * @addr: DMA address for the attaching device
 * @len: bytes
 */
struct dma_buf_dma_range {
	dma_addr_t addr;
	size_t len;
};

struct dma_buf_dma_map_state;	/* dma-buf-mapping.c: how to undo it */

/**
 * struct dma_buf_dma_vec - DMA_BUF_MAPPING_DMA_VEC: addresses for the device
 * @size: the sum of the lengths
 * @nr_ranges: entries in @ranges
 * @dir: the direction it was mapped for
 * @state: how to undo it (dma-buf-mapping.c)
 * @ranges: the ranges, in buffer order
 *
 * dmabridge's own mapping type, not upstream and not in the RFC.
 */
struct dma_buf_dma_vec {
	size_t size;
	unsigned int nr_ranges;
	enum dma_data_direction dir;
	struct dma_buf_dma_map_state *state;
	struct dma_buf_dma_range ranges[];
};

/**
 * struct dma_buf_ops - what an exporter does for the dma-buf core
 *
 * Which callbacks run with the buffer's resv lock held is in the locking
 * convention at the top of this file; each member says it too. Linux's
 * struct dma_buf_ops with the mapping-types RFC's ->match_mapping and
 * ->map_phys/->unmap_phys, plus dmabridge's ->fault_pfn.
 */
struct dma_buf_ops {
	/**
	 * @match_mapping: optional (the RFC's): call dma_buf_match_mapping()
	 * with the offers for this importer, in preference order; resv held.
	 * Without it the exporter offers SGT only (no P2P): PAL and the DMA
	 * vector are opt-in. Returns 0 or the errno of the match.
	 */
	int (*match_mapping)(struct dma_buf_match_args *args);
	/**
	 * @attach: optional: accept or refuse an importer, with mainline's
	 * errno (-EOPNOTSUPP for one it cannot serve). No resv held; the
	 * mapping type and attach->peer2peer are already decided.
	 */
	int (*attach)(struct dma_buf *dmabuf,
		      struct dma_buf_attachment *attach);
	/**
	 * @detach: optional: undo @attach. No resv held.
	 */
	void (*detach)(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach);
	/**
	 * @pin: optional; an exporter with @pin is "dynamic": it may move
	 * the buffer while nothing is pinned. Keep the backing in place
	 * until @unpin; resv held. 0 or a negative errno.
	 */
	int (*pin)(struct dma_buf_attachment *attach);
	/**
	 * @unpin: undo one @pin; resv held.
	 */
	void (*unpin)(struct dma_buf_attachment *attach);
	/**
	 * @map_dma_buf: SGT: a new table owned by the caller, PAGE_SIZE
	 * aligned, mapped for attach->dev; resv held. ERR_PTR on error.
	 * Optional when @map_phys exists: the core builds the SGT from it.
	 */
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
	/**
	 * @unmap_dma_buf: undo @map_dma_buf; resv held.
	 */
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
	/**
	 * @map_phys: PAL (and the base of DMA_VEC and of SGTs the core
	 * builds): the current physical ranges, from
	 * dma_buf_phys_list_alloc(); resv held. ERR_PTR on error.
	 */
	struct dma_buf_phys_list *(*map_phys)(struct dma_buf_attachment *attach);
	/**
	 * @unmap_phys: optional; default dma_buf_phys_list_free(). Resv held.
	 */
	void (*unmap_phys)(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *list);
	/**
	 * @release: the last reference is gone: free the backing. No resv
	 * held; no attachment is left.
	 */
	void (*release)(struct dma_buf *dmabuf);
	/**
	 * @begin_cpu_access: optional: make the memory coherent for the CPU
	 * before it accesses it (DMA_BUF_IOCTL_SYNC start). No resv held;
	 * may wait for fences. 0 or a negative errno.
	 */
	int (*begin_cpu_access)(struct dma_buf *dmabuf,
				enum dma_data_direction dir);
	/**
	 * @end_cpu_access: optional: the CPU is done (DMA_BUF_IOCTL_SYNC
	 * end). No resv held. 0 or a negative errno.
	 */
	int (*end_cpu_access)(struct dma_buf *dmabuf,
			      enum dma_data_direction dir);
	/**
	 * @mmap: optional: set up a userspace mapping; sets vm_ops (see
	 * dma_buf_vm_fault() and dma_buf_mmap_pfn()). No resv held.
	 * 0 or a negative errno.
	 */
	int (*mmap)(struct dma_buf *dmabuf, struct vm_area_struct *vma);
	/**
	 * @fault_pfn: dmabridge: for dma_buf_vm_fault(), resv held: the PFN
	 * backing page @pgoff now and its DMA_BUF_MEM_* attributes; a
	 * negative errno gives SIGBUS.
	 */
	int (*fault_pfn)(struct dma_buf *dmabuf, pgoff_t pgoff,
			 unsigned long *pfn, unsigned int *attrs);
	/**
	 * @vmap: optional: a kernel address of the whole buffer in @map;
	 * resv held. Without it dma_buf_vmap() fails with -EINVAL.
	 */
	int (*vmap)(struct dma_buf *dmabuf, struct iosys_map *map);
	/**
	 * @vunmap: undo @vmap; resv held.
	 */
	void (*vunmap)(struct dma_buf *dmabuf, struct iosys_map *map);
};

/**
 * struct dma_buf_poll_cb_t - Linux's per-direction poll callback state
 * @cb: the fence callback
 * @fence: the fence waited for; a reference while active
 * @dmabuf: the buffer
 * @active: a callback is armed; under dmabuf->poll.lock
 */
struct dma_buf_poll_cb_t {
	struct dma_fence_cb cb;
	struct dma_fence *fence;	/* a reference while active */
	struct dma_buf *dmabuf;
	bool active;			/* under dmabuf->poll.lock */
};

/**
 * struct dma_buf - a shared buffer
 * @size: bytes
 * @file: the file that gives it fds
 * @attachments: its attachments; under resv
 * @ops: the exporter's
 * @vmapping_counter: vmap references; under resv
 * @vmap_ptr: the vmap address while @vmapping_counter > 0; under resv
 * @exp_name: the exporter's name
 * @name: DMA_BUF_SET_NAME; under @name_lock
 * @name_lock: protects @name
 * @priv: the exporter's
 * @resv: the reservation object: its lock and fences
 * @resv_embedded: @resv is allocated with the buffer
 * @ino: its inode number (bufinfo)
 * @platform: the machine it belongs to
 * @list_node: on the platform's registry
 * @poll: poll() waiters
 * @cb_in: poll state for POLLIN
 * @cb_out: poll state for POLLOUT
 * @pin_count: dynamic pins + static importers' maps + vmap of a dynamic
 * 	exporter; under resv (dmabridge: the core tracks mapping state for
 * 	every type)
 * @revoked: under resv; maps fail with -ENODEV
 * @nr_mapped: live mappings of every importer
 * @unmap_wq: woken when @nr_mapped drops
 * @generation: bumped by every move
 * @cpu_access: begin_cpu_access minus end
 * @unmap_stalls: dmabridge: the 1 s periods dma_buf_wait_unmapped()
 * 	reported
 * @san_owner: the sanitizer claim the exporter placed its backing under
 */
struct dma_buf {
	size_t size;
	struct file *file;
	/* Attachments, under resv. */
	struct list_head attachments;
	const struct dma_buf_ops *ops;
	/* vmap refcount and address, under resv. */
	unsigned int vmapping_counter;
	struct iosys_map vmap_ptr;
	const char *exp_name;
	const char *name;		/* DMA_BUF_SET_NAME, under name_lock */
	spinlock_t name_lock;
	void *priv;
	struct dma_resv *resv;
	bool resv_embedded;
	unsigned long ino;
	struct platform *platform;
	struct list_head list_node;	/* on the platform's registry */

	wait_queue_head_t poll;
	struct dma_buf_poll_cb_t cb_in, cb_out;

	/* Mapping state (dmabridge: the core tracks it for every type). */
	/* dynamic pins + static maps + vmap of a dynamic exporter, resv */
	unsigned int pin_count;
	bool revoked;			/* resv; map gives -ENODEV */
	atomic_t nr_mapped;		/* live mappings of every importer */
	wait_queue_head_t unmap_wq;	/* woken when nr_mapped drops */
	atomic64_t generation;		/* bumped by every move */
	atomic_t cpu_access;		/* begin_cpu_access minus end */
	/* dmabridge: 1 s periods dma_buf_wait_unmapped() reported. */
	atomic_t unmap_stalls;

	/* The sanitizer owner the exporter claimed its backing under. */
	san_owner_t san_owner;
};

/**
 * struct dma_buf_attach_ops - what a dynamic importer does for the core
 */
struct dma_buf_attach_ops {
	/**
	 * @allow_peer2peer: the importer can handle memory without struct
	 * page (P2P).
	 */
	bool allow_peer2peer;
	/**
	 * @invalidate_mappings: optional. Called with resv held when the
	 * exporter moves or revokes: stop using the mapping once the fences
	 * that must be waited for have signaled, then unmap; map again later
	 * (a map after a revoke fails with -ENODEV until the exporter
	 * restores). An importer without it cannot be revoked
	 * (dma_buf_attach_revocable()).
	 */
	void (*invalidate_mappings)(struct dma_buf_attachment *attach);
};

/**
 * struct dma_buf_attachment - one importer's use of a buffer
 * @dmabuf: the buffer
 * @dev: the importing device; NULL for a PAL-only importer
 * @node: on dmabuf->attachments
 * @peer2peer: may be given P2P memory (decided at attach by the match: the
 * 	importer allows it and the exporter's chosen offer is P2P, or the
 * 	exporter has no P2P memory at all)
 * @importer_ops: NULL for a static importer
 * @importer_priv: the importer's
 * @priv: the exporter's
 * @mapping_type: negotiated at attach
 * @nr_mapped: live mappings; under resv
 * @pin_count: dma_buf_pin() pins; under resv
 * @invalidations: invalidate_mappings calls
 */
struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct device *dev;		/* NULL for a PAL-only importer */
	struct list_head node;		/* on dmabuf->attachments */
	/*
	 * May be given P2P memory (decided at attach by the match: the
	 * importer allows it and the exporter's chosen offer is P2P or the
	 * exporter has no P2P memory at all).
	 */
	bool peer2peer;
	const struct dma_buf_attach_ops *importer_ops;
	void *importer_priv;
	void *priv;			/* the exporter's */

	/* Negotiated at attach. */
	enum dma_buf_mapping_type mapping_type;
	/* Under resv. */
	unsigned int nr_mapped;
	unsigned int pin_count;		/* dma_buf_pin() pins */
	unsigned long invalidations;	/* invalidate_mappings calls */
};

/**
 * struct dma_buf_export_info - what dma_buf_export() needs
 * @exp_name: the exporter's name (DEFINE_DMA_BUF_EXPORT_INFO() sets
 * 	__func__)
 * @ops: the exporter's callbacks
 * @size: bytes
 * @flags: file flags: O_RDWR, O_CLOEXEC...
 * @resv: a reservation object to share; NULL for an embedded one
 * @priv: the exporter's (must not be NULL)
 */
struct dma_buf_export_info {
	const char *exp_name;
	const struct dma_buf_ops *ops;
	size_t size;
	int flags;			/* file flags: O_RDWR, O_CLOEXEC... */
	struct dma_resv *resv;		/* NULL: an embedded one */
	void *priv;
};

#define DEFINE_DMA_BUF_EXPORT_INFO(name)                                   \
	struct dma_buf_export_info name = { .exp_name = __func__ }

/**
 * dma_buf_is_dynamic() - may the exporter move the buffer?
 * @dmabuf: the buffer
 *
 * Context: any context.
 * Return: true if the exporter has ->pin.
 */
static inline bool dma_buf_is_dynamic(struct dma_buf *dmabuf)
{
	return !!dmabuf->ops->pin;
}

/**
 * dma_buf_attachment_is_dynamic() - is the importer dynamic?
 * @attach: the attachment
 *
 * Context: any context.
 * Return: true if it was attached with importer ops.
 */
static inline bool
dma_buf_attachment_is_dynamic(struct dma_buf_attachment *attach)
{
	return !!attach->importer_ops;
}

/**
 * dma_buf_attach_revocable() - may this importer's mapping be revoked?
 * @attach: the attachment
 *
 * Context: any context.
 * Return: true if the importer handles invalidate_mappings.
 */
bool dma_buf_attach_revocable(struct dma_buf_attachment *attach);

/**
 * dma_buf_export() - make a new dma-buf of current's platform
 * @exp_info: what to export
 *
 * Context: process context, with a current task; may sleep.
 * Return: the buffer (one reference, which dma_buf_fd() hands to an fd),
 * or ERR_PTR(-EINVAL) (WARN: no info, priv or ops; ops without ->release,
 * without ->map_dma_buf or ->map_phys, or with half of a pair; no current
 * task), -ENOMEM, or the errno of making its file.
 */
struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info);
/**
 * dma_buf_fd() - install a buffer as a new fd of current
 * @dmabuf: the buffer; the export reference is consumed on success
 * @flags: O_CLOEXEC
 *
 * Context: process context, with a current task.
 * Return: the fd, -EINVAL for a NULL buffer, or the errno of
 * get_unused_fd_flags() (-EMFILE).
 */
int dma_buf_fd(struct dma_buf *dmabuf, int flags);
/**
 * dma_buf_get() - a new reference from an fd of current
 * @fd: the fd
 *
 * Context: process context, with a current task.
 * Return: the buffer, or ERR_PTR(-EBADF) (no such fd), ERR_PTR(-EINVAL)
 * (not a dma-buf).
 */
struct dma_buf *dma_buf_get(int fd);
/**
 * get_dma_buf() - take a reference on a buffer
 * @dmabuf: the buffer
 *
 * Context: any context.
 */
void get_dma_buf(struct dma_buf *dmabuf);
/**
 * dma_buf_put() - drop a reference on a buffer
 * @dmabuf: the buffer
 *
 * The last one releases it through the exporter's ->release.
 *
 * Context: process context; no resv held.
 */
void dma_buf_put(struct dma_buf *dmabuf);
/**
 * is_dma_buf_file() - is a file a dma-buf?
 * @file: the file
 *
 * Static in Linux; dmabridge needs it for VMAs.
 *
 * Context: any context.
 * Return: true if it is.
 */
bool is_dma_buf_file(struct file *file);

/**
 * dma_buf_attach() - attach a static importer (SGT only, never P2P)
 * @dmabuf: the buffer
 * @dev: the importing device
 *
 * Its mappings pin the buffer while they exist.
 *
 * Context: process context; no resv held.
 * Return: the attachment, or ERR_PTR(-EINVAL) for a NULL argument, or as
 * dma_buf_mapping_attach().
 */
struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf,
					  struct device *dev);
/**
 * dma_buf_dynamic_attach() - attach a dynamic importer (SGT)
 * @dmabuf: the buffer
 * @dev: the importing device
 * @importer_ops: its callbacks (required)
 * @importer_priv: the importer's, in attach->importer_priv
 *
 * Context: process context; no resv held.
 * Return: the attachment, or ERR_PTR(-EINVAL) without @importer_ops, or
 * as dma_buf_mapping_attach().
 */
struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
/**
 * dma_buf_mapping_attach - attach with a list of accepted mapping types
 * @dmabuf: the buffer
 * @dev: the importing device; may be NULL if @types holds only PAL
 * @types: the mapping types the importer accepts (order not significant:
 *	the exporter's order decides)
 * @nr_types: entries in @types
 * @importer_ops: NULL for a static importer (pinned while mapped, never
 *	P2P); else dynamic, P2P if importer_ops->allow_peer2peer
 * @importer_priv: the importer's, in attach->importer_priv
 *
 * The RFC's dma_buf_mapping_attach(), with a type list instead of its
 * struct dma_buf_mapping_match entries.
 *
 * Context: no resv held (taken for the match).
 * Return: the attachment; ERR_PTR(-EINVAL) with no common type (or a bad
 * argument), the errno of the exporter's ->attach (-EOPNOTSUPP for an
 * importer it cannot serve), -ENOMEM.
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
		       const enum dma_buf_mapping_type *types,
		       unsigned int nr_types,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
/**
 * dma_buf_detach - undo an attach
 * @dmabuf: the buffer
 * @attach: the attachment
 *
 * The importer unmaps and unpins first. A detach while mapped or pinned
 * would leave the buffer's counts up for ever and free state a mapping
 * still points to: it WARNs and keeps the attachment (dmabridge; Linux
 * WARNs and frees it).
 *
 * Context: no resv held.
 */
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);

/**
 * dma_buf_pin() - keep a buffer where it is (dynamic importers)
 * @attach: the attachment
 *
 * Context: resv held.
 * Return: 0, or the exporter's ->pin errno.
 */
int dma_buf_pin(struct dma_buf_attachment *attach);
/**
 * dma_buf_unpin() - undo one dma_buf_pin()
 * @attach: the attachment
 *
 * WARNs on an unpin without a pin.
 *
 * Context: resv held.
 */
void dma_buf_unpin(struct dma_buf_attachment *attach);

/**
 * dma_buf_map_attachment() - map an SGT attachment for its device
 * @attach: the attachment
 * @dir: the DMA direction
 *
 * A static importer's mapping pins the buffer and waits for its KERNEL
 * fences (a move in flight) first.
 *
 * Context: resv held; may sleep.
 * Return: the table, or ERR_PTR(): -EINVAL (bad argument, or the
 * attachment's type is not SGT), -ENODEV (revoked), -ENOMEM, the
 * exporter's errno, or -ERESTARTSYS if a signal cut the wait.
 */
struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
/**
 * dma_buf_unmap_attachment() - undo dma_buf_map_attachment()
 * @attach: the attachment
 * @sgt: the table
 * @dir: the DMA direction
 *
 * Context: resv held.
 */
void dma_buf_unmap_attachment(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
/**
 * dma_buf_map_attachment_unlocked() - dma_buf_map_attachment(), taking resv
 * @attach: the attachment
 * @dir: the DMA direction
 *
 * Context: process context; takes resv; may sleep.
 * Return: as dma_buf_map_attachment().
 */
struct sg_table *
dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
				enum dma_data_direction dir);
/**
 * dma_buf_unmap_attachment_unlocked() - undo it, taking resv
 * @attach: the attachment
 * @sgt: the table
 * @dir: the DMA direction
 *
 * Context: process context; takes resv.
 */
void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sgt,
				       enum dma_data_direction dir);

/**
 * dma_buf_map_dma_vec() - map a DMA_VEC attachment for its device
 * @attach: the attachment
 * @dir: the DMA direction
 *
 * dmabridge's own mapping type: the exporter's physical ranges mapped
 * with the DMA API (direct, P2P bus address or IOVA).
 *
 * Context: resv held; may sleep.
 * Return: the vector, or ERR_PTR(): -EINVAL (bad argument or the wrong
 * type), -ENODEV (revoked), -ENOMEM, the exporter's or DMA API's errno.
 */
struct dma_buf_dma_vec *dma_buf_map_dma_vec(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir);
/**
 * dma_buf_unmap_dma_vec() - undo dma_buf_map_dma_vec()
 * @attach: the attachment
 * @vec: the vector
 *
 * Context: resv held.
 */
void dma_buf_unmap_dma_vec(struct dma_buf_attachment *attach,
			   struct dma_buf_dma_vec *vec);
/**
 * dma_buf_map_dma_vec_unlocked() - dma_buf_map_dma_vec(), taking resv
 * @attach: the attachment
 * @dir: the DMA direction
 *
 * Context: process context; takes resv; may sleep.
 * Return: as dma_buf_map_dma_vec().
 */
struct dma_buf_dma_vec *
dma_buf_map_dma_vec_unlocked(struct dma_buf_attachment *attach,
			     enum dma_data_direction dir);
/**
 * dma_buf_unmap_dma_vec_unlocked() - undo it, taking resv
 * @attach: the attachment
 * @vec: the vector
 *
 * Context: process context; takes resv.
 */
void dma_buf_unmap_dma_vec_unlocked(struct dma_buf_attachment *attach,
				    struct dma_buf_dma_vec *vec);

/**
 * dma_buf_map_phys() - the physical ranges of a PAL attachment
 * @attach: the attachment
 *
 * The RFC's physical address list: the importer maps them itself.
 *
 * Context: resv held; may sleep.
 * Return: the list, or ERR_PTR(): -EINVAL (bad argument or the wrong
 * type), -ENODEV (revoked), the exporter's errno.
 */
struct dma_buf_phys_list *dma_buf_map_phys(struct dma_buf_attachment *attach);
/**
 * dma_buf_unmap_phys() - undo dma_buf_map_phys()
 * @attach: the attachment
 * @list: the list
 *
 * Context: resv held.
 */
void dma_buf_unmap_phys(struct dma_buf_attachment *attach,
			struct dma_buf_phys_list *list);
/**
 * dma_buf_map_phys_unlocked() - dma_buf_map_phys(), taking resv
 * @attach: the attachment
 *
 * Context: process context; takes resv; may sleep.
 * Return: as dma_buf_map_phys().
 */
struct dma_buf_phys_list *
dma_buf_map_phys_unlocked(struct dma_buf_attachment *attach);
/**
 * dma_buf_unmap_phys_unlocked() - undo it, taking resv
 * @attach: the attachment
 * @list: the list
 *
 * Context: process context; takes resv.
 */
void dma_buf_unmap_phys_unlocked(struct dma_buf_attachment *attach,
				 struct dma_buf_phys_list *list);

/**
 * dma_buf_invalidate_mappings() - tell every dynamic importer to unmap
 * @dmabuf: the buffer
 *
 * Calls each attachment's invalidate_mappings (Linux 7.1's name for
 * move_notify).
 *
 * Context: resv held (the exporter's move or revoke).
 */
void dma_buf_invalidate_mappings(struct dma_buf *dmabuf);
/**
 * dma_buf_is_pinned() - is anything pinned?
 * @dmabuf: the buffer
 *
 * Context: resv held.
 * Return: true for dynamic pins, static importers' mappings or a vmap of
 * a dynamic exporter.
 */
bool dma_buf_is_pinned(struct dma_buf *dmabuf);
/**
 * dma_buf_move_locked() - start moving a buffer
 * @dmabuf: the buffer
 * @fence: the copy's fence, or NULL
 *
 * dmabridge (the move half of amdgpu/TTM's protocol, as a helper):
 * invalidate the importers, zap CPU mappings, add @fence as a KERNEL fence
 * and bump the generation. The exporter swaps its backing before
 * unlocking.
 *
 * Context: resv held.
 * Return: 0, or -EBUSY if the buffer is pinned.
 */
int dma_buf_move_locked(struct dma_buf *dmabuf, struct dma_fence *fence);

/*
 * dmabridge: revoke and restore. Linux 7.1 documents the sequence and
 * each exporter (VFIO) writes it out; dmabridge gives exporters one
 * helper so the order cannot be got wrong.
 */

/**
 * dma_buf_revoke - take the memory away from every importer, for good
 *	or until dma_buf_restore()
 * @dmabuf: the buffer
 * @revoked: optional, called with the resv lock held once the buffer is
 *	marked revoked, its importers invalidated and every BOOKKEEP fence
 *	has signaled (the exporter gives its memory away here)
 * @arg: for @revoked
 *
 * Lock, mark revoked (maps fail with -ENODEV, CPU faults SIGBUS), WARN for
 * each mapped or pinned attachment that is not dma_buf_attach_revocable()
 * (it will never unmap by itself), invalidate, zap CPU mappings, wait for
 * BOOKKEEP fences, @revoked, unlock, then dma_buf_wait_unmapped().
 *
 * Context: process context, no resv held; may sleep for ever if an
 * importer never unmaps (reported, see dma_buf_wait_unmapped()).
 */
void dma_buf_revoke(struct dma_buf *dmabuf,
		    void (*revoked)(struct dma_buf *dmabuf, void *arg),
		    void *arg);
/**
 * dma_buf_restore - end a revoke
 * @dmabuf: the buffer
 * @restored: optional, called with the resv lock held before importers
 *	are told (the exporter gives the memory back to the buffer here)
 * @arg: for @restored
 *
 * Lock, @restored, clear the mark, invalidate (so importers map again, as
 * VFIO's un-revoke does), wait for BOOKKEEP fences, unlock.
 *
 * Context: process context, no resv held.
 */
void dma_buf_restore(struct dma_buf *dmabuf,
		     void (*restored)(struct dma_buf *dmabuf, void *arg),
		     void *arg);
/**
 * dma_buf_revoke_locked() - the pieces dma_buf_revoke() is made of
 * @dmabuf: the buffer
 *
 * Marks it revoked, WARNs for importers that are not revocable,
 * invalidates and zaps CPU mappings; for code that must revoke inside a
 * larger locked section. Prefer dma_buf_revoke().
 *
 * Context: resv held.
 */
void dma_buf_revoke_locked(struct dma_buf *dmabuf);
/**
 * dma_buf_restore_locked() - the pieces dma_buf_restore() is made of
 * @dmabuf: the buffer
 *
 * Context: resv held.
 */
void dma_buf_restore_locked(struct dma_buf *dmabuf);
/**
 * dma_buf_is_revoked() - is the buffer revoked?
 * @dmabuf: the buffer
 *
 * Context: any context (resv held for a stable answer).
 * Return: true between a revoke and its restore.
 */
bool dma_buf_is_revoked(struct dma_buf *dmabuf);
/**
 * dma_buf_wait_unmapped - sleep until every importer has unmapped
 * @dmabuf: a revoked buffer
 *
 * Never gives up and never fails. Every second it still waits it prints
 * (and counts in dmabuf->unmap_stalls) the attachments still mapped, by
 * device name: dmabridge's own diagnostic, from earlier versions of the
 * revoke series; merged 7.1 uses a plain wait_for_completion().
 *
 * Context: process context, no resv held.
 */
void dma_buf_wait_unmapped(struct dma_buf *dmabuf);
/**
 * dma_buf_zap_cpu_mappings() - zap every CPU mapping of the buffer
 * @dmabuf: the buffer
 *
 * Through its address_space (unmap_mapping_range()): the next access
 * faults again.
 *
 * Context: process context; may sleep.
 */
void dma_buf_zap_cpu_mappings(struct dma_buf *dmabuf);

/**
 * dma_buf_begin_cpu_access() - the CPU is about to access the buffer
 * @dmabuf: the buffer
 * @dir: DMA_FROM_DEVICE to read, DMA_TO_DEVICE to write, or both
 *
 * Waits for the fences the access conflicts with.
 *
 * Context: process context; no resv held; may sleep.
 * Return: 0, -EINVAL (WARN) for a NULL buffer, the exporter's errno, or
 * the wait's (-ERESTARTSYS).
 */
int dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
			     enum dma_data_direction dir);
/**
 * dma_buf_end_cpu_access() - the CPU is done
 * @dmabuf: the buffer
 * @dir: as for begin
 *
 * Unbalanced ends are allowed, as in Linux.
 *
 * Context: process context; no resv held.
 * Return: 0, -EINVAL (WARN) for a NULL buffer, or the exporter's errno.
 */
int dma_buf_end_cpu_access(struct dma_buf *dmabuf,
			   enum dma_data_direction dir);
/**
 * dma_buf_mmap() - map a buffer into a VMA for a driver's mmap
 * @dmabuf: the buffer
 * @vma: the VMA; its vm_file becomes the buffer's
 * @pgoff: buffer page offset of vma->vm_start
 *
 * Context: mmap_lock held; no resv held.
 * Return: the exporter's ->mmap result, -EINVAL (no ->mmap, or the range
 * is past the end), -EOVERFLOW.
 */
int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma,
		 unsigned long pgoff);
/**
 * dma_buf_vmap() - a kernel address of the whole buffer
 * @dmabuf: the buffer
 * @map: receives it
 *
 * Nobody invalidates a kernel address, so a dynamic exporter's buffer
 * stays pinned (cannot move) from the first vmap to the last vunmap, as
 * amdgpu's vmap pins its BO.
 *
 * Context: resv held.
 * Return: 0, -EINVAL (bad argument, or the exporter has no ->vmap), or the
 * exporter's errno.
 */
int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map);
/**
 * dma_buf_vunmap() - drop a dma_buf_vmap() reference
 * @dmabuf: the buffer
 * @map: what vmap gave
 *
 * Context: resv held.
 */
void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map);
/**
 * dma_buf_vmap_unlocked() - dma_buf_vmap(), taking resv
 * @dmabuf: the buffer
 * @map: receives the address
 *
 * Context: process context; takes resv.
 * Return: as dma_buf_vmap().
 */
int dma_buf_vmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map);
/**
 * dma_buf_vunmap_unlocked() - dma_buf_vunmap(), taking resv
 * @dmabuf: the buffer
 * @map: what vmap gave
 *
 * Context: process context; takes resv.
 */
void dma_buf_vunmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map);

/**
 * dma_buf_vm_fault() - a fault handler exporters put in their vm_ops
 * @vmf: the fault
 *
 * dmabridge: waits for KERNEL fences, takes the resv lock, starts over if
 * the buffer moved meanwhile, SIGBUS if revoked, else inserts
 * ops->fault_pfn()'s PFN with the exporter's caching attributes.
 *
 * Context: mmap_lock held (read); takes resv; may sleep.
 * Return: VM_FAULT_NOPAGE (inserted, or start over), VM_FAULT_SIGBUS.
 */
vm_fault_t dma_buf_vm_fault(struct vm_fault *vmf);
/**
 * dma_buf_mmap_pfn() - the ->mmap of an exporter with ->fault_pfn
 * @vma: the VMA
 * @extra_flags: added to the VMA (VM_IO for device memory)
 *
 * dmabridge: a shared PFN mapping whose PTEs dma_buf_vm_fault() fills.
 *
 * Context: mmap_lock held.
 * Return: 0, or -EINVAL for a private mapping (it could not follow a
 * move).
 */
int dma_buf_mmap_pfn(struct vm_area_struct *vma, unsigned long extra_flags);
/**
 * dma_buf_cpu_mappings() - number of VMAs mapping the buffer
 * @dmabuf: the buffer
 *
 * Context: process context; takes the mapping's i_mmap_rwsem (read).
 * Return: the count.
 */
unsigned long dma_buf_cpu_mappings(struct dma_buf *dmabuf);

/**
 * dma_buf_get_from_vma - the dma-buf behind a VMA
 * @vma: a VMA of an mm whose mmap_lock the caller holds
 * @pgoff: set to the buffer page offset of vma->vm_start
 *
 * dmabridge (proposed, not in mainline): through vm_ops->get_dmabuf, or a
 * vm_file that is a dma-buf; shared and private (COW) mappings alike.
 *
 * Context: mmap_lock held (asserted).
 * Return: a new reference, or NULL.
 */
struct dma_buf *dma_buf_get_from_vma(struct vm_area_struct *vma,
				     pgoff_t *pgoff);

/* dma_buf_vaddr_frames() flags */
#define DMA_BUF_FRAMES_WRITE	0x1u	/* the device will write */
#define DMA_BUF_FRAMES_P2P	0x2u	/* P2P memory is fine */

struct dma_buf_frames;
/**
 * dma_buf_vaddr_frames - the frames of a dma-buf behind a VMA
 * @vma: a PFN-mapped VMA (mmap_lock held)
 * @start: page-aligned address in @vma
 * @nr_frames: wanted; clipped to the VMA
 * @pfns: receives the PFNs
 * @flags: DMA_BUF_FRAMES_*
 * @handle: set to what dma_buf_put_vaddr_frames() releases
 *
 * dmabridge: the dma-buf route of get_vaddr_frames(). The frame vector is
 * its own importer: a static attachment (pinned while mapped, waits for
 * the exporter's KERNEL fences) of type PAL, with no device, and no P2P
 * memory unless DMA_BUF_FRAMES_P2P.
 *
 * Context: mmap_lock held.
 * Return: the number of PFNs; -EFAULT if no dma-buf is behind @vma or a
 * write is asked of a mapping without VM_WRITE (or a file opened
 * read-only); -EINVAL for a bad argument; else the attach/map errno
 * (-EOPNOTSUPP: a revocable-only exporter refuses a pinned importer).
 */
int dma_buf_vaddr_frames(struct vm_area_struct *vma, unsigned long start,
			 unsigned int nr_frames, unsigned long *pfns,
			 unsigned int flags, struct dma_buf_frames **handle);
/**
 * dma_buf_put_vaddr_frames() - release dma_buf_vaddr_frames()
 * @handle: what it set
 *
 * Unmaps and detaches the frame vector's attachment.
 *
 * Context: process context; may sleep.
 */
void dma_buf_put_vaddr_frames(struct dma_buf_frames *handle);

/* dma_buf_debug_show() flags. */
#define DMA_BUF_BUFINFO_EXTRAS 0x1	/* dmabridge's own lines, see below */

/**
 * dma_buf_debug_show() - every buffer of a platform, as debugfs shows it
 * @plat: the machine
 * @out: where to print
 * @flags: 0 for exactly Linux's /sys/kernel/debug/dma_buf/bufinfo format;
 *	DMA_BUF_BUFINFO_EXTRAS adds, per buffer, a "\tState:" line (revoked,
 *	dynamic, generation, pins, mappings) and a "\tCPU mappings:" line,
 *	and after each attached device's name its mapping type, kind and
 *	counts (a dmabridge addition: parsers of Linux's file skip it)
 *
 * Context: takes each buffer's resv lock in turn (interruptibly).
 * Return: 0, -EINVAL for a NULL argument, -EINTR if a signal cut a wait.
 */
int dma_buf_debug_show(struct platform *plat, FILE *out, unsigned int flags);
/**
 * dma_buf_registry_init() - the per-platform buffer registry
 * @plat: the platform
 *
 * Created on first export.
 *
 * Context: process context.
 * Return: 0, or -ENOMEM.
 */
int dma_buf_registry_init(struct platform *plat);
/**
 * dma_buf_registry_fini() - free the registry
 * @plat: the platform
 *
 * WARNs about buffers still alive.
 *
 * Context: process context.
 */
void dma_buf_registry_fini(struct platform *plat);
/**
 * dma_buf_count() - number of live buffers of a platform
 * @plat: the platform
 *
 * Context: process context; takes the registry's mutex.
 * Return: the count.
 */
unsigned long dma_buf_count(struct platform *plat);

#endif
