// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a simulated process driven through every syscall and
 * every ioctl of every device node the tree has (dma-heap, udmabuf,
 * sw_sync, dma-buf, sync_file, memfd, the memory syscalls and CPU
 * accesses, read/write/pread64/pwrite64), two processes passing fds,
 * signals raised before and during calls by a second thread.
 * Not a Linux file: this repository's fuzzing harness (docs/RELIABILITY.md).
 *
 * One platform per fuzzer process, created once: creating one costs
 * milliseconds and megabytes that would dominate every execution. Each
 * input gets two fresh processes (task, mm, fd table) that exit at its
 * end, after which the platform must be back where it started (free pages
 * of every zone, live dma-bufs, tasks): a leak or a use-after-free across
 * inputs shows as a failed check here or as an ASan report in the next
 * input.
 *
 * The target fails (abort, so libFuzzer saves the input) when a call
 * returns an errno no process may see (512..4095: restart codes,
 * -ENOIOCTLCMD...), an errno outside that call's documented set, when any
 * report (WARN, lock checker, sanitizer) fires, when a call hangs through
 * a fatal signal, or when teardown leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <dmabridge/platform-file.h>
#include <dmabridge/syscalls.h>
#include <dmabridge/mman.h>
#include <dmabridge/mm.h>
#include <dmabridge/sched.h>
#include <dmabridge/page.h>
#include <dmabridge/report.h>
#include <dmabridge/dma-heap.h>
#include <dmabridge/dma-buf.h>
#include <dmabridge/udmabuf.h>
#include <dmabridge/sync_file.h>
#include <dmabridge/sw_sync.h>
#include <dmabridge/workqueue.h>
#include <dmabridge/rcupdate.h>
#include <dmabridge/sysfs.h>
#include <dmabridge/pci.h>
#include <dmabridge/device.h>
#include <dmabridge/io.h>
#include "uapi_prog.h"
#include "fuzz_platform.h"

#define FZ_MAX_INSNS 256
#define FZ_BUF_SIZE (1u << 20)
#define FZ_FD_LIMIT 64		/* RLIMIT_NOFILE of each process: EMFILE is reachable */
#define FZ_KILL_AFTER_MS 50	/* watchdog: a blocked call gets SIGKILL */
#define FZ_HANG_AFTER_MS 10000	/* ... and must return by then */
#define FZ_NR_FENCE_INFO 4096

/* ---- tables of interesting values ---- */

static const int open_flags[] = {
	O_RDWR, O_RDWR, O_RDONLY, O_WRONLY, O_RDWR | O_CLOEXEC,
	O_ACCMODE, O_RDWR | O_NONBLOCK, O_RDONLY | O_CLOEXEC,
};

static const unsigned int memfd_flags[] = {
	0, MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_CLOEXEC | MFD_ALLOW_SEALING,
	MFD_HUGETLB, MFD_HUGETLB | (21u << MFD_HUGE_SHIFT), MFD_NOEXEC_SEAL,
	MFD_EXEC, MFD_EXEC | MFD_NOEXEC_SEAL, 0x100, (21u << MFD_HUGE_SHIFT),
	0x80000000u,
};

static const unsigned long map_types[] = {
	MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, 0,
	MAP_SHARED | MAP_ANONYMOUS, MAP_PRIVATE | MAP_ANONYMOUS,
	MAP_SHARED, MAP_PRIVATE | MAP_ANONYMOUS,
};

static const unsigned long map_extra[] = {
	0, 0, 0, 0, MAP_POPULATE, MAP_NORESERVE, MAP_HUGETLB, MAP_UNINITIALIZED,
	MAP_LOCKED, MAP_SYNC, MAP_GROWSDOWN, MAP_STACK, 0x8000000,
	MAP_POPULATE | MAP_NORESERVE, MAP_32BIT, MAP_DENYWRITE,
};

static const int advices[] = {
	MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED,
	MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTFORK, MADV_DOFORK,
	MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
	MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK,
	MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE,
	MADV_DONTNEED_LOCKED, MADV_COLLAPSE, MADV_HWPOISON, -1, 1000,
};

static const int poll_timeouts[] = { 0, 1, 0, -1 };

static const char *const node_paths[] = {
	"/dev/dma_heap/system", "/dev/udmabuf", SW_SYNC_DEVNODE,
	"/dev/dma_heap/system", SW_SYNC_DEVNODE, "/dev/nope", "", NULL,
};

#define PICK(tbl, i) ((tbl)[(unsigned int)(i) % ARRAY_SIZE(tbl)])

/*
 * sysfs paths of the platform's endpoint, "%s" its BDF; directories,
 * links through which others resolve, and every attribute kind.
 */
static const char *const sysfs_fmts[] = {
	"/sys/bus/pci/devices/%s/driver_override",
	"/sys/bus/pci/drivers/pci-stub/bind",
	"/sys/bus/pci/drivers/pci-stub/unbind",
	"/sys/bus/pci/drivers_probe",
	"/sys/bus/pci/devices/%s/resource0",	/* FZ_SYSFS_RESOURCE0 */
	"/sys/bus/pci/devices/%s/resource2",
	"/sys/bus/pci/devices/%s/resource",
	"/sys/bus/pci/devices/%s/vendor",
	"/sys/bus/pci/devices/%s/class",
	"/sys/bus/pci/devices/%s/driver",
	"/sys/bus/pci/devices/%s/iommu_group",
	"/sys/bus/pci/devices/%s/iommu_group/devices/%s/driver/unbind",
	"/sys/bus/pci/devices/%s",
	"/sys/bus/pci/devices",
	"/sys/bus/pci/drivers/pci-stub",
	"/sys/kernel/iommu_groups",
	"/sys/bus/pci/devices/%s/..",
	"/sys/bus/pci/devices/%s/vendor/x",
	"/sys",
};
static char sysfs_paths[ARRAY_SIZE(sysfs_fmts)][160];
static struct pci_dev *fz_pdev;	/* the endpoint */
static u16 fz_pdev_command;	/* its command register after boot */

