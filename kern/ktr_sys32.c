// SPDX-License-Identifier: GPL-2.0
/*
 * What an i386 call of a 32-bit task leaves behind besides its result:
 * GENIO and STRUCT sockaddr for the calls that have their own i386
 * numbers, and ARGS after an exec.  Not recorded: the calls multiplexed
 * through socketcall(2), and struct stat, whose i386 layouts kdump does
 * not decode.  After an exec the number and ABI are the new program's
 * (the kernel rewrites both), so ARGS follows either way.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <asm/unistd.h>

#include "ktr.h"

#ifdef CONFIG_IA32_EMULATION
void ktr_sys_exit_extra_ia32(struct ktr_proc *p, int nr, long ret,
			     const unsigned long *a)
{
	u32 facs = READ_ONCE(p->facs);
	bool ok = !IS_ERR_VALUE(ret);

	if ((facs & KTRFAC_GENIO) && ok) {
		switch (nr) {
		case __NR_ia32_read: case __NR_ia32_pread64:
		case __NR_ia32_recvfrom:
			ktr_put_genio(p, a[0], KTR_UIO_READ, a[1], ret);
			break;
		case __NR_ia32_write: case __NR_ia32_pwrite64:
		case __NR_ia32_sendto:
			ktr_put_genio(p, a[0], KTR_UIO_WRITE, a[1], ret);
			break;
		case __NR_ia32_readv: case __NR_ia32_preadv:
		case __NR_ia32_preadv2:
			ktr_put_genio_iov(p, a[0], KTR_UIO_READ, a[1], a[2], ret,
					  true);
			break;
		case __NR_ia32_writev: case __NR_ia32_pwritev:
		case __NR_ia32_pwritev2:
			ktr_put_genio_iov(p, a[0], KTR_UIO_WRITE, a[1], a[2], ret,
					  true);
			break;
		case __NR_ia32_recvmsg:
			ktr_put_genio_msg(p, a[0], KTR_UIO_READ, a[1], ret, true);
			break;
		case __NR_ia32_sendmsg:
			ktr_put_genio_msg(p, a[0], KTR_UIO_WRITE, a[1], ret, true);
			break;
		}
	}
	if (facs & KTRFAC_STRUCT) {
		switch (nr) {
		case __NR_ia32_connect: case __NR_ia32_bind:
			ktr_put_sockaddr(p, a[1], a[2]);
			break;
		case __NR_ia32_sendto:
			ktr_put_sockaddr(p, a[4], a[5]);
			break;
		case __NR_ia32_accept4:
		case __NR_ia32_getsockname: case __NR_ia32_getpeername:
			if (ok)
				ktr_put_sockaddr_ret(p, a[1], a[2]);
			break;
		case __NR_ia32_recvfrom:
			if (ok)
				ktr_put_sockaddr_ret(p, a[4], a[5]);
			break;
		}
	}
	if ((facs & (KTRFAC_SYSCALL | KTRFAC_ARGS)) && ok &&
	    (nr == __NR_ia32_execve || nr == __NR_ia32_execveat))
		ktr_put_args(p);
}
#endif
