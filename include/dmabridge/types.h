/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel integer and address types. */
#ifndef DMABRIDGE_TYPES_H
#define DMABRIDGE_TYPES_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

/**
 * DOC: kernel types
 *
 * u8..u64, s8..s64, phys_addr_t (a CPU physical address), dma_addr_t (an
 * address as a device sees it: physical, PCI bus or IOVA),
 * resource_size_t, pgoff_t, gfp_t, fmode_t and ktime_t (nanoseconds), as
 * in Linux. DMA_MAPPING_ERROR is the dma_addr_t a failed mapping returns.
 */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef unsigned long pgoff_t;
typedef unsigned int gfp_t;
typedef unsigned int fmode_t;
typedef s64 ktime_t;

#define DMA_MAPPING_ERROR (~(dma_addr_t)0)

/**
 * struct phys_vec - one contiguous physical range
 * @paddr: start
 * @len: bytes
 *
 * Linux 7.0 moved this to types.h.
 */
struct phys_vec {
	phys_addr_t paddr;
	size_t len;
};

#endif
