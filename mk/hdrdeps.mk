# Header dependencies of $(OBJS), as the compiler found them (mk/flags.mk's
# DEPFLAGS).  Objects built before the .d files existed, or under other
# flags, are rebuilt once: they depend on the flags' makefiles.

$(OBJS): CFLAGS += $(DEPFLAGS)
$(OBJS): $(TOP)/mk/flags.mk
-include $(OBJS:.o=.d)