/* Path @i: a device node, else a sysfs path of the endpoint. */
static const char *fz_path(unsigned int i)
{
	/* The seed corpus (gen_corpus.c) names sysfs paths by index. */
	_Static_assert(ARRAY_SIZE(node_paths) == FZ_NODE_SYSFS,
		       "FZ_NODE_SYSFS in uapi_prog.h");
	i %= ARRAY_SIZE(node_paths) + ARRAY_SIZE(sysfs_paths);
	if (i < ARRAY_SIZE(node_paths))
		return node_paths[i];
	return sysfs_paths[i - ARRAY_SIZE(node_paths)];
}

/* ---- errno sets (man pages), one per call ---- */

struct errset {
	u64 bits[3];	/* errno 1..191 */
};

static bool errset_has(const struct errset *s, int e)
{
	return e > 0 && e < 192 && (s->bits[e / 64] >> (e % 64)) & 1;
}

static void errset_add(struct errset *s, int e)
{
	s->bits[e / 64] |= 1ull << (e % 64);
}

static void errset_init(struct errset *s, const int *list)
{
	memset(s, 0, sizeof(*s));
	for (; *list; list++)
		errset_add(s, *list);
	/* Not built in this model (docs/STATUS.md); a modelling choice. */
	errset_add(s, EOPNOTSUPP);
}

#define ERRS(...) ((const int[]){ __VA_ARGS__, 0 })

static struct errset errsets[FZ_NR_OPS];

static void errsets_init(void)
{
	const int *const lists[FZ_NR_OPS] = {
		[FZ_OPEN] = ERRS(ENOENT, EINVAL, EMFILE, ENFILE, ENOMEM, EFAULT,
				 EBUSY, ENODEV, ENXIO, EACCES, EPERM, EINTR,
				 EBADF, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG),
		[FZ_CLOSE] = ERRS(EBADF, EINTR, EIO),
		[FZ_DUP] = ERRS(EBADF, EMFILE),
		[FZ_READ] = ERRS(EAGAIN, EBADF, EFAULT, EINTR, EINVAL, EIO,
				 EISDIR, ESPIPE, EOVERFLOW, ENXIO),
		[FZ_WRITE] = ERRS(EAGAIN, EBADF, EFAULT, EINTR, EINVAL, EIO,
				  EFBIG, ENOSPC, EPERM, EPIPE, ESPIPE, ENXIO,
				  EDQUOT, ENOMEM,
				  /* sysfs stores: bind, unbind, drivers_probe */
				  ENODEV, EBUSY, EEXIST),
		[FZ_LSEEK] = ERRS(EBADF, EINVAL, ENXIO, EOVERFLOW, ESPIPE),
		[FZ_FTRUNCATE] = ERRS(EBADF, EINVAL, EFBIG, EINTR, EIO, EPERM,
				      ETXTBSY, EACCES, EISDIR, EROFS),
		[FZ_POLL] = ERRS(EFAULT, EINTR, EINVAL, ENOMEM),
		[FZ_MMAP] = ERRS(EACCES, EAGAIN, EBADF, EEXIST, EINVAL, ENFILE,
				 ENODEV, ENOMEM, EOVERFLOW, EPERM, ETXTBSY,
				 EINTR),
		[FZ_MUNMAP] = ERRS(EINVAL, ENOMEM),
		[FZ_MPROTECT] = ERRS(EACCES, EFAULT, EINVAL, ENOMEM),
		[FZ_MADVISE] = ERRS(EACCES, EAGAIN, EBADF, EINVAL, EIO, ENOMEM,
				    EPERM, EFAULT, EHWPOISON, EINTR, EBUSY),
		/* mm.h: SIGSEGV/SIGBUS as -EFAULT, OOM, a fatal signal. */
		[FZ_CPU_READ] = ERRS(EFAULT, ENOMEM, EINTR),
		[FZ_MEMFD] = ERRS(EFAULT, EINVAL, EMFILE, ENFILE, ENOMEM,
				  EPERM),
		[FZ_IOCTL] = ERRS(ENOTTY, EINVAL, EFAULT, EBADF, ENOMEM, EINTR,
				  EBUSY, ENODEV, EPERM, EAGAIN, ENOENT, EMFILE,
				  ENFILE, EBADFD, ENOSPC, EOVERFLOW, EIO,
				  ETIMEDOUT, EDEADLK, E2BIG, ERANGE, EACCES),
		[FZ_PASS_FD] = ERRS(EBADF, EMFILE, ENFILE),
		[FZ_READLINK] = ERRS(EACCES, EFAULT, EINVAL, EIO, ELOOP,
				     ENAMETOOLONG, ENOENT, ENOMEM, ENOTDIR),
		[FZ_GETDENTS] = ERRS(EBADF, EFAULT, EINVAL, ENOENT, ENOTDIR),
	};
	int op;

	for (op = 0; op < FZ_NR_OPS; op++)
		if (lists[op])
			errset_init(&errsets[op], lists[op]);
	errsets[FZ_PREAD] = errsets[FZ_READ];
	errsets[FZ_PWRITE] = errsets[FZ_WRITE];
	errsets[FZ_CPU_WRITE] = errsets[FZ_CPU_READ];
}

/* ---- per-input state ---- */

struct fz_map {
	unsigned long addr, len;
};

struct fz_proc {
	struct task_struct *task;
	int fds[FZ_NR_FD_SLOTS];
	struct fz_map maps[FZ_NR_MAP_SLOTS];
};

struct fz_ctx {
	struct fz_proc procs[2];
	struct fz_proc *p;		/* the process of this instruction */
	const struct fz_insn *in;
	int pc;
};

static struct platform *plat;
static unsigned long base_free_pages;
static int base_nr_tasks;
static long base_bugs;
static bool trace;

