/* SPDX-License-Identifier: BSD-2-Clause */
/* Internal: the generated syscall tables (gen_syscalls.c, mksyscalls). */
#ifndef _SYSENT_H_
#define _SYSENT_H_

struct ktr_sysent {
	const char *name;	/* NULL: no syscall has this number */
	int	nargs;
};

extern const struct ktr_sysent ktr_sysent_x86_64[];
extern const int ktr_nsysent_x86_64;
extern const struct ktr_sysent ktr_sysent_i386[];
extern const int ktr_nsysent_i386;

#endif /* !_SYSENT_H_ */
