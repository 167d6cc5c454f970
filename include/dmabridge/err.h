/* SPDX-License-Identifier: GPL-2.0 */
/* Error pointers and the kernel-internal errno values userspace lacks. */
#ifndef DMABRIDGE_ERR_H
#define DMABRIDGE_ERR_H

#include <errno.h>
#include <dmabridge/compiler.h>

/**
 * DOC: kernel-internal errno values
 *
 * ERESTARTSYS, ERESTARTNOINTR, ENOIOCTLCMD, EPROBE_DEFER and ENOTSUPP
 * have Linux's values; <errno.h> does not define them. A syscall turns
 * the restart codes into -EINTR when it returns to the simulated process
 * (kernel/entry.c).
 */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ENOIOCTLCMD 515
#define EPROBE_DEFER 517
#define ENOTSUPP 524

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= \
				 (unsigned long)-MAX_ERRNO)

/**
 * ERR_PTR() - an errno as a pointer
 * @error: a negative errno (-MAX_ERRNO..-1)
 *
 * Context: any context.
 * Return: a pointer IS_ERR() recognises.
 */
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

/**
 * PTR_ERR() - the errno an error pointer carries
 * @ptr: a pointer for which IS_ERR() is true
 *
 * Context: any context.
 * Return: the negative errno.
 */
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/**
 * IS_ERR() - is a pointer an error?
 * @ptr: the pointer
 *
 * Context: any context.
 * Return: true if it is in the last MAX_ERRNO addresses.
 */
static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * IS_ERR_OR_NULL() - is a pointer NULL or an error?
 * @ptr: the pointer
 *
 * Context: any context.
 * Return: true if it is either.
 */
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/**
 * ERR_CAST() - an error pointer as another pointer type
 * @ptr: an error pointer
 *
 * Context: any context.
 * Return: @ptr, without its const.
 */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

/**
 * PTR_ERR_OR_ZERO() - the errno of an error pointer, or 0
 * @ptr: the pointer
 *
 * Context: any context.
 * Return: PTR_ERR(@ptr) if IS_ERR(@ptr), else 0.
 */
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif
