/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bytecode of the uAPI fuzz target (fuzz_uapi.c), shared with the
 * seed-corpus generator (gen_corpus.c). Not a Linux interface: a
 * syzkaller-like program encoding of this repository's own making.
 *
 * An input is a sequence of 8-byte instructions; a trailing partial one
 * is ignored. Every field is taken modulo the size of what it indexes,
 * so every input is a valid program and mutations stay meaningful: the
 * fuzzer picks calls, fd slots and sizes from tables of interesting
 * values, not raw integers.
 */
#ifndef DMB_FUZZ_UAPI_PROG_H
#define DMB_FUZZ_UAPI_PROG_H

#include <stdint.h>

struct fz_insn {
	uint8_t op;	/* enum fz_op */
	uint8_t ctl;	/* FZ_CTL_* */
	uint8_t a;	/* first fd slot / map slot / node index */
	uint8_t b;	/* second slot / ioctl index */
	uint8_t sz;	/* index into the size table */
	uint8_t off;	/* index into the offset table */
	uint16_t val;	/* flags, prot, values (little endian) */
};

#define FZ_INSN_SIZE 8

/* ctl bits */
#define FZ_CTL_PROC	0x01	/* run in process 1 instead of 0 */
#define FZ_CTL_PTR_MASK	0x06	/* pointer argument: valid, valid, NULL, bad */
#define FZ_CTL_PTR_SHIFT 1
#define FZ_CTL_RAWFD	0x08	/* fd is (int8_t)a, not the fd in slot a */
#define FZ_CTL_FIXED	0x10	/* mmap: at a map slot's address; else raw address */
#define FZ_CTL_WRONG	0x20	/* ioctl: perturb the command; others: op-specific */
#define FZ_CTL_X1	0x40	/* op-specific */
#define FZ_CTL_X2	0x80	/* op-specific */

enum fz_op {
	FZ_OPEN,	/* a: path index (device nodes, then sysfs), val: flags */
	FZ_CLOSE,	/* a: fd */
	FZ_DUP,		/* a: fd */
	FZ_READ,	/* a: fd, sz: count */
	FZ_WRITE,	/* a: fd, sz: count */
	FZ_PREAD,	/* a: fd, sz: count, off: position */
	FZ_PWRITE,	/* a: fd, sz: count, off: position */
	FZ_LSEEK,	/* a: fd, off: offset, val: whence */
	FZ_FTRUNCATE,	/* a: fd, sz: length */
	FZ_POLL,	/* a, b: fds, val: events, ctl X1/X2: timeout */
	FZ_MMAP,	/* a: fd, b: map slot, sz: len, off: offset, val: prot|flags */
	FZ_MUNMAP,	/* a: map slot, off: delta, sz: len */
	FZ_MPROTECT,	/* a: map slot, off: delta, sz: len, val: prot */
	FZ_MADVISE,	/* a: map slot, off: delta, sz: len, val: advice */
	FZ_CPU_READ,	/* a: map slot, off: delta, sz: len */
	FZ_CPU_WRITE,	/* a: map slot, off: delta, sz: len, val: pattern */
	FZ_MEMFD,	/* val: flags choice, ctl X1: long name */
	FZ_IOCTL,	/* a: fd, b: ioctl (all devices' table), rest: args */
	FZ_PASS_FD,	/* a: fd of this process -> a slot of the other one */
	FZ_SIGNAL,	/* val: signal; ctl X1: from a second thread during the next call */
	FZ_EXIT,	/* this process exits (and a fresh one takes its place) */
	FZ_READLINK,	/* a: path index (device nodes, then sysfs), sz: bufsiz */
	FZ_GETDENTS,	/* a: fd, sz: count */
	FZ_NR_OPS,
};

/* Slots per process. */
#define FZ_NR_FD_SLOTS 16
#define FZ_NR_MAP_SLOTS 8

/*
 * Indexes of the ioctls in fuzz_uapi.c's device table, for the corpus
 * generator (fuzz_uapi checks them at start-up).
 */
enum fz_ioc {
	FZ_IOC_HEAP_ALLOC,
	FZ_IOC_UDMABUF_CREATE,
	FZ_IOC_UDMABUF_CREATE_LIST,
	FZ_IOC_SW_CREATE_FENCE,
	FZ_IOC_SW_INC,
	FZ_IOC_SW_GET_DEADLINE,
	FZ_IOC_DMABUF_SYNC,
	FZ_IOC_DMABUF_SET_NAME_A,
	FZ_IOC_DMABUF_SET_NAME_B,
	FZ_IOC_DMABUF_EXPORT_SYNC_FILE,
	FZ_IOC_DMABUF_IMPORT_SYNC_FILE,
	FZ_IOC_SYNC_MERGE,
	FZ_IOC_SYNC_FILE_INFO,
	FZ_IOC_SYNC_SET_DEADLINE,
	FZ_NR_IOC,
};

/* Open's node index (fuzz_uapi.c node_paths). */
enum fz_node { FZ_NODE_HEAP, FZ_NODE_UDMABUF, FZ_NODE_SW_SYNC };
/* The sysfs paths follow the 8 node paths; resource0 is the fifth. */
#define FZ_NODE_SYSFS 8
#define FZ_SYSFS_RESOURCE0 (FZ_NODE_SYSFS + 4)

/* Tables of interesting values the instructions index (sz, off). */
static const uint64_t sizes[] = {
	0, 1, 2, 3, 7, 8, 16, 31, 32, 33, 63, 64, 100, 255, 256, 511, 512,
	1023, 1024, 2048, 4095, 4096, 4097, 8191, 8192, 8193, 12288, 16384,
	32768, 65535, 65536, 65537, 1u << 20, (1u << 20) + 4096, 2u << 20,
	4u << 20, 16u << 20, (64u << 20) - 4096, 64u << 20, (64u << 20) + 4096,
	128u << 20, 1ull << 30, 1ull << 31, (1ull << 31) - 1, (1ull << 31) - 4096,
	1ull << 32, (1ull << 32) + 4096, 1ull << 40, 1ull << 47, INT64_MAX,
	UINT64_MAX, UINT64_MAX - 4095, 1ull << 63, INT32_MAX, UINT32_MAX,
};

static const uint64_t offsets[] = {
	0, 0, 0, 4096, 8192, 12288, 65536, 1, 100, 4095, 4097, 2048,
	1u << 20, 2u << 20, 16u << 20, 64u << 20, 1ull << 31, 1ull << 32,
	1ull << 40, INT64_MAX, INT64_MAX - 4095, (uint64_t)-1, (uint64_t)-4096,
	(uint64_t)-8192, UINT64_MAX - 4095, 1ull << 63, 3 * 4096,
};

/* Address deltas within a mapping (signed). */
static const long deltas[] = {
	0, 0, 0, 4096, 8192, 12288, 1, 100, 2048, 4095, 4097, -4096, -1,
	65536, 1 << 20, -(1 << 20), 16 << 20,
};

#endif