/*
 * Findings not fixed yet (docs/RELIABILITY.md) are steered around, so the
 * fuzzer keeps looking for new ones instead of finding them again;
 * FUZZ_UNMASK=1 (scripts/fuzz.sh --regressions) takes every mask off.
 * Delete a mask with its fix.
 */
enum fz_known {
	FZ_KNOWN_POLL_BADPTR,	/* F1: poll reads pollfds at a bad address */
	FZ_KNOWN_RW_POS_OVERFLOW, /* F3: shmem_rw overflows pos + count */
	FZ_KNOWN_LSEEK_OVERFLOW, /* F4: shmem_llseek overflows base + offset */
	FZ_NR_KNOWN,
};
static bool unmask;

/* Fixed findings are no longer steered around: their regressions run. */
static const bool fz_fixed[FZ_NR_KNOWN] = {
	[FZ_KNOWN_POLL_BADPTR] = true,
	[FZ_KNOWN_RW_POS_OVERFLOW] = true,
	[FZ_KNOWN_LSEEK_OVERFLOW] = true,
};

static bool masked(enum fz_known k)
{
	return !unmask && !fz_fixed[k];
}

/* Host memory for syscall arguments (syscall arguments are host memory). */
static char *iobuf;
static struct sync_fence_info *fence_info;
/* UDMABUF_CREATE_LIST's argument: the head, then its items. */
static union {
	u64 align;
	char raw[sizeof(struct udmabuf_create_list) +
		 (UDMABUF_LIST_LIMIT + 1) * sizeof(struct udmabuf_create_item)];
} ulist;

/* Recent instructions and results, printed when the target fails. */
#define FZ_LOG 64
static struct {
	struct fz_insn in;
	int proc;
	long ret;
} oplog[FZ_LOG];
static int oplog_n;

static const char *const op_names[FZ_NR_OPS] = {
	"open", "close", "dup", "read", "write", "pread64", "pwrite64",
	"lseek", "ftruncate", "poll", "mmap", "munmap", "mprotect",
	"madvise", "cpu_read", "cpu_write", "memfd_create", "ioctl",
	"pass_fd", "signal", "exit", "readlink", "getdents64",
};

static const char *insn_detail(const struct fz_insn *in);

static void fz_dump_log(void)
{
	int i, first = oplog_n > FZ_LOG ? oplog_n - FZ_LOG : 0;

	fprintf(stderr, "fuzz_uapi: last %d operations:\n", oplog_n - first);
	for (i = first; i < oplog_n; i++) {
		const struct fz_insn *in = &oplog[i % FZ_LOG].in;

		fprintf(stderr, "  #%d p%d %s%s a=%u b=%u sz=%u off=%u val=%#x ctl=%#x -> %ld\n",
			i, oplog[i % FZ_LOG].proc, op_names[in->op],
			insn_detail(in), in->a, in->b, in->sz, in->off, in->val,
			in->ctl, oplog[i % FZ_LOG].ret);
	}
}

static __attribute__((noreturn, format(printf, 1, 2))) void
fz_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "\nfuzz_uapi: FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fz_dump_log();
	abort();
}

/* ---- the second thread: signals mid-call, and a watchdog ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	struct task_struct *in_call;	/* the task inside a call, or NULL */
	unsigned long call_seq;
	struct timespec call_start;
	int armed_sig;			/* to send during the next call */
	unsigned int armed_delay_us;
	bool killed;			/* the watchdog sent SIGKILL */
} sg = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void *signaller(void *arg)
{
	pthread_mutex_lock(&sg.lock);
	for (;;) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 20 * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&sg.cond, &sg.lock, &until);
		if (!sg.in_call)
			continue;
		if (sg.armed_sig) {
			unsigned long seq = sg.call_seq;
			int sig = sg.armed_sig;

			sg.armed_sig = 0;
			pthread_mutex_unlock(&sg.lock);
			if (sg.armed_delay_us)
				usleep(sg.armed_delay_us);
			pthread_mutex_lock(&sg.lock);
			/* Only into the same call: the task may be gone after. */
			if (sg.in_call && sg.call_seq == seq)
				send_sig(sig, sg.in_call);
			continue;
		}
		if (!sg.killed && ms_since(&sg.call_start) > FZ_KILL_AFTER_MS) {
			/* A call blocked (waiting on a fence nobody signals). */
			send_sig(SIGKILL, sg.in_call);
			sg.killed = true;
		} else if (ms_since(&sg.call_start) > FZ_HANG_AFTER_MS) {
			pthread_mutex_unlock(&sg.lock);
			fz_fail("a call is still blocked %d ms after SIGKILL",
				FZ_HANG_AFTER_MS - FZ_KILL_AFTER_MS);
		}
	}
	return NULL;
}

static void call_begin(struct task_struct *t)
{
	pthread_mutex_lock(&sg.lock);
	sg.in_call = t;
	sg.killed = false;
	clock_gettime(CLOCK_MONOTONIC, &sg.call_start);
	if (sg.armed_sig)
		pthread_cond_signal(&sg.cond);
	pthread_mutex_unlock(&sg.lock);
}

static void call_end(void)
{
	pthread_mutex_lock(&sg.lock);
	sg.in_call = NULL;
	sg.call_seq++;
	sg.armed_sig = 0;
	pthread_mutex_unlock(&sg.lock);
}

/* ---- processes ---- */

static void proc_start(struct fz_proc *p, int idx)
{
	int i;

	p->task = process_create(plat, idx ? "fuzz1" : "fuzz0");
	if (IS_ERR(p->task))
		fz_fail("process_create: %ld", PTR_ERR(p->task));
	if (files_set_max_fds(p->task->files, FZ_FD_LIMIT))
		fz_fail("files_set_max_fds");
	for (i = 0; i < FZ_NR_FD_SLOTS; i++)
		p->fds[i] = -1;
	memset(p->maps, 0, sizeof(p->maps));
}

