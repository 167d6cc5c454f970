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

/**
 * DOC: VM flags
 *
 * vm_flags_t bits with Linux's values: VM_READ/WRITE/EXEC/SHARED and
 * their MAY variants; VM_PFNMAP (raw PFNs, no struct page refcounts),
 * VM_IO (memory-mapped I/O), VM_MIXEDMAP (PFNs and pages mixed),
 * VM_DONTCOPY, VM_DONTEXPAND, VM_DONTDUMP and the others.
 */
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

/**
 * struct address_space - the reverse map of a file
 * @i_mmap: the VMAs mapping it, by page offset (vm_area_struct.shared)
 * @i_mmap_rwsem: protects @i_mmap
 * @host: the owner (inode, buffer)
 * @nrpages: pages it caches
 */
struct address_space {
	struct interval_tree_root i_mmap;	/* vm_area_struct.shared */
	struct rw_semaphore i_mmap_rwsem;
	void *host;				/* the owner (inode, buffer) */
	unsigned long nrpages;
};

struct vm_fault;
typedef unsigned int vm_fault_t;

/**
 * enum vm_fault_reason - what a fault handler returns (Linux's values)
 * @VM_FAULT_OOM: out of memory
 * @VM_FAULT_SIGBUS: bad access: SIGBUS
 * @VM_FAULT_MAJOR: the page had to be read
 * @VM_FAULT_HWPOISON: a poisoned page
 * @VM_FAULT_SIGSEGV: SIGSEGV
 * @VM_FAULT_NOPAGE: the handler installed the PTE
 * @VM_FAULT_LOCKED: vmf->page is returned locked
 * @VM_FAULT_RETRY: try the access again
 * @VM_FAULT_FALLBACK: fall back to small pages
 * @VM_FAULT_DONE_COW: the COW was done
 * @VM_FAULT_COMPLETED: the fault completed with mmap_lock dropped
 */
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

/**
 * enum fault_flag - how a fault happened (Linux's values)
 * @FAULT_FLAG_WRITE: a write access
 * @FAULT_FLAG_MKWRITE: a write to a present read-only PTE
 * @FAULT_FLAG_ALLOW_RETRY: the handler may return VM_FAULT_RETRY
 * @FAULT_FLAG_RETRY_NOWAIT: retry without waiting
 * @FAULT_FLAG_KILLABLE: a fatal signal may end the fault
 * @FAULT_FLAG_TRIED: a retry
 * @FAULT_FLAG_USER: from user space
 * @FAULT_FLAG_REMOTE: on another mm (GUP remote)
 * @FAULT_FLAG_INSTRUCTION: an instruction fetch
 * @FAULT_FLAG_INTERRUPTIBLE: any signal may end the fault
 */
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

/**
 * struct vm_fault - a fault being handled
 * @vma: the VMA
 * @address: the page-aligned faulting address
 * @real_address: the faulting address itself
 * @pgoff: offset in the file, in pages
 * @flags: FAULT_FLAG_*
 * @page: out: the page to map (with a reference)
 * @cow_page: the private copy for a COW fault
 */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* page-aligned faulting address */
	unsigned long real_address;	/* the faulting address itself */
	pgoff_t pgoff;			/* offset in the file, in pages */
	unsigned int flags;		/* FAULT_FLAG_* */
	struct page *page;		/* out: the page to map (with a ref) */
	struct page *cow_page;
};

/**
 * struct vm_operations_struct - what a mapping does
 */
struct vm_operations_struct {
	/**
	 * @open: a VMA was copied or split from this one.
	 */
	void (*open)(struct vm_area_struct *vma);
	/**
	 * @close: the VMA goes away; mmap_lock held for write.
	 */
	void (*close)(struct vm_area_struct *vma);
	/**
	 * @fault: a page is missing: set vmf->page, or install a PTE and
	 * return VM_FAULT_NOPAGE; mmap_lock held for read.
	 */
	vm_fault_t (*fault)(struct vm_fault *vmf);
	/**
	 * @pfn_mkwrite: a write to a present read-only PFN PTE of a shared
	 * mapping.
	 */
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	/**
	 * @get_dmabuf: proposed (not in mainline): the dma-buf behind this
	 * VMA, with a new reference, and the page offset of the VMA in it;
	 * NULL if none. mmap_lock held.
	 */
	struct dma_buf *(*get_dmabuf)(struct vm_area_struct *vma,
				      pgoff_t *pgoff);
	/**
	 * @name: for /proc/PID/maps-style dumps.
	 */
	const char *name;
};

/**
 * struct vm_area_struct - one mapping of a process address space
 * @vm_start: first byte
 * @vm_end: first byte after
 * @vm_mm: the address space
 * @vm_page_prot: protection of its PTEs
 * @vm_flags: VM_*
 * @vm_pgoff: offset in @vm_file, in pages
 * @vm_file: the mapped file, or NULL (anonymous)
 * @vm_private_data: the mapping owner's
 * @vm_ops: its operations
 * @vm_list: the mm's VMAs in address order (under mmap_lock)
 * @shared: in address_space.i_mmap: [vm_pgoff, last pgoff]
 * @linked_to_mapping: @shared is in the file's i_mmap
 */
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

/**
 * struct vma_tree - an mm's VMA index (dmabridge's; Linux uses a maple tree)
 * @root: the root node
 * @height: the tree height
 * @count: VMAs in it
 * @spare: preallocated nodes
 * @nr_spare: entries in @spare
 * @pool: where its nodes' memory comes from (mm/vma_tree.c)
 */
struct vma_tree {
	struct vma_tree_node *root;
	int height;
	unsigned long count;
	struct vma_tree_node *spare;	/* preallocated or freed nodes */
	int nr_spare;
	struct mm_pool *pool;		/* node memory (mm/vma_tree.c) */
};

/**
 * struct mm_struct - a process address space
 * @mmap_lock: protects the VMAs and page tables
 * @mm_mt: the VMA index
 * @mmap_list: VMAs in address order
 * @map_count: VMAs
 * @max_map_count: vm.max_map_count
 * @pgd: the page table root
 * @nr_ptes: PTE tables allocated
 * @platform: the machine
 * @mm_users: address-space users (mmget()/mmput())
 * @mm_count: struct users (mmgrab()/mmdrop())
 * @mmap_base: top of the top-down mmap area
 * @task_size: end of the user address space
 * @free_area_hint: lowest address handed out lately
 * @rss_anon: resident anonymous pages
 * @pinned_vm: pages pinned with FOLL_LONGTERM
 * @notifier_subscriptions: mmu notifiers registered on it
 */
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
