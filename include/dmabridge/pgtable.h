/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software page tables of simulated processes: four levels of 512
 * entries (48-bit virtual addresses), x86-like PTE bits, caching
 * attributes and an "encrypted" bit in the protection, and the owner the
 * DMA sanitizer expected when each PTE was written.
 */
#ifndef DMABRIDGE_PGTABLE_H
#define DMABRIDGE_PGTABLE_H

#include <dmabridge/types.h>
#include <dmabridge/hw.h>
#include <dmabridge/spinlock.h>
#include <dmabridge/sanitizer.h>

/**
 * DOC: page table entries
 *
 * Four levels of 512 entries (48-bit virtual addresses), x86-like PTE bits
 * (_PAGE_PRESENT, _PAGE_RW, _PAGE_USER, _PAGE_SPECIAL for PFN mappings,
 * _PAGE_NX...), caching attributes as PAT index bits (WB, WC, UC-, UC) and
 * an "encrypted" bit (_PAGE_ENC, the SME C-bit) in the protection;
 * _PAGE_MIGRATION marks a non-present PTE of a page under migration. The
 * PAGE_* protections and the pgprot_writecombine(), pgprot_noncached(),
 * pgprot_device(), pgprot_encrypted() and pgprot_decrypted() helpers are
 * Linux's names. Every helper on a PTE value is usable in any context.
 */
typedef u64 pteval_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pteval_t pgprot; } pgprot_t;

#define __pte(x) ((pte_t){ (x) })
#define pte_val(x) ((x).pte)
#define __pgprot(x) ((pgprot_t){ (x) })
#define pgprot_val(x) ((x).pgprot)

#define PTRS_PER_PTE 512
#define PMD_SHIFT 21
#define PUD_SHIFT 30
#define PGDIR_SHIFT 39
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PMD_MASK (~(PMD_SIZE - 1))

/* PTE bits (x86 layout where x86 has one). */
#define _PAGE_PRESENT	BIT_ULL(0)
#define _PAGE_RW	BIT_ULL(1)
#define _PAGE_USER	BIT_ULL(2)	/* user-accessible: clear for PROT_NONE */
#define _PAGE_PWT	BIT_ULL(3)
#define _PAGE_PCD	BIT_ULL(4)
#define _PAGE_ACCESSED	BIT_ULL(5)
#define _PAGE_DIRTY	BIT_ULL(6)
#define _PAGE_SPECIAL	BIT_ULL(9)	/* PFN mapping: no struct page refcount */
#define _PAGE_MIGRATION	BIT_ULL(10)	/* not present: page under migration */
#define _PAGE_ENC	BIT_ULL(51)	/* memory-encryption bit (SME C-bit) */
#define _PAGE_NX	BIT_ULL(63)
#define PTE_PFN_MASK	GENMASK_ULL(50, 12)

/* Caching attributes (PAT index bits): WB, WC, UC-, UC. */
#define _PAGE_CACHE_MASK (_PAGE_PWT | _PAGE_PCD)
#define _PAGE_CACHE_WB	0ULL
#define _PAGE_CACHE_WC	_PAGE_PWT
#define _PAGE_CACHE_UC_MINUS _PAGE_PCD
#define _PAGE_CACHE_UC	(_PAGE_PCD | _PAGE_PWT)

/**
 * enum page_cache_mode - the caching of a mapping
 * @_PAGE_CACHE_MODE_WB: write-back (cached)
 * @_PAGE_CACHE_MODE_WC: write-combining
 * @_PAGE_CACHE_MODE_UC_MINUS: uncached, overridable by MTRRs
 * @_PAGE_CACHE_MODE_UC: uncached
 */
enum page_cache_mode {
	_PAGE_CACHE_MODE_WB,
	_PAGE_CACHE_MODE_WC,
	_PAGE_CACHE_MODE_UC_MINUS,
	_PAGE_CACHE_MODE_UC,
};

/* Bits a protection (vm_page_prot) may carry. */
#define _PAGE_PROT_MASK (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_CACHE_MASK | _PAGE_ENC | _PAGE_NX)

#define PAGE_NONE	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_READONLY	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_NX)
#define PAGE_SHARED	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_RW | \
				 _PAGE_NX)
#define PAGE_READONLY_EXEC __pgprot(_PAGE_PRESENT | _PAGE_USER)
#define PAGE_SHARED_EXEC __pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_RW)
#define PAGE_KERNEL	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)

/**
 * pgprot_cache() - a protection with other caching bits
 * @p: the protection
 * @mode: _PAGE_CACHE_WB, _PAGE_CACHE_WC, _PAGE_CACHE_UC_MINUS or
 * 	_PAGE_CACHE_UC
 *
 * Return: the new protection.
 */
