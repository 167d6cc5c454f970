/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process address spaces: mm_struct lifetime, the VMA index, faults,
 * PFN insertion, zap and the reverse map, PFN following, CPU accesses of
 * simulated processes and page migration.
 *
 * Lock order: mmap_lock -> driver fault locks (e.g. a dma_resv taken in
 * a fault handler) -> page lock -> fs_reclaim (any allocation that may
 * reclaim) -> address_space.i_mmap_rwsem -> mmu notifier callbacks'
 * locks (a driver's user_lock) -> fence waits -> page-table lock
 * (pte_table.ptl) -> page allocator and sanitizer locks. The backbone of
 * it (mmap_lock -> resv -> fs_reclaim -> i_mmap -> mmu notifier -> fence
 * wait) is recorded in the lock checker at platform creation
 * (mm_resv_lockdep_prime()), so a violation is reported the first time
 * it happens, even if the opposite order never runs. Fault handlers
 * run with mmap_lock held for read and no page-table lock, so they may
 * sleep and take locks. mmu interval notifier callbacks may run with
 * mmap_lock held for write (munmap) or i_mmap_rwsem held (zap) and must
 * never take mmap_lock.
 */
#ifndef DMABRIDGE_MM_H
#define DMABRIDGE_MM_H

#include <dmabridge/mm_types.h>
#include <dmabridge/page.h>
#include <dmabridge/err.h>

struct task_struct;
struct pt_regs;

/* 47-bit user address space, like x86-64 with 4-level paging. */
#define TASK_SIZE ((1UL << 47) - PAGE_SIZE)
#define DEFAULT_MMAP_BASE 0x7ff000000000UL
/* vm.mmap_min_addr: MAP_FIXED below it is -EPERM. */
#define MMAP_MIN_ADDR 65536UL
/* vm.max_map_count */
#define DEFAULT_MAX_MAP_COUNT 65530

#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define PAGE_ALIGNED(a) IS_ALIGNED((unsigned long)(a), PAGE_SIZE)

/* mm_struct lifetime (mmget/mmput live in mm/mmap.c beside mm_alloc). */
struct mm_struct *mm_alloc(struct platform *plat);
void mmget(struct mm_struct *mm);
bool mmget_not_zero(struct mm_struct *mm);
/* The last mmput tears the address space down (every VMA, page, table). */
void mmput(struct mm_struct *mm);
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/* A simulated process: task_create() with a new, empty mm. */
struct task_struct *process_create(struct platform *plat, const char *comm);
/* Raise/lower vm.max_map_count for one mm (benchmarks of huge maps). */
void mm_set_max_map_count(struct mm_struct *mm, int max);

/**
 * fs_reclaim_acquire() - enter (as far as the lock checker knows) reclaim
 * @gfp: the allocation's flags; only GFP_KERNEL-class ones may reclaim
 *
 * Linux's fs_reclaim annotation: an allocation that may reclaim may wait
 * for everything reclaim waits for (i_mmap_rwsem, mmu notifiers, fences).
 * Allocators call might_alloc(); code that must act as reclaim does (a
 * shrinker model, the boot-time priming) brackets itself with this pair.
 *
 * Context: any; takes the fs_reclaim pseudo-lock for lockdep only.
 */
void fs_reclaim_acquire(gfp_t gfp);
void fs_reclaim_release(gfp_t gfp);

/* Record "locks held now -> reclaim" for an allocation that may reclaim. */
static inline void might_alloc(gfp_t gfp)
{
	fs_reclaim_acquire(gfp);
	fs_reclaim_release(gfp);
}

/*
 * The mmu notifier pseudo-lock (Linux: in <linux/mmu_notifier.h>): held
 * around invalidate callbacks, taken before waiting for them.
 */
extern struct lockdep_map __mmu_notifier_invalidate_range_start_map;

/**
 * mm_resv_lockdep_prime() - teach the lock checker the mm/dma-buf order
 * @plat: the platform being created (owns the scratch mm)
 *
 * Linux's dma_resv_lockdep(): takes, in order and on scratch objects,
 * mmap_lock, a dma_resv lock, fs_reclaim, i_mmap_rwsem, the mmu notifier
 * map and a fence wait, so a later inversion of any pair is reported at
 * once. Does nothing if the caller holds a lock (that would record false
 * orders). Called by platform_create(); call it again after lockdep_reset().
 *
 * Context: process context, no locks held.
 */
void mm_resv_lockdep_prime(struct platform *plat);

static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

static inline int mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock);
}

