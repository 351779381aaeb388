#!/usr/bin/env bats
# Guest suite, short: one pass over every path of the module, for the
# kernels of the matrix other than the default (regress/kernels.bats boots
# it on each; make check-kernels runs every full suite there).  Not in
# regress/vm/*.bats, so the default kernel's run of make check skips it:
# the full suites cover it there.  Every test leaves the module loaded
# with its defaults.

load ../common

PARAMS=/sys/module/ktrace/parameters

setup_file() {
	load_module
}

setup() {
	guest_setup smoke 777
}

teardown() {
	kill_bg
	[ ! -w $PARAMS/fault_stall_ms ] || echo 0 >$PARAMS/fault_stall_ms
	ktrace -C 2>/dev/null || true
	load_module
	rm -rf "$T"
}

@test "the module is the one built for this kernel" {
	[ "$(modinfo -F vermagic "$KTRACE_KO" | cut -d' ' -f1)" = "$(uname -r)" ]
	[ -c /dev/ktrace ]
}

@test "ktrace -di of a shell and its children: every point, nothing lost" {
	ktrace -di -f "$T/k.out" sh -c 'echo hi >"$0"/f; cat "$0"/f; true' "$T" \
	    >/dev/null
	run -0 kdump -f "$T/k.out"
	grep -q ' cat *NAMI  "'"$T"'/f"$' <<<"$output"
	grep -q ' cat *GIO   fd 1 wrote 3 bytes$' <<<"$output"
	grep -q ' cat *CALL  exit_group(0)$' <<<"$output"
	run -0 kdump --stats -f "$T/k.out"
	grep -qx 'records lost: 0' <<<"$output"
}

@test "a program that outruns a slow writer waits for it and loses nothing" {
	rmmod ktrace
	insmod "$KTRACE_KO" bufsize=131072
	echo 20 >$PARAMS/fault_stall_ms
	run -0 "$PROGS/dropper" "$T/d.out" 30000
	echo 0 >$PARAMS/fault_stall_ms
	echo "$output"
	[ "$(field written)" -eq 30003 ]
	[ "$(field lost)" -eq 0 ]
	[ "$(field waits)" -gt 0 ]
	[ "$(field timeouts)" -eq 0 ]
	rmmod ktrace
	insmod "$KTRACE_KO"
}

@test "a user traces its own children and stops them by their file (CLEARFILE)" {
	# The loop counts its rounds in $T/n, one line each.
	"${as_nobody[@]}" ktrace -i -t c -f "$T/u.out" sh -c \
	    'while [ ! -e "$0"/stop ]; do /bin/true; echo >>"$0"/n; done' "$T" &
	bg=$!
	for ((i = 0; i < 400; i++)); do
		[ "$(kdump -f "$T/u.out" 2>/dev/null | grep -c ' true *RET   execve 0$')" -ge 2 ] &&
		    break
		sleep 0.05
	done
	run -0 "${as_nobody[@]}" ktrace -c -f "$T/u.out"
	c0=$(wc -l <"$T/n")
	# 20 more rounds, untraced.
	for ((i = 0; i < 400; i++)); do
		[ "$(wc -l <"$T/n")" -ge $((c0 + 20)) ] && break
		sleep 0.05
	done
	touch "$T/stop"
	wait "$bg"
	bg=
	n=$(kdump -f "$T/u.out" | grep -c ' true *RET   execve 0$')
	echo "execve traced: $n; rounds at the clear: $c0, in all: $(wc -l <"$T/n")"
	[ "$(wc -l <"$T/n")" -ge $((c0 + 20)) ]
	[ "$n" -ge 2 ]
	# Each round's up to the clear (one may be under way).
	[ "$n" -le $((c0 + 1)) ]
}

@test "the flight recorder of every process, a snapshot, and its stop" {
	ktrace -b -t c
	/bin/echo flight-smoke >/dev/null
	run -0 ktrace -R -f "$T/r.out"
	run -0 ktrace -S
	echo "$output"
	ktrace -c -b
	run -0 kdump -f "$T/r.out"
	grep -q ' echo *CALL  write(1,' <<<"$output"
	grep -q ' WIN .*cpu 0 ' <<<"$output"
}

@test "rmmod while a process is traced: the process goes on, the file is whole" {
	ktrace -t c -f "$T/m.out" sh -c 'while [ ! -e "$0"/stop ]; do :; done' "$T" &
	bg=$!
	wait_for_bytes "$T/m.out" 1
	rmmod ktrace
	touch "$T/stop"
	wait "$bg"
	bg=
	run -0 kdump -f "$T/m.out"
	insmod "$KTRACE_KO"
}
