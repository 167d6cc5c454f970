/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame vectors (videobuf2 USERPTR): the frames behind a user range,
 * taken with long-term pins. A PFN-mapped (VM_IO / VM_PFNMAP) range is
 * served only when a dma-buf is behind it (dma_buf_get_from_vma): the
 * frames then come from a pinned attachment whose lifetime the vector
 * holds. Any other PFN-mapped range is refused.
 */
#ifndef DMABRIDGE_FRAME_VECTOR_H
#define DMABRIDGE_FRAME_VECTOR_H

#include <dmabridge/types.h>
#include <dmabridge/err.h>

struct page;
struct dma_buf_frames;

struct frame_vector {
	unsigned int nr_allocated;	/* entries in ptrs[] */
	unsigned int nr_frames;		/* entries filled */
	bool got_ref;			/* the frames are pinned */
	bool is_pfns;			/* ptrs[] holds PFNs, not pages */
	/* The attachment keeping a dma-buf's frames valid, if any. */
	struct dma_buf_frames *dmabuf_frames;
	void *ptrs[];
};

struct frame_vector *frame_vector_create(unsigned int nr_frames);
void frame_vector_destroy(struct frame_vector *vec);
/* Pin up to nr_frames pages at @start: the number pinned or -errno. */
int get_vaddr_frames(unsigned long start, unsigned int nr_frames, bool write,
		     struct frame_vector *vec);
void put_vaddr_frames(struct frame_vector *vec);
int frame_vector_to_pages(struct frame_vector *vec);
void frame_vector_to_pfns(struct frame_vector *vec);

static inline unsigned int frame_vector_count(struct frame_vector *vec)
{
	return vec->nr_frames;
}

static inline struct page **frame_vector_pages(struct frame_vector *vec)
{
	if (vec->is_pfns) {
		int err = frame_vector_to_pages(vec);

		if (err)
			return ERR_PTR(err);
	}
	return (struct page **)(vec->ptrs);
}

static inline unsigned long *frame_vector_pfns(struct frame_vector *vec)
{
	if (!vec->is_pfns)
		frame_vector_to_pfns(vec);
	return (unsigned long *)(vec->ptrs);
}

#endif