static void proc_exit(struct fz_proc *p)
{
	struct task_struct *t = p->task;

	/* Like a process's last thread: files and mm go with the task. */
	set_current(NULL);
	p->task = NULL;
	task_exit(t);
}

/* The fd argument of the instruction: a slot's fd, or a raw number. */
static int insn_fd(struct fz_ctx *c, uint8_t slot)
{
	if (c->in->ctl & FZ_CTL_RAWFD)
		return (int8_t)slot;
	return c->p->fds[slot % FZ_NR_FD_SLOTS];
}

/* Keep a new fd: in the first empty slot, else in one chosen by @hint. */
static void keep_fd(struct fz_proc *p, int fd, unsigned int hint)
{
	int i;

	if (fd < 0)
		return;
	for (i = 0; i < FZ_NR_FD_SLOTS; i++)
		if (p->fds[i] < 0) {
			p->fds[i] = fd;
			return;
		}
	p->fds[hint % FZ_NR_FD_SLOTS] = fd;	/* the old one stays open */
}

static void *insn_ptr(const struct fz_insn *in, void *valid)
{
	switch ((in->ctl & FZ_CTL_PTR_MASK) >> FZ_CTL_PTR_SHIFT) {
	case 2:
		return NULL;
	case 3:
		return (void *)16;	/* below mmap_min_addr: -EFAULT */
	default:
		return valid;
	}
}

static unsigned long map_addr(struct fz_ctx *c, uint8_t slot, uint8_t off)
{
	if (c->in->ctl & FZ_CTL_RAWFD)	/* a raw address instead */
		return PICK(offsets, off);
	return c->p->maps[slot % FZ_NR_MAP_SLOTS].addr + PICK(deltas, off);
}

/* ---- ioctls: one table per device; adding a device is adding a table ---- */

struct fz_ioctl {
	const char *name;
	unsigned int cmd;
	/* Fill @arg (zeroed host memory) from the instruction. */
	void (*build)(struct fz_ctx *c, void *arg);
	/* After the call: keep the fds it returned. */
	void (*done)(struct fz_ctx *c, void *arg, long ret);
};

struct fz_device {
	const char *name;
	const struct fz_ioctl *ioctls;
	unsigned int nr_ioctls;
};

static void heap_alloc_build(struct fz_ctx *c, void *p)
{
	static const u32 fd_flags[] = {
		O_RDWR | O_CLOEXEC, O_RDWR, O_RDONLY, O_WRONLY | O_CLOEXEC,
		0, O_NONBLOCK, 0x80000000u, O_ACCMODE,
	};
	struct dma_heap_allocation_data *d = p;

	d->len = PICK(sizes, c->in->sz);
	d->fd_flags = PICK(fd_flags, c->in->val);
	if (c->in->ctl & FZ_CTL_X1)
		d->heap_flags = 1ull << (c->in->val >> 8 & 63);
	if (c->in->ctl & FZ_CTL_X2)
		d->fd = 3;
}

static void heap_alloc_done(struct fz_ctx *c, void *p, long ret)
{
	struct dma_heap_allocation_data *d = p;

	if (!ret)
		keep_fd(c->p, d->fd, c->in->b);
}

static const struct fz_ioctl dma_heap_ioctls[] = {
	{ "DMA_HEAP_IOCTL_ALLOC", DMA_HEAP_IOCTL_ALLOC, heap_alloc_build,
	  heap_alloc_done },
};

static void fd_result_done(struct fz_ctx *c, void *p, long ret)
{
	if (ret >= 0)
		keep_fd(c->p, (int)ret, c->in->b);
}

static void udmabuf_create_build(struct fz_ctx *c, void *p)
{
	struct udmabuf_create *d = p;

	d->memfd = (u32)c->p->fds[c->in->val % FZ_NR_FD_SLOTS];
	d->flags = c->in->ctl & FZ_CTL_X1 ?
			   (c->in->ctl & FZ_CTL_X2 ? 0x2 : UDMABUF_FLAGS_CLOEXEC) : 0;
	d->offset = PICK(offsets, c->in->off);
	d->size = PICK(sizes, c->in->sz);
}

static unsigned long udmabuf_list_fill(struct fz_ctx *c)
{
	static const u32 counts[] = { 1, 2, 3, 4, 1, 2, 0, 1024, 1025, 64 };
	struct udmabuf_create_list *head = (void *)ulist.raw;
	struct udmabuf_create_item *items = (void *)(head + 1);
	unsigned int i, n;

	memset(head, 0, sizeof(*head));
	n = PICK(counts, c->in->val >> 8);
	head->count = n;
	head->flags = c->in->ctl & FZ_CTL_X1 ? UDMABUF_FLAGS_CLOEXEC : 0;
	if (n > UDMABUF_LIST_LIMIT + 1)
		n = UDMABUF_LIST_LIMIT + 1;
	for (i = 0; i < n; i++) {
		struct udmabuf_create_item *it = &items[i];

		it->memfd = (u32)c->p->fds[(c->in->val + i) % FZ_NR_FD_SLOTS];
		it->__pad = c->in->ctl & FZ_CTL_X2 ? 1 : 0;
		/* Consecutive ranges, or the table's offsets. */
		it->offset = c->in->off & 1 ? PICK(offsets, c->in->off + i) :
					      i * PICK(sizes, c->in->sz);
		it->size = PICK(sizes, c->in->sz);
	}
	return (unsigned long)head;
}

static const struct fz_ioctl udmabuf_ioctls[] = {
	{ "UDMABUF_CREATE", UDMABUF_CREATE, udmabuf_create_build,
	  fd_result_done },
	{ "UDMABUF_CREATE_LIST", UDMABUF_CREATE_LIST, NULL, fd_result_done },
};

static void sw_create_build(struct fz_ctx *c, void *p)
{
	struct sw_sync_create_fence_data *d = p;

	d->value = c->in->ctl & FZ_CTL_X1 ? (u32)PICK(sizes, c->in->sz) :
					   c->in->val & 15;
	if (c->in->ctl & FZ_CTL_X2)
		memset(d->name, 'n', sizeof(d->name));	/* unterminated */
	else
		strcpy(d->name, "fz");
}

