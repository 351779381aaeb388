# Rules for a command built over libktrace: include after mk/prog.mk and
# after setting PROG and SRCS.

OBJS	= $(SRCS:.c=.o)

all: $(PROG)

$(PROG): $(OBJS) $(LIBDIR)/libktrace.a
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBDIR)/libktrace.a $(LDLIBS)

# Normally built first by the top-level make; built here if missing.
$(LIBDIR)/libktrace.a:
	$(MAKE) -C $(LIBDIR)

include $(TOP)/mk/hdrdeps.mk
$(PROG).o: $(TOP)/VERSION

clean:
	rm -f $(PROG) $(OBJS) $(OBJS:.o=.d)

.PHONY: all clean
