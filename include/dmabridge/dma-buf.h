/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma-buf: a buffer one driver (the exporter) shares with others (the
 * importers) and with processes through a file descriptor. Follows
 * Linux's include/linux/dma-buf.h as of 7.1 (invalidate_mappings,
 * dma_buf_attach_revocable) plus the mapping-types proposal: an importer
 * lists the mapping types it accepts, the exporter offers some, and
 * attach picks one (SGT, DMA address vector, physical address list).
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

/* How an importer reaches the memory (attach negotiates one). */
enum dma_buf_mapping_type {
	/* struct sg_table: the legacy path (DMA-address only for P2P). */
	DMA_BUF_MAPPING_SGT,
	/* {dma_addr, len} ranges for the attaching device. */
	DMA_BUF_MAPPING_DMA_VEC,
	/* Physical ranges + provider + memory attributes (PAL). */
	DMA_BUF_MAPPING_PAL,
	DMA_BUF_MAPPING_NR,
};

#define DMA_BUF_MAPPING_BIT(t) (1u << (t))

const char *dma_buf_mapping_type_name(enum dma_buf_mapping_type type);

/* Memory attributes of one physical range (low bits: caching). */
#define DMA_BUF_MEM_CACHEABLE	0x0u
#define DMA_BUF_MEM_WC		0x1u	/* write-combining */
#define DMA_BUF_MEM_UNCACHED	0x2u
#define DMA_BUF_MEM_CACHE_MASK	0x3u
#define DMA_BUF_MEM_ENCRYPTED	0x4u	/* private to a confidential guest */

/* One physical range of a physical address list. */
struct dma_buf_phys_range {
	struct phys_vec vec;
	/* The BAR's P2P provider; NULL for RAM. */
	struct p2pdma_provider *provider;
	unsigned int attrs;		/* DMA_BUF_MEM_* */
};

/* DMA_BUF_MAPPING_PAL: what map_phys returns, in buffer order. */
struct dma_buf_phys_list {
	size_t size;			/* sum of the lengths */
	unsigned int nr_ranges;
	struct dma_buf_phys_range ranges[];
};

struct dma_buf_phys_list *dma_buf_phys_list_alloc(unsigned int nr_ranges);
void dma_buf_phys_list_free(struct dma_buf_phys_list *list);

/* One range of a DMA address vector. */
struct dma_buf_dma_range {
	dma_addr_t addr;
	size_t len;
};

struct dma_buf_dma_map_state;	/* dma-buf-mapping.c: how to undo it */

/* DMA_BUF_MAPPING_DMA_VEC: addresses for the attaching device. */
struct dma_buf_dma_vec {
	size_t size;
	unsigned int nr_ranges;
	enum dma_data_direction dir;
	struct dma_buf_dma_map_state *state;
	struct dma_buf_dma_range ranges[];
};

struct dma_buf_ops {
	/*
	 * Mapping types offered (DMA_BUF_MAPPING_BIT()s); 0 means "what the
	 * callbacks allow": SGT with map_dma_buf or map_phys, DMA_VEC and
	 * PAL with map_phys.
	 */
	unsigned int mapping_types;
	/* Optional: accept or refuse an importer (-EOPNOTSUPP, ...). */
	int (*attach)(struct dma_buf *dmabuf,
		      struct dma_buf_attachment *attach);
	void (*detach)(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach);
	/* Optional (an exporter with pin is "dynamic": it may move). */
	int (*pin)(struct dma_buf_attachment *attach);
	void (*unpin)(struct dma_buf_attachment *attach);
	/* SGT: a new table owned by the caller, PAGE_SIZE aligned. */
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
	/*
	 * PAL (and the base of DMA_VEC and built SGTs): the current
	 * physical ranges, from dma_buf_phys_list_alloc(); ERR_PTR on error.
	 */
	struct dma_buf_phys_list *(*map_phys)(struct dma_buf_attachment *attach);
	/* Optional; default dma_buf_phys_list_free(). */
	void (*unmap_phys)(struct dma_buf_attachment *attach,
			   struct dma_buf_phys_list *list);
	void (*release)(struct dma_buf *dmabuf);
	int (*begin_cpu_access)(struct dma_buf *dmabuf,
				enum dma_data_direction dir);
	int (*end_cpu_access)(struct dma_buf *dmabuf,
			      enum dma_data_direction dir);
	/* Sets vm_ops (see dma_buf_vm_fault); no resv lock held. */
	int (*mmap)(struct dma_buf *dmabuf, struct vm_area_struct *vma);
	/*
	 * For dma_buf_vm_fault(), resv held: the PFN backing page @pgoff
	 * now and its DMA_BUF_MEM_* attributes; -errno gives SIGBUS.
	 */
	int (*fault_pfn)(struct dma_buf *dmabuf, pgoff_t pgoff,
			 unsigned long *pfn, unsigned int *attrs);
	int (*vmap)(struct dma_buf *dmabuf, struct iosys_map *map);
	void (*vunmap)(struct dma_buf *dmabuf, struct iosys_map *map);
};

