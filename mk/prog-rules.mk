# Rules for a command built over libktrace: include after mk/prog.mk and
# after setting PROG and SRCS (and HDRS, its private headers, if any).

OBJS	= $(SRCS:.c=.o)

all: $(PROG)

$(PROG): $(OBJS) $(LIBDIR)/libktrace.a
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBDIR)/libktrace.a $(LDLIBS)

# Normally built first by the top-level make; built here if missing.
$(LIBDIR)/libktrace.a:
	$(MAKE) -C $(LIBDIR)

$(OBJS): $(HDRS) $(LIBDIR)/libktrace.h $(TOP)/sys/sys/ktrace.h
$(PROG).o: $(TOP)/VERSION

clean:
	rm -f $(PROG) $(OBJS)

.PHONY: all clean
