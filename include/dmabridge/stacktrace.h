/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call stacks for reports: saved as raw return addresses (cheap), printed
 * symbolized, as Linux's stack_trace_save() and stack_trace_print(). With
 * elfutils' libdw at build time a frame prints as
 * "func+0xoff/0xsize file:line"; without it, or for an address libdw
 * cannot resolve, as "func+0xoff module" for an exported symbol or
 * "module(+0xoff)" (addr2line -f -e module 0xoff names it).
 */
#ifndef DMABRIDGE_STACKTRACE_H
#define DMABRIDGE_STACKTRACE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * stack_trace_save() - save the calling thread's stack
 * @store: where the return addresses go
 * @size: room in @store
 * @skipnr: innermost frames to leave out (the caller's own is frame 0)
 *
 * Context: any thread.
 * Return: the number of addresses stored.
 */
unsigned int stack_trace_save(unsigned long *store, unsigned int size,
			      unsigned int skipnr);
/**
 * stack_trace_print() - print a saved stack, one symbolized frame a line
 * @entries: return addresses
 * @nr_entries: how many
 * @spaces: indentation of each line
 *
 * Lines go through printk() at KERN_CONT's level, i.e. the level of the
 * report being printed (see report_begin()).
 *
 * Context: any thread; takes the symbolizer's lock.
 */
void stack_trace_print(const unsigned long *entries, unsigned int nr_entries,
		       int spaces);
/**
 * sprint_symbol() - one address as "func+0xoff/0xsize file:line"
 * @buf: output
 * @size: room in @buf
 * @addr: a code address
 * @return_address: @addr is a return address (look up @addr - 1, the call)
 *
 * Context: any thread; takes the symbolizer's lock.
 * Return: the length written (as snprintf()).
 */
int sprint_symbol(char *buf, size_t size, unsigned long addr,
		  bool return_address);
/**
 * stack_trace_symbolized() - whether frames get function names, files and
 * lines (dmabridge was built with libdw)
 *
 * Context: any thread.
 * Return: true with libdw.
 */
bool stack_trace_symbolized(void);

#endif
