/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The structures of process address spaces: mm_struct, vm_area_struct,
 * vm_operations_struct, vm_fault and address_space, with Linux's names.
 */
#ifndef DMABRIDGE_MM_TYPES_H
#define DMABRIDGE_MM_TYPES_H

#include <dmabridge/types.h>
#include <dmabridge/atomic.h>
#include <dmabridge/list.h>
#include <dmabridge/rwsem.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/interval_tree.h>
#include <dmabridge/pgtable.h>

struct file;
struct page;
struct platform;
struct dma_buf;
struct vm_area_struct;
struct mmu_notifier_subscriptions;
struct vma_tree_node;
struct mm_pool;

typedef unsigned long vm_flags_t;

#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_PFNMAP	0x00000400UL	/* raw PFNs, no struct page refcounts */
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL	/* memory-mapped I/O */
#define VM_DONTCOPY	0x00020000UL	/* not inherited by fork */
#define VM_DONTEXPAND	0x00040000UL	/* mremap may not grow it */
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_HUGETLB	0x00400000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_MIXEDMAP	0x10000000UL	/* PFNs and struct pages mixed */

#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/* Reverse map of a file: the VMAs mapping it, by page offset. */
struct address_space {
	struct interval_tree_root i_mmap;	/* vm_area_struct.shared */
	struct rw_semaphore i_mmap_rwsem;
	void *host;				/* the owner (inode, buffer) */
	unsigned long nrpages;
};

struct vm_fault;
typedef unsigned int vm_fault_t;

enum vm_fault_reason {
	VM_FAULT_OOM = 0x000001,
	VM_FAULT_SIGBUS = 0x000002,
	VM_FAULT_MAJOR = 0x000004,
	VM_FAULT_HWPOISON = 0x000010,
	VM_FAULT_SIGSEGV = 0x000040,
	VM_FAULT_NOPAGE = 0x000100,	/* the handler installed the PTE */
	VM_FAULT_LOCKED = 0x000200,	/* vmf->page is returned locked */
	VM_FAULT_RETRY = 0x000400,	/* try the access again */
	VM_FAULT_FALLBACK = 0x000800,
	VM_FAULT_DONE_COW = 0x001000,
	VM_FAULT_COMPLETED = 0x004000,
};

#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | \
			VM_FAULT_HWPOISON | VM_FAULT_FALLBACK)

enum fault_flag {
	FAULT_FLAG_WRITE = 1 << 0,
	FAULT_FLAG_MKWRITE = 1 << 1,
	FAULT_FLAG_ALLOW_RETRY = 1 << 2,
	FAULT_FLAG_RETRY_NOWAIT = 1 << 3,
	FAULT_FLAG_KILLABLE = 1 << 4,
	FAULT_FLAG_TRIED = 1 << 5,
	FAULT_FLAG_USER = 1 << 6,
	FAULT_FLAG_REMOTE = 1 << 7,
	FAULT_FLAG_INSTRUCTION = 1 << 8,
	FAULT_FLAG_INTERRUPTIBLE = 1 << 9,
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* page-aligned faulting address */
	unsigned long real_address;	/* the faulting address itself */
	pgoff_t pgoff;			/* offset in the file, in pages */
	unsigned int flags;		/* FAULT_FLAG_* */
	struct page *page;		/* out: the page to map (with a ref) */
	struct page *cow_page;
};

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	/* A write to a present read-only PFN PTE of a shared mapping. */
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	/*
	 * Proposed (not in mainline): the dma-buf behind this VMA, with a
	 * new reference, and the page offset of the VMA in it; NULL if none.
	 */
	struct dma_buf *(*get_dmabuf)(struct vm_area_struct *vma,
				      pgoff_t *pgoff);
	const char *name;
};

struct vm_area_struct {
	unsigned long vm_start;		/* first byte */
	unsigned long vm_end;		/* first byte after */
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	vm_flags_t vm_flags;
	unsigned long vm_pgoff;		/* offset in vm_file, in pages */
	struct file *vm_file;
	void *vm_private_data;
	const struct vm_operations_struct *vm_ops;
	/* mm's VMAs in address order (under mmap_lock) */
	struct list_head vm_list;
	/* address_space.i_mmap: [vm_pgoff, last pgoff] */
	struct interval_tree_node shared;
	bool linked_to_mapping;
};

struct vma_tree {
	struct vma_tree_node *root;
	int height;
	unsigned long count;
	struct vma_tree_node *spare;	/* preallocated or freed nodes */
	int nr_spare;
	struct mm_pool *pool;		/* node memory (mm/vma_tree.c) */
};

struct mm_struct {
	struct rw_semaphore mmap_lock;
	struct vma_tree mm_mt;		/* the VMA index */
	struct list_head mmap_list;	/* VMAs in address order */
	int map_count;
	int max_map_count;		/* vm.max_map_count */
	struct pt_dir *pgd;
	unsigned long nr_ptes;		/* PTE tables allocated */
	struct platform *platform;
	atomic_t mm_users;		/* address-space users (mmget/mmput) */
	atomic_t mm_count;		/* struct users (mmgrab/mmdrop) */
	unsigned long mmap_base;	/* top of the top-down mmap area */
	unsigned long task_size;
	unsigned long free_area_hint;	/* lowest address handed out lately */
	atomic_long_t rss_anon;		/* resident anonymous pages */
	atomic_long_t pinned_vm;
	struct mmu_notifier_subscriptions *notifier_subscriptions;
};

#endif