static void sw_create_done(struct fz_ctx *c, void *p, long ret)
{
	struct sw_sync_create_fence_data *d = p;

	if (!ret)
		keep_fd(c->p, d->fence, c->in->b);
}

static void sw_inc_build(struct fz_ctx *c, void *p)
{
	*(u32 *)p = c->in->ctl & FZ_CTL_X1 ? (u32)PICK(sizes, c->in->sz) :
					    c->in->val & 7;
}

static void sw_deadline_build(struct fz_ctx *c, void *p)
{
	struct sw_sync_get_deadline *d = p;

	d->fence_fd = insn_fd(c, c->in->off);
	if (c->in->ctl & FZ_CTL_X1)
		d->deadline_ns = 1;
	if (c->in->ctl & FZ_CTL_X2)
		d->pad = 1;
}

static const struct fz_ioctl sw_sync_ioctls[] = {
	{ "SW_SYNC_IOC_CREATE_FENCE", SW_SYNC_IOC_CREATE_FENCE,
	  sw_create_build, sw_create_done },
	{ "SW_SYNC_IOC_INC", SW_SYNC_IOC_INC, sw_inc_build, NULL },
	{ "SW_SYNC_GET_DEADLINE", SW_SYNC_GET_DEADLINE, sw_deadline_build,
	  NULL },
};

static void dmabuf_sync_build(struct fz_ctx *c, void *p)
{
	static const u64 flags[] = {
		DMA_BUF_SYNC_READ | DMA_BUF_SYNC_START,
		DMA_BUF_SYNC_WRITE | DMA_BUF_SYNC_START,
		DMA_BUF_SYNC_RW | DMA_BUF_SYNC_START,
		DMA_BUF_SYNC_READ | DMA_BUF_SYNC_END,
		DMA_BUF_SYNC_WRITE | DMA_BUF_SYNC_END,
		DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END,
		0, DMA_BUF_SYNC_END, 8, 1ull << 63,
	};

	((struct dma_buf_sync *)p)->flags = PICK(flags, c->in->val);
}

static void export_sync_build(struct fz_ctx *c, void *p)
{
	static const u32 flags[] = {
		DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW, 0, 4,
	};
	struct dma_buf_export_sync_file *d = p;

	d->flags = PICK(flags, c->in->val);
	if (c->in->ctl & FZ_CTL_X1)
		d->fd = 7;
}

static void export_sync_done(struct fz_ctx *c, void *p, long ret)
{
	if (!ret)
		keep_fd(c->p, ((struct dma_buf_export_sync_file *)p)->fd,
			c->in->b);
}

static void import_sync_build(struct fz_ctx *c, void *p)
{
	static const u32 flags[] = {
		DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW, 0, 4,
	};
	struct dma_buf_import_sync_file *d = p;

	d->flags = PICK(flags, c->in->val);
	d->fd = insn_fd(c, c->in->off);
}

static const struct fz_ioctl dma_buf_ioctls[] = {
	{ "DMA_BUF_IOCTL_SYNC", DMA_BUF_IOCTL_SYNC, dmabuf_sync_build, NULL },
	/* The name is a string pointer, not a struct (see fz_do_ioctl). */
	{ "DMA_BUF_SET_NAME_A", DMA_BUF_SET_NAME_A, NULL, NULL },
	{ "DMA_BUF_SET_NAME_B", DMA_BUF_SET_NAME_B, NULL, NULL },
	{ "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", DMA_BUF_IOCTL_EXPORT_SYNC_FILE,
	  export_sync_build, export_sync_done },
	{ "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", DMA_BUF_IOCTL_IMPORT_SYNC_FILE,
	  import_sync_build, NULL },
};

static void merge_build(struct fz_ctx *c, void *p)
{
	struct sync_merge_data *d = p;

	strcpy(d->name, "merged");
	d->fd2 = insn_fd(c, c->in->off);
	if (c->in->ctl & FZ_CTL_X1)
		d->flags = 1;
	if (c->in->ctl & FZ_CTL_X2)
		d->pad = 1;
}

static void merge_done(struct fz_ctx *c, void *p, long ret)
{
	if (!ret)
		keep_fd(c->p, ((struct sync_merge_data *)p)->fence, c->in->b);
}

static void info_build(struct fz_ctx *c, void *p)
{
	static const u32 nums[] = { 0, 1, 2, 4, 16, 0, 3, FZ_NR_FENCE_INFO };
	struct sync_file_info *d = p;
	static const struct fz_insn dummy;
	struct fz_insn ptrsel = dummy;

	d->num_fences = PICK(nums, c->in->val);
	ptrsel.ctl = (c->in->val >> 8) & FZ_CTL_PTR_MASK;
	d->sync_fence_info = (u64)(uintptr_t)insn_ptr(&ptrsel, fence_info);
	if (c->in->ctl & FZ_CTL_X1)
		d->flags = 1;
	if (c->in->ctl & FZ_CTL_X2)
		d->pad = 1;
}

static void deadline_build(struct fz_ctx *c, void *p)
{
	struct sync_set_deadline *d = p;

	d->deadline_ns = PICK(sizes, c->in->sz);
	if (c->in->ctl & FZ_CTL_X2)
		d->pad = 1;
}

static const struct fz_ioctl sync_file_ioctls[] = {
	{ "SYNC_IOC_MERGE", SYNC_IOC_MERGE, merge_build, merge_done },
	{ "SYNC_IOC_FILE_INFO", SYNC_IOC_FILE_INFO, info_build, NULL },
	{ "SYNC_IOC_SET_DEADLINE", SYNC_IOC_SET_DEADLINE, deadline_build,
	  NULL },
};

#define FZ_DEVICE(n, t) { n, t, ARRAY_SIZE(t) }