static inline int mmap_read_lock_killable(struct mm_struct *mm)
{
	return down_read_killable(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

static inline int mmap_write_lock_killable(struct mm_struct *mm)
{
	return down_write_killable(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

static inline void mmap_assert_locked(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->mmap_lock);
}

/* VMA index (mmap_lock held, read or write). */
/* The first VMA with vm_end > @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The VMA containing @addr, or NULL. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
/* The first VMA intersecting [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);
/* find_vma, and the VMA before the result in *pprev. */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *vma_next(struct mm_struct *mm,
				struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(struct mm_struct *mm,
				struct vm_area_struct *vma);
#define for_each_vma(mm, vma) \
	list_for_each_entry(vma, &(mm)->mmap_list, vm_list)

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

static inline bool range_in_vma(const struct vm_area_struct *vma,
				unsigned long start, unsigned long end)
{
	return vma && vma->vm_start <= start && end <= vma->vm_end &&
	       start < end;
}

/* vm_flags changes (Linux 6.3+ helpers; mmap_lock held for write). */
static inline void vm_flags_init(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags = f;
}

static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags |= f;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t f)
{
	vma->vm_flags &= ~f;
}

static inline void vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set,
				vm_flags_t clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}

/* The PTE protection for a set of vm_flags (write-back caching). */
pgprot_t vm_get_page_prot(vm_flags_t vm_flags);

/*
 * Address-space operations of the syscalls (mm/mman.c), callable by
 * kernel code too. Each takes mmap_lock itself. Negative errno on error.
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot);
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len,
	       int behavior);

/* address_space: the reverse map of a file or buffer. */
void address_space_init(struct address_space *mapping, void *host);
void address_space_destroy(struct address_space *mapping);
bool mapping_mapped(struct address_space *mapping);

/* Faults (mmap_lock held for read; no page-table lock). */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
/* Fault in [addr, addr + len) for read (or write), as a CPU would. */
int fault_in_range(struct mm_struct *mm, unsigned long addr, size_t len,
		   bool write);

/* For fault handlers and mmap handlers of drivers. */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn);
vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr,
			       unsigned long pfn, pgprot_t pgprot);
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn);
vm_fault_t vmf_insert_page(struct vm_area_struct *vma, unsigned long addr,
			   struct page *page);
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
		   struct page *page);
/* Map [pfn, pfn + size) at addr; sets VM_IO | VM_PFNMAP | VM_DONTEXPAND. */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot);
int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		       unsigned long pfn, unsigned long size, pgprot_t prot);

/* Zap: remove CPU mappings; the next access faults again. */
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size);
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size);
/*
 * Every CPU mapping of [holebegin, holebegin + holelen) bytes of
 * @mapping, in every process (holelen 0: to the end). Private COW copies
 * are kept unless @even_cows. Takes i_mmap_rwsem, never mmap_lock, so a
 * driver may call it holding its own locks.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);
void unmap_mapping_pages(struct address_space *mapping, pgoff_t start,
			 pgoff_t nr, bool even_cows);

/*
 * PFN following. follow_pfnmap_start() looks up the PFN mapped at
 * args->address of a VM_IO / VM_PFNMAP VMA (mmap_lock held) and returns
 * 0 with the page-table lock held: the PFN is valid until
 * follow_pfnmap_end(), or longer only under an mmu interval notifier.
 */
struct follow_pfnmap_args {
	struct vm_area_struct *vma;	/* in */
	unsigned long address;		/* in */
	/* out */
	spinlock_t *lock;
	pte_t *ptep;
	unsigned long pfn;
	unsigned long addr_mask;
	pgprot_t pgprot;
	bool writable;
	bool special;
};

int follow_pfnmap_start(struct follow_pfnmap_args *args);
void follow_pfnmap_end(struct follow_pfnmap_args *args);
/*
 * Legacy (removed in Linux 6.10): the PFN with no guard at all. Exists to
 * reproduce the old bug; -EINVAL unless the platform's unsafe switch is on.
 */
int follow_pfn(struct vm_area_struct *vma, unsigned long address,
	       unsigned long *pfn);
/* Turn the unsafe switch on (taints the platform) or off. */
void platform_set_unsafe_follow_pfn(struct platform *plat, bool on);

/*
 * CPU accesses of a simulated process (current->mm): the page tables are
 * walked like hardware; a miss or a protection violation faults; after a
 * successful fault the access retries. 0, or -EFAULT (SIGSEGV/SIGBUS
 * analogue), -ENOMEM (out of memory), -EINTR (fatal signal). Every byte
 * is checked by the DMA sanitizer against the owner the PTE expects.
 */
int cpu_read(unsigned long addr, void *buf, size_t len);
int cpu_write(unsigned long addr, const void *buf, size_t len);
int cpu_access_mm(struct mm_struct *mm, unsigned long addr, void *buf,
		  size_t len, bool write);
/* Linux convention: the number of bytes NOT copied. */
unsigned long cpu_copy_from_user(void *to, unsigned long from,
				 unsigned long n);
unsigned long cpu_copy_to_user(unsigned long to, const void *from,
			       unsigned long n);

/*
 * Migration: move @page's contents to a new page in @zone, update every
 * mapping through the reverse map (firing MMU_NOTIFY_MIGRATE), give the
 * old page a new sanitizer owner (SAN_EV_MIGRATE) and free it. Refuses
 * a pinned page or one with references it cannot account for (-EBUSY).
 * For an anonymous page the caller holds its mm's mmap_lock. The caller
 * holds a reference on @page. *@newpage (optional) gets the new page.
 */
int migrate_page(struct page *page, enum zone_type zone,
		 struct page **newpage);

#endif
