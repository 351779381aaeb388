# The C flags of the project's userland, its one place: libktrace, the
# commands, the test helpers and the benchmark's workloads include it.

# The language and the warnings, which a build that sets CFLAGS keeps.
CWARN	= -std=c11 -Wall -Wextra -Werror
CFLAGS	?= -O2 -g
CFLAGS	+= $(CWARN)

# For rules that compile objects: each .o gets a .d listing the headers
# it includes, so that a header change rebuilds exactly what uses it
# (-MP: a header removed is no error).  Include mk/hdrdeps.mk after the
# object list.
DEPFLAGS = -MMD -MP