/*
 * Every ioctl of every node. The instruction's ioctl index runs over all
 * of them, so each command also reaches every other kind of fd.
 */
static const struct fz_device devices[] = {
	FZ_DEVICE("dma_heap", dma_heap_ioctls),
	FZ_DEVICE("udmabuf", udmabuf_ioctls),
	FZ_DEVICE("sw_sync", sw_sync_ioctls),
	FZ_DEVICE("dma-buf", dma_buf_ioctls),
	FZ_DEVICE("sync_file", sync_file_ioctls),
};

static const struct fz_ioctl *ioctl_at(unsigned int idx)
{
	unsigned int i, total = 0;

	for (i = 0; i < ARRAY_SIZE(devices); i++)
		total += devices[i].nr_ioctls;
	idx %= total;
	for (i = 0; idx >= devices[i].nr_ioctls; i++)
		idx -= devices[i].nr_ioctls;
	return &devices[i].ioctls[idx];
}

static const char *insn_detail(const struct fz_insn *in)
{
	static char buf[64];

	buf[0] = 0;
	if (in->op == FZ_IOCTL)
		snprintf(buf, sizeof(buf), "(%s)", ioctl_at(in->b)->name);
	return buf;
}

static long fz_do_ioctl(struct fz_ctx *c)
{
	const struct fz_ioctl *io = ioctl_at(c->in->b);
	static char name[256];
	union {
		char raw[256];
		u64 align;
	} arg;
	unsigned int cmd = io->cmd;
	unsigned long uarg;
	long ret;

	memset(&arg, 0, sizeof(arg));
	if (io->cmd == UDMABUF_CREATE_LIST) {
		uarg = udmabuf_list_fill(c);
	} else if (io->cmd == DMA_BUF_SET_NAME_A ||
		   io->cmd == DMA_BUF_SET_NAME_B) {
		static const unsigned int lens[] = { 0, 5, 31, 32, 33, 200 };

		memset(name, 'a', sizeof(name));
		name[PICK(lens, c->in->val)] = 0;
		uarg = (unsigned long)name;
	} else {
		if (io->build)
			io->build(c, arg.raw);
		uarg = (unsigned long)arg.raw;
	}
	uarg = (unsigned long)insn_ptr(c->in, (void *)uarg);
	if (c->in->ctl & FZ_CTL_WRONG) {
		/* A wrong size, direction or number in an otherwise valid command. */
		static const unsigned int perturb[] = {
			1u << _IOC_SIZESHIFT, 1u << _IOC_NRSHIFT,
			1u << _IOC_DIRSHIFT, 2u << _IOC_DIRSHIFT,
			1u << _IOC_TYPESHIFT, 0xff << _IOC_NRSHIFT,
		};

		cmd ^= PICK(perturb, c->in->val >> 4);
	}
	ret = sys_ioctl(insn_fd(c, c->in->a), cmd, uarg);
	if (io->done && cmd == io->cmd && uarg == (unsigned long)arg.raw)
		io->done(c, arg.raw, ret);
	else if (io->done == fd_result_done && cmd == io->cmd)
		io->done(c, NULL, ret);
	return ret;
}

/* ---- one instruction ---- */

static size_t io_len(const struct fz_insn *in)
{
	u64 n = PICK(sizes, in->sz);

	return n > FZ_BUF_SIZE ? FZ_BUF_SIZE : n;
}

/* F3 mask: a position where position + count overflows loff_t. */
static bool rw_overflows(int fd, loff_t pos, size_t count, bool use_fpos)
{
	if (!masked(FZ_KNOWN_RW_POS_OVERFLOW))
		return false;
	if (use_fpos) {
		pos = sys_lseek(fd, 0, SEEK_CUR);
		if (pos < 0)
			return false;
	}
	return pos > 0 && (u64)pos + count > (u64)INT64_MAX;
}

