// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_uapi: short programs doing what the
 * tests do (tests/drivers/dma-buf, tests/dma-buf, tests/mm, tests/fs), in
 * the bytecode of uapi_prog.h. Usage: gen_corpus DIR.
 * Not a Linux file: part of this repository's fuzzing harness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include "uapi_prog.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct fz_insn prog[256];
static int n;
static const char *dir;

static void I(int op, int ctl, int a, int b, int sz, int off, int val)
{
	prog[n++] = (struct fz_insn){ .op = op, .ctl = ctl, .a = a, .b = b,
				      .sz = sz, .off = off, .val = val };
}

static int SZ(uint64_t v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(sizes); i++)
		if (sizes[i] == v)
			return i;
	fprintf(stderr, "gen_corpus: %#llx not in sizes[]\n",
		(unsigned long long)v);
	exit(1);
}

static int OFF(uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 16; i++)	/* mmap uses the first 16 only */
		if (offsets[i] == v)
			return i;
	fprintf(stderr, "gen_corpus: %#llx not in offsets[0..15]\n",
		(unsigned long long)v);
	exit(1);
}

static void emit(const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(prog, FZ_INSN_SIZE, n, f) != (size_t)n || fclose(f)) {
		perror(path);
		exit(1);
	}
	n = 0;
}

