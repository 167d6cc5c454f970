// SPDX-License-Identifier: GPL-2.0
/* Scatter-gather tables: allocation, building from pages, freeing. */
#include <errno.h>
#include <dmabridge/scatterlist.h>
#include <dmabridge/slab.h>

int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	if (!table)
		return -EINVAL;
	table->sgl = NULL;
	table->nents = table->orig_nents = 0;
	if (!nents)
		return -EINVAL;
	table->sgl = kvcalloc(nents, sizeof(*table->sgl), gfp);
	if (!table->sgl)
		return -ENOMEM;
	sg_mark_end(&table->sgl[nents - 1]);
	table->nents = table->orig_nents = nents;
	return 0;
}

void sg_free_table(struct sg_table *table)
{
	if (!table)
		return;
	kvfree(table->sgl);
	table->sgl = NULL;
	table->nents = table->orig_nents = 0;
}

static bool pages_contiguous(struct page *a, struct page *b)
{
	return page_platform(a) == page_platform(b) &&
	       page_to_pfn(a) + 1 == page_to_pfn(b);
}

int sg_alloc_table_from_pages_segment(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size,
				      unsigned int max_segment, gfp_t gfp)
{
	unsigned int i, chunks = 0, j;
	unsigned long left = size;
	struct scatterlist *sg;
	int ret;

	max_segment &= PAGE_MASK;
	if (!sgt || !pages || !n_pages || !size || offset >= PAGE_SIZE ||
	    max_segment < PAGE_SIZE ||
	    size > (u64)n_pages * PAGE_SIZE - offset)
		return -EINVAL;
	for (i = 0; i < n_pages; i++)
		if (!pages[i])
			return -EINVAL;
	/* Count runs of contiguous pages, cut at max_segment. */
	for (i = 0; i < n_pages; i = j) {
		u64 seg = PAGE_SIZE - (i ? 0 : offset);

		for (j = i + 1; j < n_pages &&
				pages_contiguous(pages[j - 1], pages[j]) &&
				seg + PAGE_SIZE <= max_segment;
		     j++)
			seg += PAGE_SIZE;
		chunks++;
	}
	ret = sg_alloc_table(sgt, chunks, gfp);
	if (ret)
		return ret;
	sg = sgt->sgl;
	for (i = 0; i < n_pages && left; i = j, sg++) {
		unsigned int off = i ? 0 : offset;
		u64 seg = PAGE_SIZE - off;

		for (j = i + 1; j < n_pages &&
				pages_contiguous(pages[j - 1], pages[j]) &&
				seg + PAGE_SIZE <= max_segment;
		     j++)
			seg += PAGE_SIZE;
		seg = min(seg, (u64)left);
		sg_set_page(sg, pages[i], seg, off);
		left -= seg;
	}
	/* @size may end before the last page: trim the table. */
	sgt->nents = sgt->orig_nents = sg - sgt->sgl;
	sg_mark_end(sg - 1);
	return 0;
}

size_t sg_table_bytes(const struct sg_table *table)
{
	return table && table->sgl ?
		       sizeof(*table) +
			       table->orig_nents * sizeof(*table->sgl) :
		       0;
}
