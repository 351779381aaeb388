# Flags shared by the programs built over libktrace and libbsd
# (usr.bin/ktrace, usr.bin/kdump, regress/tools, regress/progs). Set TOP
# first; commands then include mk/prog-rules.mk.

LIBDIR	= $(TOP)/lib/libktrace

include $(TOP)/mk/flags.mk
CPPFLAGS += -D_DEFAULT_SOURCE -DLIBBSD_OPENBSD_VIS -I$(TOP)/sys -I$(LIBDIR) \
	$(shell pkg-config --cflags libbsd-overlay)
LDLIBS	+= $(shell pkg-config --libs libbsd-overlay)
# The project's version (VERSION, its one place), for the commands' -V.
KTRACE_VERSION := $(shell cat $(TOP)/VERSION)
CPPFLAGS += -DKTRACE_VERSION='"$(KTRACE_VERSION)"'