static inline pgprot_t pgprot_cache(pgprot_t p, pteval_t mode)
{
	return __pgprot((pgprot_val(p) & ~_PAGE_CACHE_MASK) | mode);
}

#define pgprot_writecombine(p) pgprot_cache(p, _PAGE_CACHE_WC)
#define pgprot_noncached(p) pgprot_cache(p, _PAGE_CACHE_UC)
#define pgprot_device(p) pgprot_cache(p, _PAGE_CACHE_UC_MINUS)
#define pgprot_encrypted(p) __pgprot(pgprot_val(p) | _PAGE_ENC)
#define pgprot_decrypted(p) __pgprot(pgprot_val(p) & ~_PAGE_ENC)

/**
 * pgprot_cachemode() - the caching mode of a protection
 * @p: the protection
 *
 * Return: the mode.
 */
static inline enum page_cache_mode pgprot_cachemode(pgprot_t p)
{
	switch (pgprot_val(p) & _PAGE_CACHE_MASK) {
	case _PAGE_CACHE_WC:
		return _PAGE_CACHE_MODE_WC;
	case _PAGE_CACHE_UC_MINUS:
		return _PAGE_CACHE_MODE_UC_MINUS;
	case _PAGE_CACHE_UC:
		return _PAGE_CACHE_MODE_UC;
	default:
		return _PAGE_CACHE_MODE_WB;
	}
}

/**
 * pgprot_is_encrypted() - does a protection carry the encryption bit?
 * @p: the protection
 *
 * Return: true if it does.
 */
static inline bool pgprot_is_encrypted(pgprot_t p)
{
	return pgprot_val(p) & _PAGE_ENC;
}

/**
 * pfn_pte() - a PTE for a frame
 * @pfn: the frame
 * @prot: the protection
 *
 * Return: the PTE.
 */
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT & PTE_PFN_MASK) |
		     (pgprot_val(prot) & _PAGE_PROT_MASK));
}

/**
 * pte_pfn() - the frame of a PTE
 * @pte: the PTE
 *
 * Return: the PFN.
 */
static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT;
}

/**
 * pte_pgprot() - the protection of a PTE
 * @pte: the PTE
 *
 * Return: the protection bits.
 */
static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & _PAGE_PROT_MASK);
}

/**
 * pte_none() - is a PTE empty?
 * @pte: the PTE
 *
 * Return: true if zero.
 */
static inline bool pte_none(pte_t pte) { return !pte_val(pte); }
/**
 * pte_present() - is a PTE present?
 * @pte: the PTE
 *
 * Return: true if _PAGE_PRESENT.
 */
static inline bool pte_present(pte_t pte) { return pte_val(pte) & _PAGE_PRESENT; }
/**
 * pte_write() - is a PTE writable?
 * @pte: the PTE
 *
 * Return: true if _PAGE_RW.
 */
static inline bool pte_write(pte_t pte) { return pte_val(pte) & _PAGE_RW; }
/**
 * pte_user() - is a PTE user-accessible (clear for PROT_NONE)?
 * @pte: the PTE
 *
 * Return: true if _PAGE_USER.
 */
static inline bool pte_user(pte_t pte) { return pte_val(pte) & _PAGE_USER; }
/**
 * pte_dirty() - was the page written through this PTE?
 * @pte: the PTE
 *
 * Return: true if _PAGE_DIRTY.
 */
static inline bool pte_dirty(pte_t pte) { return pte_val(pte) & _PAGE_DIRTY; }
/**
 * pte_young() - was the page accessed through this PTE?
 * @pte: the PTE
 *
 * Return: true if _PAGE_ACCESSED.
 */
static inline bool pte_young(pte_t pte) { return pte_val(pte) & _PAGE_ACCESSED; }
/**
 * pte_special() - a PFN mapping without struct page refcounts?
 * @pte: the PTE
 *
 * Return: true if _PAGE_SPECIAL.
 */
static inline bool pte_special(pte_t pte) { return pte_val(pte) & _PAGE_SPECIAL; }
/**
 * pte_is_migration() - a non-present PTE of a page under migration?
 * @pte: the PTE
 *
 * Return: true if it is.
 */
static inline bool pte_is_migration(pte_t pte)
{
	return !pte_present(pte) && (pte_val(pte) & _PAGE_MIGRATION);
}
/**
 * pte_mkwrite() - a PTE made writable
 * @p: the PTE
 *
 * Return: the new PTE.
 */