/* mmap's val: prot | map type index << 4 | extra flags index << 8. */
#define MT_SHARED 0
#define MT_PRIVATE 1
#define MT_SHARED_ANON 4
#define MT_PRIVATE_ANON 5
#define MMAP_VAL(prot, type) ((prot) | (type) << 4)
#define RW 3
#define SIG_MIDCALL FZ_CTL_X1
#define P1 FZ_CTL_PROC

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus DIR\n");
		return 2;
	}
	dir = argv[1];

	/* fd slots fill in order: the first new fd goes to slot 0, ... */

	/* test_system_heap: allocate, map, write, read back, sync. */
	I(FZ_OPEN, 0, FZ_NODE_HEAP, 0, 0, 0, 0);			/* s0 heap */
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(8192), 0, 0);	/* s1 buf */
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SYNC, 0, 0, 2);		/* RW start */
	I(FZ_MMAP, 0, 1, 0, SZ(8192), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(4096), 0, 0x5a);
	I(FZ_CPU_READ, 0, 0, 0, SZ(8192), 0, 0);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SYNC, 0, 0, 5);		/* RW end */
	I(FZ_MUNMAP, 0, 0, 0, SZ(4096), 3, 0);
	I(FZ_CPU_READ, 0, 0, 0, SZ(4096), 0, 0);
	I(FZ_CLOSE, 0, 1, 0, 0, 0, 0);
	emit("heap_mmap_rw");

	/* test_udmabuf: a memfd's pages as a dma-buf, mapped. */
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 1);				/* s0 memfd */
	I(FZ_FTRUNCATE, 0, 0, 0, SZ(65536), 0, 0);
	I(FZ_PWRITE, 0, 0, 0, SZ(4096), 3, 0);
	I(FZ_OPEN, 0, FZ_NODE_UDMABUF, 0, 0, 0, 0);		/* s1 udmabuf */
	I(FZ_IOCTL, 0, 1, FZ_IOC_UDMABUF_CREATE, SZ(65536), 0, 0); /* s2 */
	I(FZ_MMAP, 0, 2, 0, SZ(65536), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_READ, 0, 0, 0, SZ(8192), 3, 0);
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(4096), 0, 0x11);
	I(FZ_PREAD, 0, 0, 0, SZ(4096), 0, 0);
	I(FZ_MMAP, 0, 0, 1, SZ(65536), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_MADVISE, 0, 1, 0, SZ(65536), 0, 19);		/* populate read */
	I(FZ_FTRUNCATE, 0, 0, 0, SZ(4096), 0, 0);		/* shrink: pinned */
	I(FZ_CPU_READ, 0, 1, 0, SZ(8192), 0, 0);
	emit("udmabuf_memfd");

	/* udmabuf list over two memfds (s0, s1), then ranges past the end. */
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 0);
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 2);
	I(FZ_FTRUNCATE, 0, 0, 0, SZ(16384), 0, 0);
	I(FZ_FTRUNCATE, 0, 1, 0, SZ(16384), 0, 0);
	I(FZ_OPEN, 0, FZ_NODE_UDMABUF, 0, 0, 0, 0);		/* s2 */
	I(FZ_IOCTL, 0, 2, FZ_IOC_UDMABUF_CREATE_LIST, SZ(4096), 0, 1 << 8);
	I(FZ_IOCTL, 0, 2, FZ_IOC_UDMABUF_CREATE_LIST, SZ(8192), 0, 3 << 8);
	I(FZ_IOCTL, 0, 2, FZ_IOC_UDMABUF_CREATE, SZ(16384), 3, 1);
	I(FZ_MMAP, 0, 3, 0, SZ(8192), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(8192), 0, 0x77);
	emit("udmabuf_list");

	/* test_sync_file: timelines, points, merge, info, signalling. */
	I(FZ_OPEN, 0, FZ_NODE_SW_SYNC, 0, 0, 0, 0);		/* s0 */
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_CREATE_FENCE, 0, 0, 1);	/* s1 */
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_CREATE_FENCE, 0, 0, 2);	/* s2 */
	I(FZ_IOCTL, 0, 1, FZ_IOC_SYNC_MERGE, 0, 2, 0);		/* s3 */
	I(FZ_IOCTL, 0, 3, FZ_IOC_SYNC_FILE_INFO, 0, 0, 0);
	I(FZ_IOCTL, 0, 3, FZ_IOC_SYNC_FILE_INFO, 0, 0, 2);
	I(FZ_IOCTL, 0, 1, FZ_IOC_SYNC_SET_DEADLINE, SZ(4096), 0, 0);
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_GET_DEADLINE, 0, 1, 0);
	I(FZ_POLL, 0, 3, 1, 0, 1, 1);
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_INC, 0, 0, 1);
	I(FZ_POLL, 0, 3, 1, 0, 1, 1);
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_INC, 0, 0, 1);
	I(FZ_IOCTL, 0, 3, FZ_IOC_SYNC_FILE_INFO, 0, 0, 4);
	I(FZ_CLOSE, 0, 0, 0, 0, 0, 0);
	emit("sw_sync_merge");

	/*
	 * Implicit sync: a fence from a timeline put into a dma-buf, then a
	 * CPU-access sync that waits for it, interrupted from a second thread.
	 */
	I(FZ_OPEN, 0, FZ_NODE_HEAP, 0, 0, 0, 0);			/* s0 */
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(4096), 0, 0);	/* s1 */
	I(FZ_OPEN, 0, FZ_NODE_SW_SYNC, 0, 0, 0, 0);		/* s2 */
	I(FZ_IOCTL, 0, 2, FZ_IOC_SW_CREATE_FENCE, 0, 0, 5);	/* s3 */
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_IMPORT_SYNC_FILE, 0, 3, 1);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_EXPORT_SYNC_FILE, 0, 0, 2); /* s4 */
	I(FZ_IOCTL, 0, 4, FZ_IOC_SYNC_FILE_INFO, 0, 0, 4);
	I(FZ_SIGNAL, SIG_MIDCALL, 0, 0, 0, 0, 0 | 2 << 8);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SYNC, 0, 0, 2);
	I(FZ_MMAP, 0, 1, 0, SZ(4096), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_IOCTL, 0, 2, FZ_IOC_SW_INC, 0, 0, 7);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SYNC, 0, 0, 2);
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(4096), 0, 0x42);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SET_NAME_B, 0, 0, 2);
	I(FZ_IOCTL, 0, 1, FZ_IOC_DMABUF_SET_NAME_A, 0, 0, 4);
	emit("dmabuf_implicit_sync");

	/* Two processes: p0 allocates, passes the fd, exits; p1 uses it. */
	I(FZ_OPEN, 0, FZ_NODE_HEAP, 0, 0, 0, 0);			/* p0 s0 */
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(16384), 0, 0);	/* p0 s1 */
	I(FZ_MMAP, 0, 1, 0, SZ(16384), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(16384), 0, 0x33);
	I(FZ_PASS_FD, 0, 1, 0, 0, 0, 0);				/* p1 s0 */
	I(FZ_MMAP, P1, 0, 0, SZ(12288), OFF(4096), MMAP_VAL(RW, MT_SHARED));
	I(FZ_EXIT, 0, 0, 0, 0, 0, 0);
	I(FZ_CPU_READ, P1, 0, 0, SZ(12288), 0, 0);
	I(FZ_CPU_WRITE, P1, 0, 0, SZ(4096), 0, 0x44);
	I(FZ_MPROTECT, P1, 0, 0, SZ(4096), 0, 1);
	I(FZ_CPU_WRITE, P1, 0, 0, SZ(4096), 0, 0x44);
	I(FZ_CLOSE, P1, 0, 0, 0, 0, 0);
	I(FZ_CPU_READ, P1, 0, 0, SZ(4096), 3, 0);
	emit("pass_fd_exit");

	/* test_vma: anonymous memory, split by mprotect, madvise, munmap. */
	I(FZ_MMAP, 0, 0, 0, SZ(65536), OFF(0), MMAP_VAL(RW, MT_PRIVATE_ANON));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(65536), 0, 0x99);
	I(FZ_MPROTECT, 0, 0, 0, SZ(8192), 3, 1);
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(8192), 3, 0x98);
	I(FZ_MADVISE, 0, 0, 0, SZ(16384), 0, 4);			/* DONTNEED */
	I(FZ_CPU_READ, 0, 0, 0, SZ(65536), 0, 0);
	I(FZ_MUNMAP, 0, 0, 0, SZ(4096), 4, 0);
	I(FZ_CPU_READ, 0, 0, 0, SZ(16384), 0, 0);
	I(FZ_MMAP, FZ_CTL_FIXED, 0, 0, SZ(4096), 4 << 4,
	  MMAP_VAL(RW, MT_SHARED_ANON));
	I(FZ_MADVISE, 0, 0, 0, SZ(65536), 0, 20);			/* POPULATE_WRITE */
	I(FZ_MUNMAP, 0, 0, 0, SZ(65536), 0, 0);
	emit("anon_vma_ops");

	/* test_read_write: a memfd through read/write/lseek and a mapping. */
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 0);				/* s0 */
	I(FZ_WRITE, 0, 0, 0, SZ(8193), 0, 0);
	I(FZ_LSEEK, 0, 0, 0, 0, 3, 0);
	I(FZ_READ, 0, 0, 0, SZ(65536), 0, 0);
	I(FZ_LSEEK, 0, 0, 0, 0, 0, 2);
	I(FZ_PREAD, 0, 0, 0, SZ(4096), 6, 0);
	I(FZ_DUP, 0, 0, 0, 0, 0, 0);				/* s1 */
	I(FZ_MMAP, 0, 1, 0, SZ(16384), OFF(0), MMAP_VAL(RW, MT_PRIVATE));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(8192), 0, 0x12);
	I(FZ_MMAP, 0, 0, 1, SZ(16384), OFF(0), MMAP_VAL(1, MT_SHARED));
	I(FZ_CPU_READ, 0, 1, 0, SZ(16384), 0, 0);
	I(FZ_CPU_WRITE, 0, 1, 0, SZ(16), 0, 0x12);		/* read-only */
	emit("memfd_rw");

	/* Signals: pending before a poll, and into a blocking poll. */
	I(FZ_OPEN, 0, FZ_NODE_SW_SYNC, 0, 0, 0, 0);		/* s0 */
	I(FZ_IOCTL, 0, 0, FZ_IOC_SW_CREATE_FENCE, 0, 0, 3);	/* s1 */
	I(FZ_SIGNAL, 0, 0, 0, 0, 0, 0);
	I(FZ_POLL, 0xc0, 1, 1, 0, 0, 1);
	I(FZ_SIGNAL, SIG_MIDCALL, 0, 0, 0, 0, 1 | 3 << 8);
	I(FZ_POLL, 0xc0, 1, 1, 0, 0, 1);
	I(FZ_SIGNAL, SIG_MIDCALL, 0, 0, 0, 0, 2 | 1 << 8);	/* SIGKILL */
	I(FZ_POLL, 0xc0, 1, 1, 0, 0, 1);
	I(FZ_OPEN, 0, FZ_NODE_SW_SYNC, 0, 0, 0, 0);
	emit("signals_poll");

	/* Wrong arguments a test would check: bad fds, sizes, pointers. */
	I(FZ_IOCTL, FZ_CTL_RAWFD, 0xff, FZ_IOC_HEAP_ALLOC, 0, 0, 0);
	I(FZ_OPEN, 0, FZ_NODE_HEAP, 0, 0, 0, 0);
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(0), 0, 0);
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(UINT64_MAX), 0, 0);
	I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(4096), 0, 6);
	I(FZ_IOCTL, 4, 0, FZ_IOC_HEAP_ALLOC, SZ(4096), 0, 0);	/* NULL */
	I(FZ_IOCTL, FZ_CTL_WRONG, 0, FZ_IOC_HEAP_ALLOC, SZ(4096), 0, 0);
	I(FZ_IOCTL, 0, 0, FZ_IOC_SYNC_MERGE, 0, 0, 0);		/* wrong fd type */
	I(FZ_MMAP, 0, 0, 0, SZ(4096), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_READ, 0, 0, 0, SZ(16), 0, 0);
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 4);				/* hugetlb */
	I(FZ_MEMFD, FZ_CTL_X1, 0, 0, 0, 0, 0);			/* long name */
	I(FZ_MUNMAP, FZ_CTL_RAWFD, 0, 0, SZ(4096), 1, 0);
	emit("wrong_args");

	/*
	 * Finding F8: a zap of a mapped memfd (reclaim -> i_mmap_rwsem ->
	 * ptl), then the endpoint's register page (resource0)
	 * written whole with 0x01: CTRL enables the queues, each queue gets
	 * a fill of 0x01010101 bytes at a bus address nothing maps, and its
	 * doorbell rings it from under the PTE lock.
	 */
	I(FZ_MEMFD, 0, 0, 0, 0, 0, 0);				/* s0 */
	I(FZ_FTRUNCATE, 0, 0, 0, SZ(4096), 0, 0);
	I(FZ_MMAP, 0, 0, 0, SZ(4096), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_WRITE, 0, 0, 0, SZ(1), 0, 1);
	I(FZ_FTRUNCATE, 0, 0, 0, SZ(0), 0, 0);
	I(FZ_OPEN, 0, FZ_SYSFS_RESOURCE0, 0, 0, 0, 0);		/* s1 O_RDWR */
	I(FZ_MMAP, 0, 1, 1, SZ(4096), OFF(0), MMAP_VAL(RW, MT_SHARED));
	I(FZ_CPU_WRITE, 0, 1, 0, SZ(4096), 0, 1);
	emit("resource0_doorbell");

	/* Many fds: the per-process limit (64) and dup. */
	{
		int i;

		I(FZ_MEMFD, 0, 0, 0, 0, 0, 0);
		for (i = 0; i < 70; i++)
			I(FZ_DUP, 0, 0, 0, 0, 0, 0);
		I(FZ_IOCTL, 0, 0, FZ_IOC_HEAP_ALLOC, SZ(4096), 0, 0);
		emit("emfile");
	}
	return 0;
}