static long fz_exec(struct fz_ctx *c)
{
	const struct fz_insn *in = c->in;
	struct fz_proc *p = c->p;
	long ret;

	if (in->op >= FZ_READ && in->op <= FZ_PWRITE &&
	    rw_overflows(insn_fd(c, in->a), PICK(offsets, in->off), io_len(in),
			 in->op <= FZ_WRITE))
		return 0;
	switch (in->op) {
	case FZ_OPEN:
		ret = sys_open(fz_path(in->a), PICK(open_flags, in->val));
		keep_fd(p, ret, in->b);
		return ret;
	case FZ_CLOSE:
		ret = sys_close(insn_fd(c, in->a));
		if (!ret && !(in->ctl & FZ_CTL_RAWFD))
			p->fds[in->a % FZ_NR_FD_SLOTS] = -1;
		return ret;
	case FZ_DUP:
		ret = sys_dup(insn_fd(c, in->a));
		keep_fd(p, ret, in->b);
		return ret;
	case FZ_READ:
		return sys_read(insn_fd(c, in->a), insn_ptr(in, iobuf),
				io_len(in));
	case FZ_WRITE:
		return sys_write(insn_fd(c, in->a), insn_ptr(in, iobuf),
				 io_len(in));
	case FZ_PREAD:
		return sys_pread64(insn_fd(c, in->a), insn_ptr(in, iobuf),
				   io_len(in), PICK(offsets, in->off));
	case FZ_PWRITE:
		return sys_pwrite64(insn_fd(c, in->a), insn_ptr(in, iobuf),
				    io_len(in), PICK(offsets, in->off));
	case FZ_LSEEK: {
		static const int whence[] = { SEEK_SET, SEEK_CUR, SEEK_END,
					      SEEK_DATA, SEEK_HOLE, 7, -1 };
		int fd = insn_fd(c, in->a), wh = PICK(whence, in->val);
		loff_t off = PICK(offsets, in->off);

		if (masked(FZ_KNOWN_LSEEK_OVERFLOW) &&
		    (wh == SEEK_CUR || wh == SEEK_END) && off > 0) {
			/* F4 mask: skip when base + offset overflows. */
			loff_t cur = sys_lseek(fd, 0, SEEK_CUR);
			loff_t end = sys_lseek(fd, 0, SEEK_END);
			loff_t base = wh == SEEK_CUR ? cur : end;

			if (cur >= 0)
				sys_lseek(fd, cur, SEEK_SET);
			if (base > 0 && (u64)base + (u64)off > (u64)INT64_MAX)
				return 0;
		}

		ret = sys_lseek(insn_fd(c, in->a), PICK(offsets, in->off),
				PICK(whence, in->val));
		/* A large offset is a valid result, not an errno. */
		return ret < -4095 ? 0 : ret;
	}
	case FZ_FTRUNCATE:
		return sys_ftruncate(insn_fd(c, in->a), PICK(sizes, in->sz));
	case FZ_POLL: {
		struct pollfd pfd[2] = {
			{ .fd = insn_fd(c, in->a), .events = in->val },
			{ .fd = insn_fd(c, in->b), .events = in->val >> 8 },
		};
		int timeout = poll_timeouts[(in->ctl >> 6) & 3];
		struct pollfd *up = insn_ptr(in, pfd);

		if (up && up != pfd && masked(FZ_KNOWN_POLL_BADPTR))
			up = pfd;
		return sys_poll(up, 1 + (in->off & 1), timeout);
	}
	case FZ_MMAP: {
		unsigned long flags = PICK(map_types, in->val >> 4) |
				      PICK(map_extra, in->val >> 8);
		unsigned long addr = 0;

		if (in->ctl & FZ_CTL_FIXED) {
			addr = p->maps[in->b % FZ_NR_MAP_SLOTS].addr +
			       PICK(deltas, in->off >> 4);
			flags |= in->ctl & FZ_CTL_X1 ? MAP_FIXED_NOREPLACE :
						      MAP_FIXED;
		} else if (in->ctl & FZ_CTL_X1) {
			addr = PICK(offsets, in->off >> 4);	/* a hint */
		}
		ret = sys_mmap(addr, PICK(sizes, in->sz), in->val & 0xf, flags,
			       (unsigned long)(long)insn_fd(c, in->a),
			       PICK(offsets, in->off & 15));
		if (ret >= 0 || ret < -4095) {
			p->maps[in->b % FZ_NR_MAP_SLOTS].addr = ret;
			p->maps[in->b % FZ_NR_MAP_SLOTS].len = PICK(sizes, in->sz);
			return 0;
		}
		return ret;
	}
	case FZ_MUNMAP:
		return sys_munmap(map_addr(c, in->a, in->off), PICK(sizes, in->sz));
	case FZ_MPROTECT:
		return sys_mprotect(map_addr(c, in->a, in->off),
				    PICK(sizes, in->sz), in->val & 0x3f);
	case FZ_MADVISE:
		return sys_madvise(map_addr(c, in->a, in->off),
				   PICK(sizes, in->sz), PICK(advices, in->val));
	case FZ_CPU_READ:
		return cpu_read(map_addr(c, in->a, in->off), iobuf, io_len(in));
	case FZ_CPU_WRITE:
		memset(iobuf, in->val, io_len(in));
		return cpu_write(map_addr(c, in->a, in->off), iobuf, io_len(in));
	case FZ_MEMFD: {
		static char longname[300];

		memset(longname, 'm', sizeof(longname) - 1);
		ret = sys_memfd_create(insn_ptr(in, in->ctl & FZ_CTL_X1 ?
						    longname : "fz"),
				       PICK(memfd_flags, in->val));
		keep_fd(p, ret, in->b);
		return ret;
	}
	case FZ_IOCTL:
		return fz_do_ioctl(c);
	case FZ_PASS_FD: {
		struct fz_proc *to = &c->procs[p == &c->procs[0]];

		ret = fd_transfer(p->task, insn_fd(c, in->a), to->task);
		keep_fd(to, ret, in->b);
		return ret;
	}
	case FZ_READLINK:
		return sys_readlink(fz_path(in->a), insn_ptr(in, iobuf),
				    io_len(in));
	case FZ_GETDENTS:
		return sys_getdents64(insn_fd(c, in->a), insn_ptr(in, iobuf),
				      io_len(in));
	default:
		return 0;
	}
}

/*
 * The endpoint back as it booted, after the processes exited: bound to
 * pci-stub, no override, registers reset, decode and bus mastering as at
 * boot, so one input cannot change what the next one starts from.
 */
static void fz_restore_device(void)
{
	struct task_struct *t = task_create(plat, "fuzz-restore");
	struct pci_driver *drv;

	if (IS_ERR(t))
		fz_fail("task_create: %ld", PTR_ERR(t));
	set_current(t);
	if (driver_set_override(&fz_pdev->dev, &fz_pdev->dev.driver_override,
				"", 0))
		fz_fail("clearing driver_override failed");
	drv = pci_dev_driver(fz_pdev);
	if (drv != &pci_stub_driver) {
		device_release_driver(&fz_pdev->dev);
		if (device_driver_attach(&pci_stub_driver.driver,
					 &fz_pdev->dev))
			fz_fail("rebinding pci-stub failed");
	}
	if (pcie_flr(fz_pdev))
		fz_fail("pcie_flr failed");
	pci_write_config_word(fz_pdev, PCI_COMMAND, fz_pdev_command);
	set_current(NULL);
	task_exit(t);
}

static bool fz_errno_ok(int op, long ret)
{
	int e;

	if (ret >= 0 || ret < -4095)
		return true;
	e = (int)-ret;
	if (e >= 512)
		fz_fail("%s returned %ld: a kernel-internal errno reached the process",
			op_names[op], ret);
	if (!errset_has(&errsets[op], e))
		fz_fail("%s returned %ld (%s): not in its documented errno set",
			op_names[op], ret, strerror(e));
	return true;
}

