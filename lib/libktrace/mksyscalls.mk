# mksyscalls' inputs and options, one set for libktrace's gen_syscalls.c
# (Makefile here) and the module's ktr_systab.h (kern/Makefile, which
# DKMS runs from its copy of this directory).  Include it after defining
# kfile, which gives a kernel header's path; run mksyscalls from this
# directory with $(call mksyscalls_opts,UNISTD_64,UNISTD_32), whose
# syscall numbers are the C library's uapi headers for userland, the
# kernel's own for the module.

MKSYSCALLS_DIR	:= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

# The kernel's number -> entry point tables, its prototypes and its
# configuration.
ENTRIES_64	:= $(call kfile,arch/x86/include/generated/asm/syscalls_64.h)
ENTRIES_32	:= $(call kfile,arch/x86/include/generated/asm/syscalls_32.h)
SYSCALLS_H	:= $(call kfile,include/linux/syscalls.h)
GENERIC_H	:= $(call kfile,include/asm-generic/syscalls.h)
COMPAT_H	:= $(call kfile,include/linux/compat.h)
AUTOCONF_H	:= $(call kfile,include/generated/autoconf.h)
MKSYSCALLS_HDRS	:= $(ENTRIES_64) $(ENTRIES_32) $(SYSCALLS_H) $(GENERIC_H) \
		   $(COMPAT_H) $(AUTOCONF_H)

# What a table depends on besides the unistd headers.
MKSYSCALLS_IN	:= $(addprefix $(MKSYSCALLS_DIR)/,mksyscalls cheader.py \
		   syscalls_x86.args mksyscalls.mk) $(MKSYSCALLS_HDRS)

mksyscalls_opts	= --abi x86_64=$(1):$(ENTRIES_64) --abi i386=$(2):$(ENTRIES_32) \
	--proto $(SYSCALLS_H) --proto $(GENERIC_H) --proto $(COMPAT_H) \
	--config $(AUTOCONF_H) --arch-args syscalls_x86.args