/* Linux's per-direction poll callback state. */
struct dma_buf_poll_cb_t {
	struct dma_fence_cb cb;
	struct dma_fence *fence;	/* a reference while active */
	struct dma_buf *dmabuf;
	bool active;			/* under dmabuf->poll.lock */
};

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
	unsigned int pin_count;		/* dynamic pins + static maps, resv */
	bool revoked;			/* resv; map gives -ENODEV */
	atomic_t nr_mapped;		/* live mappings of every importer */
	wait_queue_head_t unmap_wq;	/* woken when nr_mapped drops */
	atomic64_t generation;		/* bumped by every move */
	atomic_t cpu_access;		/* begin_cpu_access minus end */

	/* The sanitizer owner the exporter claimed its backing under. */
	san_owner_t san_owner;
};

struct dma_buf_attach_ops {
	/* The importer can handle memory without struct page (P2P). */
	bool allow_peer2peer;
	/*
	 * Optional. Called with resv held when the exporter moves or
	 * revokes: stop using the mapping once the fences that must be
	 * waited for have signaled, then unmap; map again later (a map
	 * after a revoke fails with -ENODEV until the exporter restores).
	 */
	void (*invalidate_mappings)(struct dma_buf_attachment *attach);
};

struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct device *dev;
	struct list_head node;		/* on dmabuf->attachments */
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

static inline bool dma_buf_is_dynamic(struct dma_buf *dmabuf)
{
	return !!dmabuf->ops->pin;
}

static inline bool
dma_buf_attachment_is_dynamic(struct dma_buf_attachment *attach)
{
	return !!attach->importer_ops;
}

/* The importer handles invalidate_mappings, so it may be revoked. */
bool dma_buf_attach_revocable(struct dma_buf_attachment *attach);

/* Exporters */
struct dma_buf *dma_buf_export(const struct dma_buf_export_info *exp_info);
/* Install the export reference as a new fd of current (consumes it). */
int dma_buf_fd(struct dma_buf *dmabuf, int flags);
/* A new reference from an fd of current; -EBADF, -EINVAL (not dma-buf). */
struct dma_buf *dma_buf_get(int fd);
void get_dma_buf(struct dma_buf *dmabuf);
void dma_buf_put(struct dma_buf *dmabuf);
/* Is @file a dma-buf? (static in Linux; dmabridge needs it for VMAs) */
bool is_dma_buf_file(struct file *file);

/* Attachments (no resv held) */
struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf,
					  struct device *dev);
struct dma_buf_attachment *
dma_buf_dynamic_attach(struct dma_buf *dmabuf, struct device *dev,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
/*
 * The importer's accepted types in preference order; the first the
 * exporter offers wins, else -EOPNOTSUPP. NULL @importer_ops: static.
 */
struct dma_buf_attachment *
dma_buf_mapping_attach(struct dma_buf *dmabuf, struct device *dev,
		       const enum dma_buf_mapping_type *types,
		       unsigned int nr_types,
		       const struct dma_buf_attach_ops *importer_ops,
		       void *importer_priv);
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);

/* Dynamic importers only, resv held. */
int dma_buf_pin(struct dma_buf_attachment *attach);
void dma_buf_unpin(struct dma_buf_attachment *attach);

/* SGT mappings (resv held; _unlocked take it). */
struct sg_table *dma_buf_map_attachment(struct dma_buf_attachment *attach,
					enum dma_data_direction dir);
void dma_buf_unmap_attachment(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir);
struct sg_table *
dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
				enum dma_data_direction dir);
void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach,
				       struct sg_table *sgt,
				       enum dma_data_direction dir);

/* DMA address vector mappings (resv held; _unlocked take it). */
struct dma_buf_dma_vec *dma_buf_map_dma_vec(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir);
void dma_buf_unmap_dma_vec(struct dma_buf_attachment *attach,
			   struct dma_buf_dma_vec *vec);
struct dma_buf_dma_vec *
dma_buf_map_dma_vec_unlocked(struct dma_buf_attachment *attach,
			     enum dma_data_direction dir);
void dma_buf_unmap_dma_vec_unlocked(struct dma_buf_attachment *attach,
				    struct dma_buf_dma_vec *vec);

/* Physical address list mappings (resv held; _unlocked take it). */
struct dma_buf_phys_list *dma_buf_map_phys(struct dma_buf_attachment *attach);
void dma_buf_unmap_phys(struct dma_buf_attachment *attach,
			struct dma_buf_phys_list *list);