static void fz_signal(struct fz_ctx *c)
{
	static const int sigs[] = { SIGUSR1, SIGINT, SIGKILL, SIGUSR1 };
	static const unsigned int delays_us[] = { 0, 10, 100, 1000 };
	const struct fz_insn *in = c->in;
	int sig = PICK(sigs, in->val);

	if (!(in->ctl & FZ_CTL_X1)) {
		send_sig(sig, c->p->task);	/* pending before the next call */
		return;
	}
	pthread_mutex_lock(&sg.lock);
	sg.armed_sig = sig;
	sg.armed_delay_us = PICK(delays_us, in->val >> 8);
	pthread_mutex_unlock(&sg.lock);
}

static void fz_run(const struct fz_insn *prog, int n)
{
	struct fz_ctx c;

	memset(&c, 0, sizeof(c));
	proc_start(&c.procs[0], 0);
	proc_start(&c.procs[1], 1);
	oplog_n = 0;
	for (c.pc = 0; c.pc < n; c.pc++) {
		struct fz_insn in = prog[c.pc];
		long ret;

		in.op %= FZ_NR_OPS;
		c.in = &in;
		c.p = &c.procs[in.ctl & FZ_CTL_PROC];
		oplog[oplog_n % FZ_LOG].in = in;
		oplog[oplog_n % FZ_LOG].proc = in.ctl & FZ_CTL_PROC;
		oplog[oplog_n % FZ_LOG].ret = 0;
		oplog_n++;
		if (in.op == FZ_SIGNAL) {
			fz_signal(&c);
			continue;
		}
		if (in.op == FZ_EXIT) {
			proc_exit(c.p);
			proc_start(c.p, in.ctl & FZ_CTL_PROC);
			continue;
		}
		set_current(c.p->task);
		call_begin(c.p->task);
		ret = fz_exec(&c);
		call_end();
		oplog[(oplog_n - 1) % FZ_LOG].ret = ret;
		if (trace)
			fprintf(stderr, "  #%d p%d %s%s -> %ld\n", c.pc,
				in.ctl & FZ_CTL_PROC, op_names[in.op],
				insn_detail(&in), ret);
		fz_errno_ok(in.op, ret);
		if (report_count_bugs() != base_bugs)
			fz_fail("a report (WARN, lock checker or sanitizer) fired");
		if (fatal_signal_pending(c.p->task)) {
			/* Killed: the process is gone, a new one starts. */
			proc_exit(c.p);
			proc_start(c.p, in.ctl & FZ_CTL_PROC);
		} else {
			flush_signals(c.p->task);	/* its handler ran */
		}
		set_current(NULL);
	}
	proc_exit(&c.procs[0]);
	proc_exit(&c.procs[1]);
	fz_restore_device();
}

static unsigned long free_pages_all(void)
{
	return zone_free_pages(plat, ZONE_NORMAL) +
	       zone_free_pages(plat, ZONE_MOVABLE) +
	       zone_free_pages(plat, ZONE_CMA);
}

/* Everything the processes had must be gone once they have exited. */
static void fz_check_teardown(void)
{
	int tries;

	for (tries = 0; tries < 50; tries++) {
		flush_workqueue(plat->wq);
		rcu_barrier();
		if (free_pages_all() == base_free_pages && !dma_buf_count(plat) &&
		    plat->nr_tasks == base_nr_tasks)
			return;
		usleep(1000);
	}
	fz_fail("teardown leaked: %ld pages, %lu dma-bufs, %d tasks",
		(long)(base_free_pages - free_pages_all()), dma_buf_count(plat),
		plat->nr_tasks - base_nr_tasks);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[320] = "";
	unsigned int i;

	trace = getenv("FUZZ_TRACE") != NULL;
	unmask = getenv("FUZZ_UNMASK") != NULL;
	errsets_init();
	iobuf = calloc(1, FZ_BUF_SIZE);
	fence_info = calloc(FZ_NR_FENCE_INFO, sizeof(*fence_info));
	if (!iobuf || !fence_info)
		abort();
	if (ioctl_at(FZ_IOC_SYNC_SET_DEADLINE)->cmd != SYNC_IOC_SET_DEADLINE ||
	    ioctl_at(FZ_NR_IOC)->cmd != DMA_HEAP_IOCTL_ALLOC ||
	    ioctl_at(FZ_IOC_SW_CREATE_FENCE)->cmd != SW_SYNC_IOC_CREATE_FENCE) {
		fprintf(stderr, "fuzz_uapi: enum fz_ioc is out of date\n");
		abort();
	}
	plat = platform_create_from_string(fuzz_platform_json, err,
					   sizeof(err));
	if (IS_ERR(plat)) {
		fprintf(stderr, "fuzz_uapi: platform: %s\n", err);
		abort();
	}
	fz_pdev = pci_get_by_name(plat, "gpu0");
	if (!fz_pdev || pci_dev_driver(fz_pdev) != &pci_stub_driver) {
		fprintf(stderr, "fuzz_uapi: gpu0 missing or not on pci-stub\n");
		abort();
	}
	pci_read_config_word(fz_pdev, PCI_COMMAND, &fz_pdev_command);
	for (i = 0; i < ARRAY_SIZE(sysfs_fmts); i++)
		snprintf(sysfs_paths[i], sizeof(sysfs_paths[i]), sysfs_fmts[i],
			 pci_name(fz_pdev), pci_name(fz_pdev));
	/* Expected refusals (IOMMU faults) are counted, not printed. */
	report_set_quiet(REPORT_IOMMU_FAULT, true);
	base_free_pages = free_pages_all();
	base_nr_tasks = plat->nr_tasks;
	base_bugs = report_count_bugs();
	if (pthread_create(&sg.thread, NULL, signaller, NULL))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_insn prog[FZ_MAX_INSNS];
	int n = size / FZ_INSN_SIZE;

	if (n > FZ_MAX_INSNS)
		n = FZ_MAX_INSNS;
	memcpy(prog, data, n * FZ_INSN_SIZE);
	fz_run(prog, n);
	fz_check_teardown();
	return 0;
}
