// SPDX-License-Identifier: GPL-2.0
/*
 * Saving and printing call stacks for reports (Linux's stack_trace_save()
 * and stack_trace_print()). Saving is backtrace(): a few hundred
 * nanoseconds, only on paths that report or keep a stack for a later
 * report. Symbolizing is elfutils' libdw over this process's mappings
 * (dwfl_linux_proc_report), done only when a report prints. Without
 * libdw at build time, or for an address it cannot place, frames print
 * as dladdr() sees them: "func+0xoff module" or "module(+0xoff)".
 */
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <dmb_config.h>
#include <dmabridge/printk.h>
#include <dmabridge/stacktrace.h>
#if DMB_HAVE_LIBDW
#include <elfutils/libdwfl.h>
#endif

unsigned int stack_trace_save(unsigned long *store, unsigned int size,
			      unsigned int skipnr)
{
	void *ret = __builtin_return_address(0);
	void *frames[64];
	unsigned int out = 0;
	int n, i;

	n = backtrace(frames, ARRAY_SIZE(frames));
	/*
	 * Start at our caller: the frame returning to it. Under ASan and
	 * TSan backtrace() is intercepted and adds a frame of its own.
	 */
	for (i = 0; i < n && frames[i] != ret; i++)
		;
	if (i == n)
		i = 1;
	for (i += (int)skipnr; i < n && out < size; i++)
		store[out++] = (unsigned long)frames[i];
	return out;
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : path ? path : "?";
}

/* Without debug information: what the dynamic linker knows. */
static int sprint_dladdr(char *buf, size_t size, unsigned long addr,
			 unsigned long lookup)
{
	Dl_info info;

	if (!dladdr((void *)lookup, &info) || !info.dli_fname)
		return snprintf(buf, size, "%#lx", addr);
	if (info.dli_sname && info.dli_saddr)
		return snprintf(buf, size, "%s+%#lx %s", info.dli_sname,
				addr - (unsigned long)info.dli_saddr,
				base_name(info.dli_fname));
	return snprintf(buf, size, "%s(+%#lx)", base_name(info.dli_fname),
			addr - (unsigned long)info.dli_fbase);
}

static pthread_mutex_t sym_lock = PTHREAD_MUTEX_INITIALIZER;

#if DMB_HAVE_LIBDW
/* "../kernel/report.c" -> "kernel/report.c": paths as Linux prints them. */
static const char *short_path(const char *path)
{
	const char *p;

	if (!path)
		return NULL;
	p = strstr(path, "/../");
	if (p)
		return short_path(p + 4);
	while (!strncmp(path, "../", 3) || !strncmp(path, "./", 2))
		path += path[1] == '/' ? 2 : 3;
	return path;
}

static Dwfl *sym_dwfl; /* under sym_lock */
static char *sym_debuginfo_path;

static const Dwfl_Callbacks sym_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &sym_debuginfo_path,
};

/* (Re)read this process's mappings: libraries may have been loaded since. */
static bool sym_report(void)
{
	if (!sym_dwfl)
		sym_dwfl = dwfl_begin(&sym_callbacks);
	if (!sym_dwfl)
		return false;
	dwfl_report_begin(sym_dwfl);
	if (dwfl_linux_proc_report(sym_dwfl, getpid())) {
		dwfl_report_end(sym_dwfl, NULL, NULL);
		return false;
	}
	return !dwfl_report_end(sym_dwfl, NULL, NULL);
}

static Dwfl_Module *sym_module(unsigned long pc)
{
	Dwfl_Module *mod;

	if (!sym_dwfl && !sym_report())
		return NULL;
	mod = dwfl_addrmodule(sym_dwfl, pc);
	if (!mod && sym_report())
		mod = dwfl_addrmodule(sym_dwfl, pc);
	return mod;
}

static int sprint_dwfl(char *buf, size_t size, unsigned long addr,
		       unsigned long pc)
{
	Dwfl_Module *mod = sym_module(pc);
	const char *name, *file = NULL;
	GElf_Off off;
	GElf_Sym sym;
	Dwfl_Line *line;
	int lineno = 0, w;

	if (!mod)
		return -1;
	name = dwfl_module_addrinfo(mod, pc, &off, &sym, NULL, NULL, NULL);
	if (!name)
		return -1;
	/* Offsets from the return address itself, as Linux prints them. */
	off += addr - pc;
	line = dwfl_module_getsrc(mod, pc);
	if (line)
		file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);
	if (file)
		w = snprintf(buf, size, "%s+%#llx/%#llx %s:%d", name,
			     (unsigned long long)off,
			     (unsigned long long)sym.st_size, short_path(file),
			     lineno);
	else
		w = snprintf(
			buf, size, "%s+%#llx/%#llx [%s]", name,
			(unsigned long long)off,
			(unsigned long long)sym.st_size,
			base_name(dwfl_module_info(mod, NULL, NULL, NULL, NULL,
						   NULL, NULL, NULL)));
	return w;
}
#endif

bool stack_trace_symbolized(void)
{
	return DMB_HAVE_LIBDW;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr,
		  bool return_address)
{
	/* A return address points after the call: look the call up. */
	unsigned long pc = return_address && addr ? addr - 1 : addr;
	int w = -1;

	pthread_mutex_lock(&sym_lock);
#if DMB_HAVE_LIBDW
	w = sprint_dwfl(buf, size, addr, pc);
#endif
	if (w < 0)
		w = sprint_dladdr(buf, size, addr, pc);
	pthread_mutex_unlock(&sym_lock);
	return w;
}

void stack_trace_print(const unsigned long *entries, unsigned int nr_entries,
		       int spaces)
{
	char sym[512];
	unsigned int i;

	if (!nr_entries) {
		printk("%*s(no stack recorded)\n", spaces, "");
		return;
	}
	for (i = 0; i < nr_entries; i++) {
		sprint_symbol(sym, sizeof(sym), entries[i], true);
		printk("%*s%s\n", spaces, "", sym);
	}
}