struct dma_buf_phys_list *
dma_buf_map_phys_unlocked(struct dma_buf_attachment *attach);
void dma_buf_unmap_phys_unlocked(struct dma_buf_attachment *attach,
				 struct dma_buf_phys_list *list);

/* Exporter side of move and revoke (resv held unless said otherwise). */
void dma_buf_invalidate_mappings(struct dma_buf *dmabuf);
/* Anything pinned: dynamic pins or static importers' mappings. */
bool dma_buf_is_pinned(struct dma_buf *dmabuf);
/*
 * Start a move: -EBUSY if pinned; else invalidate the importers, zap CPU
 * mappings, add @fence (the copy, may be NULL) as KERNEL and bump the
 * generation. The exporter swaps its backing before unlocking.
 */
int dma_buf_move_locked(struct dma_buf *dmabuf, struct dma_fence *fence);
/*
 * Revoke: mark revoked, invalidate, zap CPU mappings, wait for BOOKKEEP
 * fences. The exporter re-owns its memory, unlocks, then calls
 * dma_buf_wait_unmapped(). While revoked every map gives -ENODEV.
 */
void dma_buf_revoke_locked(struct dma_buf *dmabuf);
void dma_buf_restore_locked(struct dma_buf *dmabuf);
bool dma_buf_is_revoked(struct dma_buf *dmabuf);
/* No resv held: sleep until every importer has unmapped. */
void dma_buf_wait_unmapped(struct dma_buf *dmabuf);
/* Zap every CPU mapping of the buffer (through its address_space). */
void dma_buf_zap_cpu_mappings(struct dma_buf *dmabuf);

/* CPU access */
int dma_buf_begin_cpu_access(struct dma_buf *dmabuf,
			     enum dma_data_direction dir);
int dma_buf_end_cpu_access(struct dma_buf *dmabuf,
			   enum dma_data_direction dir);
int dma_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma,
		 unsigned long pgoff);
int dma_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map);
void dma_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map);
int dma_buf_vmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map);
void dma_buf_vunmap_unlocked(struct dma_buf *dmabuf, struct iosys_map *map);

/*
 * A fault handler exporters put in their vm_ops: waits for KERNEL
 * fences, takes the resv lock, starts over if the buffer moved
 * meanwhile, SIGBUS if revoked, else inserts ops->fault_pfn()'s PFN
 * with the exporter's caching attributes.
 */
vm_fault_t dma_buf_vm_fault(struct vm_fault *vmf);
/*
 * The ->mmap of an exporter with ->fault_pfn: a shared PFN mapping whose
 * PTEs dma_buf_vm_fault() fills, plus @extra_flags (VM_IO for device
 * memory). A private mapping could not follow a move: -EINVAL.
 */
int dma_buf_mmap_pfn(struct vm_area_struct *vma, unsigned long extra_flags);
/* Number of VMAs mapping the buffer. */
unsigned long dma_buf_cpu_mappings(struct dma_buf *dmabuf);

/*
 * VMA -> dma-buf (mmap_lock held): a new reference and the buffer page
 * offset of vma->vm_start, through vm_ops->get_dmabuf or a vm_file that
 * is a dma-buf; NULL otherwise.
 */
struct dma_buf *dma_buf_get_from_vma(struct vm_area_struct *vma,
				     pgoff_t *pgoff);

/*
 * The dma-buf route of get_vaddr_frames() (mmap_lock held): for the
 * dma-buf behind @vma, a pinned, non-revocable attachment mapped as a
 * physical address list; the PFNs of [start, start + nr_frames pages)
 * clipped to the VMA go to @pfns. Returns the number of PFNs and sets
 * *@handle, to be released with dma_buf_put_vaddr_frames(). -EFAULT if
 * no dma-buf is behind the VMA; the attach/pin errno otherwise (e.g. a
 * revocable exporter refuses the pinned importer).
 */
struct dma_buf_frames;
int dma_buf_vaddr_frames(struct vm_area_struct *vma, unsigned long start,
			 unsigned int nr_frames, unsigned long *pfns,
			 struct dma_buf_frames **handle);
void dma_buf_put_vaddr_frames(struct dma_buf_frames *handle);

/* bufinfo: every buffer of @plat, like debugfs dma_buf/bufinfo. */
int dma_buf_bufinfo(struct platform *plat, FILE *out);
/* Per-platform buffer registry; created on first export. */
int dma_buf_registry_init(struct platform *plat);
/* Frees the registry; WARNs about buffers still alive. */
void dma_buf_registry_fini(struct platform *plat);
/* Number of live buffers of @plat. */
unsigned long dma_buf_count(struct platform *plat);

#endif