static inline pte_t pte_mkwrite(pte_t p) { return __pte(pte_val(p) | _PAGE_RW); }
/**
 * pte_wrprotect() - a PTE made read-only
 * @p: the PTE
 *
 * Return: the new PTE.
 */
static inline pte_t pte_wrprotect(pte_t p) { return __pte(pte_val(p) & ~_PAGE_RW); }
/**
 * pte_mkdirty() - a PTE marked dirty
 * @p: the PTE
 *
 * Return: the new PTE.
 */
static inline pte_t pte_mkdirty(pte_t p) { return __pte(pte_val(p) | _PAGE_DIRTY); }
/**
 * pte_mkyoung() - a PTE marked accessed
 * @p: the PTE
 *
 * Return: the new PTE.
 */
static inline pte_t pte_mkyoung(pte_t p) { return __pte(pte_val(p) | _PAGE_ACCESSED); }
/**
 * pte_mkspecial() - a PTE marked special (a PFN mapping)
 * @p: the PTE
 *
 * Return: the new PTE.
 */
static inline pte_t pte_mkspecial(pte_t p) { return __pte(pte_val(p) | _PAGE_SPECIAL); }

/**
 * struct pte_table - the last level of a page table
 * @pte: the PTEs
 * @owner: the sanitizer claim each PTE's page had when the PTE was
 * 	written (what a CPU access through it expects; dmabridge's own)
 * @ptl: the page-table lock
 *
 * Page tables live until the mm is torn down, so a walker that found a
 * table may always take its lock.
 */
struct pte_table {
	pte_t pte[PTRS_PER_PTE];
	san_owner_t owner[PTRS_PER_PTE];
	spinlock_t ptl;
};

/*
 * PTEs and owners are written under the ptl but read by GUP-fast without
 * it, so every write is a single atomic store (Linux: set_pte is one
 * aligned store, read by ptep_get_lockless). Readers holding the ptl may
 * read the fields directly.
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	__atomic_store_n(&ptep->pte, pte_val(pte), __ATOMIC_RELEASE);
}

static inline pte_t ptep_get_lockless(const pte_t *ptep)
{
	return __pte(__atomic_load_n(&ptep->pte, __ATOMIC_ACQUIRE));
}

static inline void pte_set_owner(struct pte_table *t, unsigned int i,
				 san_owner_t owner)
{
	__atomic_store_n(&t->owner[i], owner, __ATOMIC_RELAXED);
}

static inline san_owner_t pte_owner_lockless(const struct pte_table *t,
					     unsigned int i)
{
	return __atomic_load_n(&t->owner[i], __ATOMIC_RELAXED);
}

/**
 * struct pt_dir - an upper level: PGD, PUD or PMD
 * @entry: the next-level tables
 */
struct pt_dir {
	void *entry[PTRS_PER_PTE];
};

struct mm_struct;

/**
 * pte_table_alloc() - the PTE table covering an address, allocated on demand
 * @mm: the address space
 * @addr: the address
 *
 * Context: mmap_lock held; may allocate.
 * Return: the table, or NULL when out of memory.
 */
struct pte_table *pte_table_alloc(struct mm_struct *mm, unsigned long addr);
/**
 * pte_table_lookup() - the PTE table covering an address, if it exists
 * @mm: the address space
 * @addr: the address
 *
 * Context: mmap_lock held (or the mm otherwise stable).
 * Return: the table, or NULL.
 */
struct pte_table *pte_table_lookup(struct mm_struct *mm, unsigned long addr);
/**
 * pgtable_next_table() - the next address whose PTE table may exist
 * @mm: the address space
 * @addr: from
 * @end: the limit
 *
 * Skips empty upper levels.
 *
 * Context: mmap_lock held.
 * Return: an address >= @addr, or @end.
 */
unsigned long pgtable_next_table(struct mm_struct *mm, unsigned long addr,
				 unsigned long end);
/**
 * pte_index() - the index of an address in its PTE table
 * @addr: the address
 *
 * Return: 0 .. PTRS_PER_PTE - 1.
 */
static inline unsigned int pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

/**
 * pgd_alloc() - allocate an mm's top level
 * @mm: the address space
 *
 * Context: process context (mm creation).
 * Return: 0, or -ENOMEM.
 */
int pgd_alloc(struct mm_struct *mm);
/**
 * free_pgtables() - free every page table
 * @mm: the address space
 *
 * At mm teardown, after every PTE was zapped.
 *
 * Context: process context.
 */
void free_pgtables(struct mm_struct *mm);
/**
 * mm_pgtables_count() - PTE tables of an mm
 * @mm: the address space
 *
 * For tests and statistics.
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long mm_pgtables_count(struct mm_struct *mm);

#endif
