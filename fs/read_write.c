// SPDX-License-Identifier: GPL-2.0
/*
 * read, write, pread64 and pwrite64 for simulated processes. Their buffers
 * are host memory, like every syscall argument here (uaccess.h); the file's
 * ->read and ->write do the work. Positioned I/O needs a seekable file
 * (-ESPIPE otherwise) and never moves f_pos; plain read and write use and
 * advance f_pos under f_pos_lock, as Linux does for regular files.
 */
#include <dmabridge/syscalls.h>
#include <dmabridge/sched.h>
#include <dmabridge/err.h>
#include <dmabridge/hw.h>

/* Linux caps one read or write at this many bytes (MAX_RW_COUNT). */
#define MAX_RW_COUNT (INT32_MAX & PAGE_MASK)

static ssize_t rw_verify(struct file *file, const void *buf, size_t count,
			 bool write)
{
	fmode_t need = write ? FMODE_WRITE : FMODE_READ;

	if (!(file->f_mode & need))
		return -EBADF;
	if (write ? !file->f_op->write : !file->f_op->read)
		return -EINVAL;
	if (count && (!buf || (uintptr_t)buf < PAGE_SIZE))
		return -EFAULT;
	return 0;
}

static ssize_t do_rw(int fd, char *buf, size_t count, loff_t *ppos,
		     bool write)
{
	struct file *file;
	loff_t pos;
	ssize_t ret;

	if (fd < 0)
		return -EBADF;
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = rw_verify(file, buf, count, write);
	if (ret)
		goto out;
	if (ppos && (!(file->f_mode & FMODE_LSEEK) || !file->f_op->llseek)) {
		ret = -ESPIPE;
		goto out;
	}
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	/* rw_verify_area(): no negative position, no position + count past
	 * the largest loff_t; checked again at f_pos below. */
	if (ppos && (*ppos < 0 || (loff_t)(*ppos + count) < 0)) {
		ret = -EINVAL;
		goto out;
	}
	if (!count)
		goto out;
	if (ppos) {
		pos = *ppos;
		ret = write ? file->f_op->write(file, buf, count, &pos) :
			      file->f_op->read(file, buf, count, &pos);
		goto out;
	}
	mutex_lock(&file->f_pos_lock);
	pos = file->f_pos;
	if (pos < 0 || (loff_t)(pos + count) < 0)
		ret = -EINVAL;
	else
		ret = write ? file->f_op->write(file, buf, count, &pos) :
		      file->f_op->read(file, buf, count, &pos);
	if (ret > 0)
		file->f_pos = pos;
	mutex_unlock(&file->f_pos_lock);
out:
	fput(file);
	return syscall_exit(ret);
}

ssize_t sys_read(int fd, void *buf, size_t count)
{
	return do_rw(fd, buf, count, NULL, false);
}

ssize_t sys_write(int fd, const void *buf, size_t count)
{
	return do_rw(fd, (char *)buf, count, NULL, true);
}

ssize_t sys_pread64(int fd, void *buf, size_t count, loff_t pos)
{
	return do_rw(fd, buf, count, &pos, false);
}

ssize_t sys_pwrite64(int fd, const void *buf, size_t count, loff_t pos)
{
	return do_rw(fd, (char *)buf, count, &pos, true);
}
