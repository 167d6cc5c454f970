/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct iosys_map: a kernel virtual address that is either system memory
 * or I/O memory, as returned by dma_buf_vmap(). Linux's <linux/iosys-map.h>.
 */
#ifndef DMABRIDGE_IOSYS_MAP_H
#define DMABRIDGE_IOSYS_MAP_H

#include <string.h>
#include <dmabridge/types.h>
#include <dmabridge/compiler.h>

/**
 * struct iosys_map - a kernel address of system or I/O memory
 * @vaddr_iomem: the address, for I/O memory
 * @vaddr: the address, for system memory
 * @is_iomem: which of the two it is
 *
 * As returned by dma_buf_vmap(); Linux's <linux/iosys-map.h>. Every helper
 * here is usable in any context.
 */
struct iosys_map {
	union {
		void *vaddr_iomem;
		void *vaddr;
	};
	bool is_iomem;
};

#define IOSYS_MAP_INIT_VADDR(vaddr_)                                       \
	{ .vaddr = (vaddr_), .is_iomem = false }
#define IOSYS_MAP_INIT_VADDR_IOMEM(vaddr_iomem_)                           \
	{ .vaddr_iomem = (vaddr_iomem_), .is_iomem = true }

/**
 * iosys_map_set_vaddr() - point a map at system memory
 * @map: the map
 * @vaddr: the address
 */
static inline void iosys_map_set_vaddr(struct iosys_map *map, void *vaddr)
{
	map->vaddr = vaddr;
	map->is_iomem = false;
}

/**
 * iosys_map_set_vaddr_iomem() - point a map at I/O memory
 * @map: the map
 * @vaddr_iomem: the address
 */
static inline void iosys_map_set_vaddr_iomem(struct iosys_map *map,
					     void *vaddr_iomem)
{
	map->vaddr_iomem = vaddr_iomem;
	map->is_iomem = true;
}

/**
 * iosys_map_is_equal() - do two maps point at the same memory?
 * @lhs: a map
 * @rhs: another
 *
 * Return: true if they do.
 */
static inline bool iosys_map_is_equal(const struct iosys_map *lhs,
				      const struct iosys_map *rhs)
{
	return lhs->is_iomem == rhs->is_iomem && lhs->vaddr == rhs->vaddr;
}

/**
 * iosys_map_is_null() - is a map unset?
 * @map: the map
 *
 * Return: true if its address is NULL.
 */
static inline bool iosys_map_is_null(const struct iosys_map *map)
{
	return !map->vaddr;
}

/**
 * iosys_map_is_set() - is a map set?
 * @map: the map
 *
 * Return: true if its address is not NULL.
 */
static inline bool iosys_map_is_set(const struct iosys_map *map)
{
	return !iosys_map_is_null(map);
}

/**
 * iosys_map_clear() - unset a map
 * @map: the map
 */
static inline void iosys_map_clear(struct iosys_map *map)
{
	map->vaddr = NULL;
	map->is_iomem = false;
}

/**
 * iosys_map_memcpy_to() - copy into mapped memory
 * @dst: the map
 * @dst_off: offset in it
 * @src: the bytes
 * @len: bytes
 *
 * I/O memory is host memory here too; both kinds copy bytes.
 */
static inline void iosys_map_memcpy_to(struct iosys_map *dst, size_t dst_off,
				       const void *src, size_t len)
{
	memcpy((char *)dst->vaddr + dst_off, src, len);
}

/**
 * iosys_map_memcpy_from() - copy out of mapped memory
 * @dst: the destination
 * @src: the map
 * @src_off: offset in it
 * @len: bytes
 */
static inline void iosys_map_memcpy_from(void *dst,
					 const struct iosys_map *src,
					 size_t src_off, size_t len)
{
	memcpy(dst, (const char *)src->vaddr + src_off, len);
}

/**
 * iosys_map_incr() - advance a map's address
 * @map: the map
 * @incr: bytes
 */
static inline void iosys_map_incr(struct iosys_map *map, size_t incr)
{
	map->vaddr = (char *)map->vaddr + incr;
}

/**
 * iosys_map_memset() - fill mapped memory
 * @dst: the map
 * @offset: offset in it
 * @value: the byte
 * @len: bytes
 */
static inline void iosys_map_memset(struct iosys_map *dst, size_t offset,
				    int value, size_t len)
{
	memset((char *)dst->vaddr + offset, value, len);
}

#endif
