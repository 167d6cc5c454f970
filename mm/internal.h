/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces between the files of mm/ (address-space side). */
#ifndef DMABRIDGE_MM_INTERNAL_H
#define DMABRIDGE_MM_INTERNAL_H

#include <dmabridge/mm.h>
#include <dmabridge/mmu_notifier.h>
#include <dmabridge/fs.h>

/* vma_tree.c: the VMA index, a B+tree keyed by each VMA's last byte. */
void vma_tree_init(struct vma_tree *t);
void vma_tree_destroy(struct vma_tree *t);
/* Make the next @nr inserts unable to fail (0 or -ENOMEM). */
int vma_tree_prealloc(struct vma_tree *t, int nr);
int vma_tree_insert(struct vma_tree *t, struct vm_area_struct *vma);
/* Remove @vma; call before changing its vm_start/vm_end. */
void vma_tree_erase(struct vma_tree *t, struct vm_area_struct *vma);
/*
 * The first VMA whose vm_end > @addr, or NULL; if @start, also its
 * vm_start, read from the index (no access to the VMA).
 */
struct vm_area_struct *vma_tree_find(const struct vma_tree *t,
				     unsigned long addr, unsigned long *start);

/* vma_tree.c: pools of one object size in huge-page chunks (not Linux). */
struct mm_pool *mm_pool_create(size_t size);
void *mm_pool_alloc(struct mm_pool *p);
void mm_pool_free(struct mm_pool *p, void *obj);
void mm_pool_destroy(struct mm_pool *p);

/* memory.c */
struct zap_details {
	bool even_cows;		/* also zap private COW copies (anon pages) */
};
/* Zap PTEs of [start, end) in @vma; no notifier (the caller fires it). */
void unmap_page_range(struct vm_area_struct *vma, unsigned long start,
		      unsigned long end, const struct zap_details *details);
/* Zap with an mmu notifier invalidation around it. */
void zap_vma_range_notify(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, const struct zap_details *details,
			  enum mmu_notifier_event event);
/* The struct page behind a PTE, or NULL for a special (PFN) one. */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr,
			    pte_t pte);
/*
 * Install @pte (mapping @page, whose reference the PTE takes over) at
 * @addr of @t, ptl held: records the sanitizer owner, bumps the mapcount.
 */
void set_pte_page(struct vm_area_struct *vma, struct pte_table *t,
		  unsigned long addr, struct page *page, pte_t pte);
/* A new page for user memory (movable, optionally zeroed), mm fields clear. */
struct page *alloc_user_page(struct platform *plat, bool zero);
/* A fault hit a migration entry (ptl held; dropped): let it finish. */
void migration_entry_wait(struct mm_struct *mm, struct pte_table *t,
			  unsigned long addr);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr);
bool vma_is_accessible(const struct vm_area_struct *vma);

static inline bool is_cow_mapping(vm_flags_t flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* rmap.c */
void vma_link_file(struct vm_area_struct *vma);
void vma_unlink_file(struct vm_area_struct *vma);
static inline struct address_space *vma_mapping(struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_file->f_mapping : NULL;
}

/* shmem.c: migration replaces a page in the page cache. */
bool page_is_shmem(struct page *page);
int shmem_migrate_replace(struct page *old, struct page *new,
			  int expected_refs);

/* mmap.c */
extern const struct vm_operations_struct vma_dummy_vm_ops;
int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long end);

#endif
