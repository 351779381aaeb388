# shellcheck shell=bash
# The peers' recording options, sourced by run-guest and exact, so that
# the timed tables and the exact ones measure the same configuration.
# Each records syscall entry with its arguments and exit with its
# return value, with 4 MiB of buffer a CPU as ktrace's rings have; the
# callers add what to record (a command, -p or -P PID) and where (-o).
# LTTng's session is lttng.bash's.

# perf record: the raw_syscalls tracepoints, 4 MiB of mmap'ed ring a
# CPU, no build ids (-B -N: they are read at exit, and cost seconds).
# shellcheck disable=SC2034 # used by the scripts that source this
perf_record_opts=(-q -B -N -m 4M -e raw_syscalls:sys_enter
	-e raw_syscalls:sys_exit)

# trace-cmd record: the raw_syscalls events, ftrace's ring buffer at
# 4096 KiB a CPU.
# shellcheck disable=SC2034
tracecmd_opts=(-e raw_syscalls -b 4096)
