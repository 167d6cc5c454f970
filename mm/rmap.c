// SPDX-License-Identifier: GPL-2.0
/*
 * The reverse map of files: each address_space keeps the VMAs mapping it
 * in an interval tree by page offset, so every CPU mapping of a range can
 * be found and zapped in every process (unmap_mapping_range).
 */
#include <limits.h>
#include <dmabridge/fs.h>
#include <dmabridge/bug.h>
#include "internal.h"

void address_space_init(struct address_space *mapping, void *host)
{
	interval_tree_init(&mapping->i_mmap);
	init_rwsem(&mapping->i_mmap_rwsem);
	mapping->host = host;
	mapping->nrpages = 0;
}

void address_space_destroy(struct address_space *mapping)
{
	WARN_ON(!interval_tree_empty(&mapping->i_mmap));
	rwsem_destroy(&mapping->i_mmap_rwsem);
}

bool mapping_mapped(struct address_space *mapping)
{
	bool ret;

	down_read(&mapping->i_mmap_rwsem);
	ret = !interval_tree_empty(&mapping->i_mmap);
	up_read(&mapping->i_mmap_rwsem);
	return ret;
}

void vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (!mapping || vma->linked_to_mapping)
		return;
	vma->shared.start = vma->vm_pgoff;
	vma->shared.last = vma->vm_pgoff + vma_pages(vma) - 1;
	down_write(&mapping->i_mmap_rwsem);
	interval_tree_insert(&vma->shared, &mapping->i_mmap);
	vma->linked_to_mapping = true;
	up_write(&mapping->i_mmap_rwsem);
}

void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (!mapping || !vma->linked_to_mapping)
		return;
	down_write(&mapping->i_mmap_rwsem);
	interval_tree_remove(&vma->shared, &mapping->i_mmap);
	vma->linked_to_mapping = false;
	up_write(&mapping->i_mmap_rwsem);
}

void unmap_mapping_pages(struct address_space *mapping, pgoff_t start,
			 pgoff_t nr, bool even_cows)
{
	struct zap_details details = { .even_cows = even_cows };
	struct interval_tree_node *node;
	pgoff_t first = start, last;

	if (!mapping)
		return;
	if (!nr || __builtin_add_overflow(start, nr - 1, &last))
		last = ULONG_MAX;
	down_read(&mapping->i_mmap_rwsem);
	for (node = interval_tree_iter_first(&mapping->i_mmap, first, last);
	     node; node = interval_tree_iter_next(node, first, last)) {
		struct vm_area_struct *vma =
			container_of(node, struct vm_area_struct, shared);
		pgoff_t vba = vma->vm_pgoff;
		pgoff_t zba = max(first, vba);
		pgoff_t zea = min(last, node->last);

		zap_vma_range_notify(vma,
				     vma->vm_start + ((zba - vba) << PAGE_SHIFT),
				     vma->vm_start +
					     ((zea - vba + 1) << PAGE_SHIFT),
				     &details, MMU_NOTIFY_CLEAR);
	}
	up_read(&mapping->i_mmap_rwsem);
}

void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows)
{
	pgoff_t hba, hlen;

	if (holebegin < 0 || holelen < 0)
		return;
	hba = (pgoff_t)holebegin >> PAGE_SHIFT;
	hlen = 0;
	if (holelen) {
		hlen = ((pgoff_t)holelen + PAGE_SIZE - 1) >> PAGE_SHIFT;
		if (hlen > ULONG_MAX - hba)
			hlen = 0;
	}
	unmap_mapping_pages(mapping, hba, hlen, even_cows);
}
