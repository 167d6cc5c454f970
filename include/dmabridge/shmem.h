/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared memory files (memfd, MAP_SHARED|MAP_ANONYMOUS): a file whose
 * pages are RAM pages in a page cache, mappable by many processes,
 * resized with ftruncate.
 */
#ifndef DMABRIDGE_SHMEM_H
#define DMABRIDGE_SHMEM_H

#include <dmabridge/types.h>

struct file;
struct vm_area_struct;
struct address_space;
struct page;

/* A new shmem file of @size bytes (flags: O_* for the file mode). */
struct file *shmem_file_setup(const char *name, loff_t size,
			      unsigned long flags);
/* Back a MAP_SHARED anonymous VMA with a new shmem file. */
int shmem_zero_setup(struct vm_area_struct *vma);
bool is_shmem_file(const struct file *file);
/* Change the size; shrinking zaps every mapping of the cut part. */
int shmem_truncate(struct file *file, loff_t size);
/*
 * The page at @index (allocated on demand, below i_size), with a
 * reference; ERR_PTR(-EINVAL) beyond the end, -ENOMEM.
 */
struct page *shmem_read_mapping_page(struct address_space *mapping,
				     pgoff_t index);
/* Pages resident in the file's page cache. */
unsigned long shmem_nr_pages(struct file *file);

#endif
