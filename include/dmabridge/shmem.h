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

/**
 * shmem_file_setup() - a new shmem file
 * @name: its name
 * @size: bytes
 * @flags: O_* for the file mode
 *
 * A file whose pages are RAM pages in a page cache, mappable by many
 * processes, resized with ftruncate. Born with F_SEAL_SEAL.
 *
 * Context: process context; allocates.
 * Return: the file (one reference), or ERR_PTR(-EINVAL) (bad size) or
 * ERR_PTR(-ENOMEM).
 */
struct file *shmem_file_setup(const char *name, loff_t size,
			      unsigned long flags);
/**
 * shmem_zero_setup() - back a MAP_SHARED anonymous VMA with a shmem file
 * @vma: the VMA
 *
 * Context: mmap_lock held for write.
 * Return: 0, or the errno of shmem_file_setup().
 */
int shmem_zero_setup(struct vm_area_struct *vma);
/**
 * is_shmem_file() - is a file a shmem file?
 * @file: the file
 *
 * Context: any context.
 * Return: true if it is.
 */
bool is_shmem_file(const struct file *file);
/**
 * shmem_truncate() - change a shmem file's size
 * @file: the file
 * @size: the new size
 *
 * Shrinking zaps every mapping of the cut part and frees its pages. Seals
 * are not checked (the kernel's own resize; ftruncate(2) checks them).
 *
 * Context: process context; may sleep (takes the file's lock).
 * Return: 0, -EINVAL (negative size), -EFBIG (too large).
 */
int shmem_truncate(struct file *file, loff_t size);
/**
 * shmem_read_mapping_page() - a page of a shmem file
 * @mapping: the file's address space
 * @index: page index, below i_size
 *
 * Allocated on demand.
 *
 * Context: process context; may sleep.
 * Return: the page with a reference, or ERR_PTR(-EINVAL) beyond the end,
 * ERR_PTR(-ENOMEM).
 */
struct page *shmem_read_mapping_page(struct address_space *mapping,
				     pgoff_t index);
/**
 * shmem_nr_pages() - pages resident in a file's page cache
 * @file: the file
 *
 * Context: any context.
 * Return: the count.
 */
unsigned long shmem_nr_pages(struct file *file);

/**
 * shmem_add_seals() - F_ADD_SEALS on a shmem file (Linux's memfd_add_seals)
 * @file: the file
 * @seals: F_SEAL_* to add
 *
 * Context: process context; may sleep (waits briefly for page pins to go
 * before F_SEAL_WRITE).
 * Return: 0; -EINVAL for a file that is not shmem or an unknown seal;
 * -EPERM if @file is not open for writing or F_SEAL_SEAL is set; -EBUSY
 * adding F_SEAL_WRITE while a shared mapping may write or a page is held
 * outside the page cache and page tables.
 */
int shmem_add_seals(struct file *file, unsigned int seals);

/**
 * shmem_get_seals() - F_GET_SEALS
 * @file: the file
 *
 * Context: process context.
 * Return: the seals, or -EINVAL for a file that is not shmem.
 */
int shmem_get_seals(struct file *file);

/**
 * memfd_fcntl() - the seal commands of fcntl on any file
 * @file: the file
 * @cmd: F_ADD_SEALS or F_GET_SEALS
 * @arg: the seals to add (F_ADD_SEALS)
 *
 * Context: process context; may sleep.
 * Return: as shmem_add_seals()/shmem_get_seals(); -EINVAL for another
 * command or seals above 32 bits.
 */
long memfd_fcntl(struct file *file, unsigned int cmd, unsigned long arg);

/**
 * shmem_memfd_init_seals() - memfd_create()'s initial seals
 * @file: a new shmem file (born with F_SEAL_SEAL, like every shmem file)
 * @allow_sealing: MFD_ALLOW_SEALING: clear F_SEAL_SEAL
 * @noexec_seal: MFD_NOEXEC_SEAL: not executable, F_SEAL_EXEC instead
 *
 * Context: process context, before the file is installed.
 */
void shmem_memfd_init_seals(struct file *file, bool allow_sealing,
			    bool noexec_seal);

#endif
